using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SiteGen.Tests.Quality;

/// <summary>What a reader, crawler or script could get out of an output file: its bytes, decompressed
/// when gzip (Pagefind's index, fragments and metadata are gzip), and the text in every encoding a
/// value can hide behind (HTML/XML entities, JSON \u escapes, percent-encoding, folded iCal lines).</summary>
public static partial class OutputText
{
    public static bool IsGzip(byte[] bytes) => bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    /// <summary>The file's bytes, decompressed (repeatedly) while they are gzip.</summary>
    public static byte[] Decompressed(byte[] bytes)
    {
        while (IsGzip(bytes))
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            bytes = plain.ToArray();
        }
        return bytes;
    }

    /// <summary>Lower-cased views of a text: as written, unfolded, entity-decoded, JSON-unescaped, percent-decoded.</summary>
    public static IReadOnlyList<string> Views(string text)
    {
        var unfolded = FoldedLine().Replace(text, "");
        var entities = WebUtility.HtmlDecode(WebUtility.HtmlDecode(unfolded));
        var json = JsonEscape().Replace(unfolded, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString()).Replace("\\/", "/");
        var percent = PercentDecode(entities);
        return new[] { text, unfolded, entities, json, percent }
            .Select(v => v.ToLowerInvariant()).Distinct().ToList();
    }

    public static string PercentDecode(string text)
    {
        try { return Uri.UnescapeDataString(text.Replace('+', ' ')); }
        catch (UriFormatException) { return text; }
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    // RFC 5545 folds long lines as CRLF followed by one space or tab.
    [GeneratedRegex(@"\r?\n[ \t]")]
    private static partial Regex FoldedLine();

    [GeneratedRegex(@"\\u([0-9a-fA-F]{4})")]
    private static partial Regex JsonEscape();
}

/// <summary>One output file as the leak scan sees it.</summary>
public sealed record ScannedFile(string Relative, bool WasGzip, IReadOnlyList<string> NameViews, IReadOnlyList<string> TextViews);

/// <summary>Gate 5: reads every output file (decompressed) and its name, and finds a secret pattern in any view.</summary>
public static class LeakScanner
{
    public static IReadOnlyList<ScannedFile> Read(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(path =>
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            var bytes = File.ReadAllBytes(path);
            var plain = OutputText.Decompressed(bytes);
            return new ScannedFile(relative, OutputText.IsGzip(bytes),
                OutputText.Views(relative), OutputText.Views(OutputText.Utf8(plain)));
        }).ToList();

    /// <summary>"file: where: match" for every file whose name or content matches.</summary>
    public static IReadOnlyList<string> Leaks(IEnumerable<ScannedFile> files, Regex secret)
    {
        var found = new List<string>();
        foreach (var f in files)
        {
            if (f.NameViews.Select(v => secret.Match(v)).FirstOrDefault(m => m.Success) is { } name)
                found.Add($"{f.Relative}: file name/URL: {name.Value}");
            foreach (var view in f.TextViews)
                if (secret.Match(view) is { Success: true } m)
                {
                    var from = Math.Max(0, m.Index - 60);
                    found.Add($"{f.Relative}{(f.WasGzip ? " (gzip)" : "")}: content: …{view.Substring(from, Math.Min(view.Length - from, 140)).ReplaceLineEndings(" ")}…");
                    break;
                }
        }
        return found;
    }
}

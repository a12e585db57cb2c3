using SiteGen.Content;
using YamlDotNet.RepresentationModel;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>Collects the diagnostics of one file and maps YAML marks and text offsets to file positions.</summary>
internal sealed class Report(string displayPath, SourceText? source = null, int yamlFirstLine = 1)
{
    public string File { get; } = displayPath;
    public List<Diagnostic> Diagnostics { get; } = [];
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public void Error(string code, Pos at, string message) =>
        Diagnostics.Add(new Diagnostic(code, Severity.Error, File, at.Line, at.Column, message));

    public void Warning(string code, Pos at, string message) =>
        Diagnostics.Add(new Diagnostic(code, Severity.Warning, File, at.Line, at.Column, message));

    /// <summary>File position of a YAML node (YamlDotNet marks are 1-based and relative to the YAML text).</summary>
    public Pos At(YamlNode node) => new(
        (int)Math.Clamp(node.Start.Line + yamlFirstLine - 1, 1, int.MaxValue),
        (int)Math.Clamp(node.Start.Column, 1, int.MaxValue));

    public Pos AtYaml(int line, int column) => new(Math.Max(1, line + yamlFirstLine - 1), Math.Max(1, column));

    public Pos AtOffset(int offset) => source?.At(offset) ?? Pos.Start;

    public SourceText? Source => source;

    /// <summary>The meeting this file claims (udvalg, dato), and where a duplicate error would go. Files are
    /// checked in parallel, so duplicates are decided afterwards, in file order (see Validator).</summary>
    public MeetingClaim? Claim { get; set; }
    public int YamlFirstLine => yamlFirstLine;

    /// <summary>The attachment files looked up for this file, in order (see <see cref="FileCheck.Attachments"/>).
    /// </summary>
    public List<AttachmentLookup> Attachments { get; } = [];
}

/// <summary>Edit-distance suggestions for typos in keys, names and headings.</summary>
public static class Suggest
{
    public static string? Nearest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var a = input.ToLowerInvariant();
        foreach (var c in candidates)
        {
            var d = Distance(a, c.ToLowerInvariant());
            if (d < bestDistance) { best = c; bestDistance = d; }
        }
        if (best is null) return null;
        var limit = Math.Max(2, Math.Max(best.Length, input.Length) / 3);
        return bestDistance <= limit ? best : null;
    }

    /// <summary>" Mente du 'x'?" or, without a close match, the list of allowed values.</summary>
    public static string Hint(string input, IReadOnlyCollection<string> candidates, string listLabel = "Tilladt er")
    {
        var near = Nearest(input, candidates);
        return near is not null
            ? $" Mente du '{near}'?"
            : $" {listLabel}: {string.Join(", ", candidates.Select(c => $"'{c}'"))}.";
    }

    public static int Distance(string a, string b)
    {
        if (a.Length > 200 || b.Length > 200) return Math.Max(a.Length, b.Length);
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}

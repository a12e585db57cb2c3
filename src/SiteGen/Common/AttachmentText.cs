using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace SiteGen.Common;

/// <summary>Why an attachment's text is missing or incomplete. <see cref="None"/>: all of it was read.</summary>
public enum TextProblem { None, Unreadable, Encrypted, NoText, Truncated, TooLarge }

/// <summary>The text of one page of an attachment file (a text file is one page).</summary>
public sealed record TextPage(int Nr, string Text);

/// <summary>The text of one open attachment file, as read once per build: the personal-data check (Validation)
/// and the attachment search index (Search) both use it.</summary>
/// <param name="SourcePath">full path of the input file</param>
/// <param name="IsPdf">pages are PDF pages (else the file is plain text, one page, lines as written)</param>
/// <param name="Detail">what went wrong, for the message (no file content)</param>
public sealed record AttachmentText(
    string SourcePath, bool IsPdf, ImmutableArray<TextPage> Pages, TextProblem Problem, string Detail = "")
{
    public bool HasText => Pages.Any(p => p.Text.Length > 0);
}

/// <summary>Reads the text of attachment files, bounded per file: the caller passes only files that will be
/// published (Publishing's open attachments); this class never decides what is open.</summary>
public static class AttachmentTexts
{
    /// <summary>A PDF larger than this is not read (copied and published as always, but not searchable).</summary>
    public const long MaxPdfBytes = 30L * 1024 * 1024;

    /// <summary>A text attachment (.txt, .csv) larger than this is not read.</summary>
    public const long MaxTextBytes = 5L * 1024 * 1024;

    /// <summary>Pages read per PDF; later pages are left out (<see cref="TextProblem.Truncated"/>).</summary>
    public const int MaxPages = 300;

    /// <summary>Characters kept per file (about 250 pages of dense text).</summary>
    public const int MaxChars = 1_000_000;

    /// <summary>Time per PDF, checked after each page: reading stops at the first page that ends later.</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(10);

    /// <summary>Kinds of file whose text is read: PDF and plain text. Office files and images are not (stated in
    /// docs/search.md).</summary>
    public static bool IsReadable(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".pdf" or ".txt" or ".csv";

    /// <summary>The text of every readable file in <paramref name="sourcePaths"/> (full paths under
    /// <paramref name="inputRoot"/>), in the order given, read in parallel.</summary>
    public static ImmutableArray<AttachmentText> ReadAll(string inputRoot, IEnumerable<string> sourcePaths)
    {
        var files = sourcePaths.Where(IsReadable).Distinct(StringComparer.Ordinal).ToArray();
        var texts = new AttachmentText[files.Length];
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => texts[i] = Read(inputRoot, files[i]));
        return [.. texts];
    }

    public static AttachmentText Read(string inputRoot, string full)
    {
        var pdf = Path.GetExtension(full).Equals(".pdf", StringComparison.OrdinalIgnoreCase);
        var (bytes, refusal) = InputFiles.Read(inputRoot, full, pdf ? MaxPdfBytes : MaxTextBytes);
        if (bytes is null)
            return refusal!.Problem == InputProblem.TooLarge
                ? new AttachmentText(full, pdf, [], TextProblem.TooLarge,
                    InputFiles.Megabytes(pdf ? MaxPdfBytes : MaxTextBytes))
                : new AttachmentText(full, pdf, [], TextProblem.Unreadable, refusal!.Detail);
        return pdf ? FromPdf(full, bytes) : FromText(full, bytes);
    }

    private static AttachmentText FromText(string full, byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(bytes); // older Danish text files are Windows-1252/Latin-1
        }
        if (text.StartsWith('\uFEFF')) text = text[1..];
        var truncated = text.Length > MaxChars;
        if (truncated) text = text[..MaxChars];
        text = Clean(text, keepLines: true);
        return new AttachmentText(full, false, [new TextPage(1, text)],
            truncated ? TextProblem.Truncated : text.Trim().Length == 0 ? TextProblem.NoText : TextProblem.None);
    }

    private static AttachmentText FromPdf(string full, byte[] bytes)
    {
        var clock = Stopwatch.StartNew();
        var pages = ImmutableArray.CreateBuilder<TextPage>();
        var chars = 0;
        try
        {
            using var document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true });
            var count = document.NumberOfPages;
            var problem = TextProblem.None;
            var detail = "";
            for (var nr = 1; nr <= count; nr++)
            {
                if (nr > MaxPages) { (problem, detail) = (TextProblem.Truncated, $"{MaxPages} sider"); break; }
                if (clock.Elapsed > MaxTime)
                {
                    (problem, detail) = (TextProblem.Truncated, $"{MaxTime.TotalSeconds:0} sekunder");
                    break;
                }
                var page = document.GetPage(nr);
                var text = Clean(string.Join(' ', page.GetWords().Select(w => w.Text)), keepLines: false);
                if (chars + text.Length > MaxChars)
                {
                    pages.Add(new TextPage(nr, text[..(MaxChars - chars)]));
                    (problem, detail) = (TextProblem.Truncated, $"{MaxChars:N0} tegn".Replace(',', '.'));
                    break;
                }
                chars += text.Length;
                pages.Add(new TextPage(nr, text));
            }
            var result = new AttachmentText(full, true, pages.ToImmutable(), problem, detail);
            return problem == TextProblem.None && !result.HasText ? result with { Problem = TextProblem.NoText } : result;
        }
        catch (PdfDocumentEncryptedException)
        {
            return new AttachmentText(full, true, [], TextProblem.Encrypted);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PdfPig throws many kinds of exception on broken files; any of them means "cannot be read", never
            // a failed build.
            return new AttachmentText(full, true, [], TextProblem.Unreadable, ex.GetType().Name);
        }
    }

    /// <summary>Control characters (and, for PDF text, line breaks) as spaces: the text goes into HTML records
    /// and diagnostics, where they have no business.</summary>
    private static string Clean(string text, bool keepLines)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\n' && keepLines) sb.Append('\n');
            else if (char.IsControl(c) || c is '\uFFFE' or '\uFFFF' or '\u2028' or '\u2029') sb.Append(' ');
            else sb.Append(c);
        }
        return sb.ToString();
    }
}

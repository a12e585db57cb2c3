using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using SiteGen.Content;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>Personal-data and raw-HTML checks on text that will be published.</summary>
internal static class TextChecks
{
    /// <summary>Scans text that starts at <paramref name="offset"/> in the file.</summary>
    public static void ScanFileText(Report r, string text, int offset, string where) =>
        ScanFileText(r, text, offset, where, static w => w);

    /// <summary>As above; the description is only built when something is found (most texts have nothing).</summary>
    public static void ScanFileText<T>(Report r, string text, int offset, T state, Func<T, string> where)
    {
        string? description = null;
        foreach (var hit in PersonalData.Find(text))
            Report(r, hit, r.AtOffset(offset + hit.Index), description ??= where(state));
    }

    /// <summary>Scans a YAML scalar, pointing at the exact line and column where it can be found in the file.</summary>
    public static void ScanScalar(Report r, YamlScalarNode node, string where)
    {
        var value = node.Value ?? "";
        foreach (var hit in PersonalData.Find(value)) Report(r, hit, Locate(r, node, value, hit.Index, hit.Text),
            where);
    }

    private static void Report(Report r, PersonalDataHit hit, Pos at, string where)
    {
        switch (hit.Kind)
        {
            case PersonalDataKind.Cpr:
                r.Error(Codes.Cpr, at, $"{where} indeholder noget, der ligner et CPR-nummer ('{Mask(hit.Text)}'). " +
                    "CPR-numre må aldrig offentliggøres: slet det.");
                break;
            case PersonalDataKind.Email:
                r.Warning(Codes.Email, at, $"{where} indeholder en e-mailadresse ('{hit.Text}'), som vil blive " +
                    "offentliggjort. Slet den, medmindre den skal være offentlig.");
                break;
            case PersonalDataKind.Phone:
                r.Warning(Codes.Phone, at, $"{where} indeholder noget, der ligner et telefonnummer " +
                    $"('{hit.Text}'), som vil blive offentliggjort. Slet det, medmindre det skal være offentligt.");
                break;
        }
    }

    // Don't repeat a CPR number in full in logs.
    internal static string Mask(string cpr) => cpr.Length > 4 ? cpr[..^4] + "xxxx" : cpr;

    private static Pos Locate(Report r, YamlScalarNode node, string value, int index, string found)
    {
        var start = r.At(node);
        if (r.Source is not { } src) return start;
        var k = value.AsSpan(0, index).Count('\n');
        var block = node.Style is ScalarStyle.Literal or ScalarStyle.Folded;
        // Search a few lines from where the value line should be (folded/multi-line scalars shift lines).
        var firstLine = start.Line + (block ? 1 : 0) + k;
        for (var line = firstLine; line <= firstLine + 3; line++)
        {
            var lineStart = src.Lines.LineStart(line);
            if (src.At(lineStart).Line != line) break;
            var lineEnd = src.Text.IndexOf('\n', lineStart);
            var text = lineEnd < 0 ? src.Text[lineStart..] : src.Text[lineStart..lineEnd];
            var from = line == start.Line ? Math.Min(start.Column - 1, text.Length) : 0;
            var col = text.IndexOf(found, from, StringComparison.Ordinal);
            if (col >= 0) return new Pos(line, col + 1);
        }
        return start;
    }

    /// <summary>Raw HTML inside a Markdown YAML value (offentlig_beslutning).</summary>
    /// <returns>null when Markdig cannot read it (too deeply nested), else whether it has raw HTML.</returns>
    public static bool? HasHtml(string markdown)
    {
        try
        {
            return Markdown.Parse(markdown, BodyParser.Pipeline).Descendants().Any(n => n is HtmlBlock or HtmlInline);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

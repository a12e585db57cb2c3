using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SiteGen.Common;

namespace SiteGen.Import;

/// <summary>Writes an imported meeting as a referat file in the spec's format (front matter, then one
/// "## nr. titel" per item with "### Sektion" headings). A closed item is its number, status and the heading
/// "Lukket punkt", nothing more.</summary>
public static partial class ReferatWriter
{
    public static string Render(ImportedReferat r, string udvalg, DateOnly dato)
    {
        var sb = new StringBuilder();
        sb.Append("---\n");
        sb.Append($"udvalg: {Quote(udvalg)}\n");
        sb.Append($"dato: {dato.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\n");
        if (r.Start is { } start) sb.Append($"start: \"{Danish.Time(start)}\"\n");
        if (r.Slut is { } slut) sb.Append($"slut: \"{Danish.Time(slut)}\"\n");
        if (r.Sted is { Length: > 0 } sted) sb.Append($"sted: {Quote(sted)}\n");
        if (r.Medlemmer.Length > 0)
        {
            sb.Append("medlemmer:\n");
            foreach (var m in r.Medlemmer) sb.Append($"  - {Quote(m)}\n");
        }
        if (r.Fravaerende.Length > 0)
        {
            sb.Append("fraværende:\n");
            foreach (var m in r.Fravaerende) sb.Append($"  - {Quote(m)}\n");
        }
        if (r.Dagsorden) sb.Append("type: dagsorden\n");
        sb.Append("punkter:\n");
        foreach (var p in r.Punkter)
        {
            sb.Append($"  - nr: {p.Nr}\n");
            if (!p.Aaben)
            {
                sb.Append("    status: lukket\n");
                continue;
            }
            sb.Append("    status: åben\n");
            if (p.Sagsnr is { } sagsnr) sb.Append($"    sagsnr: {sagsnr}\n");
            if (p.Sagsgang is { } sagsgang) sb.Append($"    sagsgang: {Quote(sagsgang)}\n");
            if (p.Bilag.Length == 0) continue;
            sb.Append("    bilag:\n");
            foreach (var b in p.Bilag)
            {
                sb.Append($"      - nr: {b.Nr}\n");
                if (!b.Aaben || b.Titel is null) { sb.Append("        status: lukket\n"); continue; }
                sb.Append("        status: åben\n");
                sb.Append($"        titel: {Quote(b.Titel)}\n");
                if (b.Dokument is { } dokument) sb.Append($"        dokument: {dokument}\n");
            }
        }
        sb.Append("---\n");
        foreach (var p in r.Punkter)
        {
            sb.Append($"\n## {p.Nr}. {(p.Aaben ? OneLine(p.Titel) : "Lukket punkt")}\n");
            if (!p.Aaben) continue;
            foreach (var s in p.Sektioner)
            {
                sb.Append($"\n### {s.Navn}\n");
                if (s.Markdown.Length > 0) sb.Append('\n');
                foreach (var line in s.Markdown) sb.Append(line).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static string OneLine(string s) =>
        BodyConverter.Escape(string.Join(' ', s.Split((char[])[' ', '\t', '\n', '\r'],
            StringSplitOptions.RemoveEmptyEntries))).TrimEnd('#', ' ') is { Length: > 0 } t ? t : "Uden titel";

    /// <summary>Text as a YAML scalar: plain when it starts with a letter and holds nothing YAML reads
    /// specially (as the secretariat writes it), otherwise double-quoted.</summary>
    private static string Quote(string s) =>
        PlainScalar().IsMatch(s) && !Keywords.Contains(s.ToLowerInvariant())
            ? s
            : "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"",
                StringComparison.Ordinal) + "\"";

    private static readonly HashSet<string> Keywords = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"];

    [GeneratedRegex(@"^\p{L}[^:#""'\\\[\]{}\p{C}]*(?<! )$")]
    private static partial Regex PlainScalar();
}

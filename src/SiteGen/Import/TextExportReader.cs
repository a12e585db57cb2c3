using System.Collections.Immutable;
using System.Text;

namespace SiteGen.Import;

/// <summary>Reads a .txt or .md export: UTF-8 (or, failing that, Windows-1252, the other encoding old exports
/// come in), split into lines. Refuses what is not text.</summary>
public static class TextExportReader
{
    /// <summary>Real exports are 20–200 KB; a text export past this is not a referat.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    public static ExportText Read(byte[] bytes)
    {
        if (bytes.Length == 0) return ExportText.Refused("Filen er tom.");
        if (Array.IndexOf(bytes, (byte)0) >= 0)
            return ExportText.Refused("Filen er ikke en tekstfil (den indeholder binære data). " +
                "Gem eksporten som tekst (.txt) eller PDF.");
        var notes = new List<string>();
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(bytes);
            notes.Add("Filen er ikke UTF-8; den er læst som Latin-1 (Windows-1252). Kontrollér æ, ø og å.");
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return FromText(text, page: 0, notes);
    }

    /// <summary>Splits text into lines, removing control characters other than the tab (a page break,
    /// an escape sequence) and counting them for the report.</summary>
    internal static ExportText FromText(string text, int page, List<string> notes)
    {
        var lines = ImmutableArray.CreateBuilder<ExportLine>();
        var removed = 0;
        var n = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r'))
        {
            n++;
            lines.Add(new ExportLine(Clean(raw, ref removed), n, page));
        }
        if (removed > 0)
            notes.Add(removed == 1 ? "1 styretegn er fjernet fra teksten." : $"{removed} styretegn er fjernet fra " +
                "teksten.");
        return new ExportText(lines.ToImmutable(), null, [.. notes]);
    }

    internal static string Clean(string line, ref int removed)
    {
        var sb = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            if (c == '\t') sb.Append(c);
            else if (c is '\u00A0' or '\u2007' or '\u202F') sb.Append(' ');
            else if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' or >= '\u202A' and <= '\u202E'
                     or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F') removed++;
            else sb.Append(c);
        }
        return sb.ToString().TrimEnd(' ');
    }
}

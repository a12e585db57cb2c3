using System.Text.RegularExpressions;

namespace SiteGen.Import;

/// <summary>An attachment line as read: number, status reading, and for an open one its title and document
/// number.</summary>
public sealed record BilagLine(int Nr, StatusReading Status, string? Titel, string? Dokument, string StatusWord);

/// <summary>One item's group in the Bilagsoversigt: the item number, whether the overview calls the item closed
/// ("Lukket punkt"), and its attachments (a title means open, "(Lukket bilag)" closed).</summary>
public sealed record OverviewGroup(int PunktNr, bool LukketPunkt, List<(int Nr, bool Aaben, string? Titel,
    string? Dokument)> Bilag, string Where);

/// <summary>The attachment forms the exports use: "1\tÅben\tTitel\t91141/23", "7\tLukket\t\t", "1 Lukket",
/// "5 Åben Titel" (document number on a later line), "1 -\tÅben\tTitel\t(34993/25)\t(H)".</summary>
public static partial class BilagLines
{
    /// <param name="strict">only lines with a status word (an item heading "1. Titel" is then not taken for an
    /// attachment whose status is unreadable)</param>
    public static BilagLine? Parse(string line, bool strict = false)
    {
        var cells = line.Split('\t').Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        if (cells.Count == 0) return null;
        string nrText, statusWord, rest;
        var first = FirstCell().Match(cells[0]);
        if (cells.Count >= 2 && first.Success)
        {
            nrText = first.Groups[1].Value;
            statusWord = cells[1].Split(' ', 2)[0];
            var afterStatus = cells[1].Split(' ', 2) is { Length: 2 } s ? s[1] + " " : "";
            rest = afterStatus + string.Join("\t", cells.Skip(2));
        }
        else
        {
            var m = SpacedLine().Match(string.Join(" ", cells));
            if (!m.Success) return null;
            nrText = m.Groups[1].Value;
            statusWord = m.Groups[2].Value;
            rest = m.Groups[3].Value;
        }
        if (ExportWords.Status(statusWord) is not { } status)
        {
            // A numbered attachment line without a readable status word: never trusted as open.
            if (strict || !StartsWithNumber().IsMatch(line)) return null;
            status = StatusReading.Uncertain;
            rest = statusWord + " " + rest;
        }
        if (!int.TryParse(nrText, out var nr) || nr is < 1 or > 999) return null;
        var (titel, dokument) = TitleAndDocument(rest);
        return new BilagLine(nr, status, titel, dokument, statusWord);
    }

    /// <summary>A line holding only a document number ("108179/24" or "(108179/24)").</summary>
    public static string? DocumentOnly(string line)
    {
        var m = DocumentAlone().Match(line.Trim());
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>"Titel (91141/23)", "Titel\t91141/23", "Titel\t(34993/25)\t(H)" → title and document.</summary>
    public static (string? Titel, string? Dokument) TitleAndDocument(string rest)
    {
        var text = rest.Replace('\t', ' ').Trim();
        text = Flags().Replace(text, "").Trim();
        string? dokument = null;
        var m = TrailingDocument().Match(text);
        if (m.Success)
        {
            dokument = m.Groups[1].Value;
            text = text[..m.Index].Trim();
        }
        text = text.Trim(' ', '-', '–').Trim();
        return (text.Length == 0 ? null : text, dokument);
    }

    /// <summary>The Bilagsoversigt: "3. Punkter til behandling" then indented "1. Titel (91141/23)" or
    /// "7. (Lukket bilag)". Lines it cannot read are returned for the report.</summary>
    public static List<OverviewGroup> Overview(IReadOnlyList<ExportLine> lines, List<ExportLine> notUnderstood)
    {
        var groups = new List<OverviewGroup>();
        foreach (var line in lines)
        {
            var raw = line.Text.Replace("**", "", StringComparison.Ordinal);
            if (raw.Trim().Length == 0) continue;
            var m = Numbered().Match(raw);
            if (!m.Success) { notUnderstood.Add(line); continue; }
            // An attachment is indented under its item, or (when a PDF lost the indent) reads like one.
            var indented = m.Groups[1].Value.Length > 0 || ClosedBilag().IsMatch(ExportWords.Plain(m.Groups[3].Value))
                || DocumentInParens().IsMatch(m.Groups[3].Value.Trim());
            var nr = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            var text = ExportWords.Plain(m.Groups[3].Value);
            if (!indented)
            {
                groups.Add(new OverviewGroup(nr, text.StartsWith("lukket punkt", StringComparison.OrdinalIgnoreCase),
                    [], line.Where));
                continue;
            }
            if (groups.Count == 0) { notUnderstood.Add(line); continue; }
            if (ClosedBilag().IsMatch(text)) groups[^1].Bilag.Add((nr, false, null, null));
            else
            {
                var (titel, dokument) = TitleAndDocument(text);
                groups[^1].Bilag.Add((nr, titel is not null, titel, dokument));
            }
        }
        return groups;
    }

    [GeneratedRegex(@"^\s*\d{1,3}\s*[-.)]?\s*(\t|\s+\S)")]
    private static partial Regex StartsWithNumber();

    [GeneratedRegex(@"^(\d{1,3})\s*([-.)]?)\s*-?$")]
    private static partial Regex FirstCell();

    [GeneratedRegex(@"^(\d{1,3})\s*[-.)]?\s*-?\s+(\S+)(?:\s+(.*))?$")]
    private static partial Regex SpacedLine();

    [GeneratedRegex(@"^\(?(\d{1,9}/\d{2})\)?$")]
    private static partial Regex DocumentAlone();

    [GeneratedRegex(@"\(?\b(\d{1,9}/\d{2})\)?$")]
    private static partial Regex TrailingDocument();

    [GeneratedRegex(@"(\s*\([A-ZÆØÅ]\))+$")]
    private static partial Regex Flags();

    [GeneratedRegex(@"\(\d{1,9}/\d{2}\)$")]
    private static partial Regex DocumentInParens();

    [GeneratedRegex(@"^(\s*)(\d{1,3})\.\s+(.*)$")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^\(?\s*lukket\s+bilag\s*\)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ClosedBilag();
}

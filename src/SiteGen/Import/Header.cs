using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SiteGen.Common;

namespace SiteGen.Import;

/// <summary>The meeting header of an export: committee, REFERAT/DAGSORDEN, "Sted:", "Dato:", "Start kl.:",
/// "Slut kl.:", "Medlemmer:" (one per line), "Fraværende:"; the table of contents after it is dropped.</summary>
internal static partial class Header
{
    public sealed record Result(string? Udvalg, string? UdvalgWhere, string? Type, DateOnly? Dato, TimeOnly? Start,
        TimeOnly? Slut, string? Sted, ImmutableArray<string> Medlemmer, ImmutableArray<string> Fravaerende);

    public static Result Read(ImmutableArray<ExportLine> lines, int end, IReadOnlyList<string> known,
        List<ImportNote> notes)
    {
        var toc = -1;
        for (var i = 0; i < end; i++)
            if (ExportRecognizer.Is(lines[i], "indholdsfortegnelse", "indhold")) { toc = i; break; }
        if (toc >= 0)
        {
            notes.Add(new ImportNote(NoteKind.Recognised, lines[toc].Where, "Indholdsfortegnelsen er udeladt."));
            // Text there that is no entry of the contents (an item whose heading was not found) is reported by its
            // lines only: it could be a closed item's.
            var stray = Enumerable.Range(toc + 1, end - toc - 1).Where(i => !TocEntry(lines[i].Text)).ToList();
            if (stray.Count > 0)
                notes.Add(new ImportNote(NoteKind.NotUnderstood, $"{lines[stray[0]].Where}–{lines[stray[^1]].Where}",
                    $"{Importer.Count(stray.Count, "linje", "linjer")} efter indholdsfortegnelsen er ikke " +
                    "indholdsfortegnelse og hører ikke til et genkendt punkt; de er udeladt. Kontrollér, at alle " +
                    "punkter er kommet med."));
            end = toc;
        }
        string? udvalg = null, udvalgWhere = null, type = null, sted = null;
        DateOnly? dato = null;
        TimeOnly? start = null, slut = null;
        var medlemmer = new List<string>();
        var fravaerende = new List<string>();
        var notHeader = new List<ExportLine>();
        var candidates = new List<ExportLine>();
        for (var i = 0; i < end; i++)
        {
            var line = lines[i];
            var plain = ExportWords.Plain(line.Text, keepColon: true);
            if (plain.Length == 0 || ExportWords.IsPageNumber(plain)) continue;
            var key = Key().Match(plain);
            if (key.Success)
            {
                var name = key.Groups[1].Value.ToLowerInvariant();
                var value = key.Groups[2].Value.Trim();
                if (name is "medlemmer" or "deltagere" or "fraværende" or "afbud")
                {
                    var list = name is "medlemmer" or "deltagere" ? medlemmer : fravaerende;
                    if (value.Length > 0) list.Add(value);
                    i = Continuation(lines, i + 1, end, list, skipBlank: value.Length == 0) - 1;
                }
                else if (name is "sted" or "mødested" or "mødelokale" or "lokale") sted = value;
                else if (name.Contains("dato", StringComparison.Ordinal)) dato = Date(value, line, notes);
                else if (name.Contains("start", StringComparison.Ordinal)) start = ExportWords.Time(value);
                else if (name.Contains("slut", StringComparison.Ordinal)) slut = ExportWords.Time(value);
                else { start = ExportWords.Time(value); slut = ExportWords.Time(value, 1); }
                continue;
            }
            var upper = ExportWords.Plain(line.Text).ToUpperInvariant();
            var names = KnownUdvalg(ExportWords.Plain(line.Text), known) is not null;
            if (upper is "REFERAT" or "BESLUTNINGSPROTOKOL" || upper.StartsWith("REFERAT ", StringComparison.Ordinal))
                type = "referat";
            else if (upper == "DAGSORDEN" || upper.StartsWith("DAGSORDEN ", StringComparison.Ordinal))
                type = "dagsorden";
            else names = true;
            if (names) candidates.Add(line); // "Referat - Økonomiudvalget" gives both
        }
        // The committee: the first line naming one of site.yml's committees, else the first free line.
        var chosen = candidates.FirstOrDefault(c => KnownUdvalg(ExportWords.Plain(c.Text), known) is not null)
                     ?? candidates.FirstOrDefault();
        if (chosen is not null)
        {
            var plain = ExportWords.Plain(chosen.Text);
            udvalg = KnownUdvalg(plain, known) ?? plain;
            udvalgWhere = chosen.Where;
            notHeader.InsertRange(0, candidates.Where(c => c != chosen));
        }
        // A few lines are quoted; many mean an item was not recognised, and could be a closed one's text.
        if (notHeader.Count is > 0 and <= 5)
            foreach (var line in notHeader)
                notes.Add(new ImportNote(NoteKind.NotUnderstood, line.Where,
                    $"Linjen i mødehovedet blev ikke forstået og er udeladt: {ExportWords.Quote(line.Text)}"));
        else if (notHeader.Count > 5)
            notes.Add(new ImportNote(NoteKind.NotUnderstood, $"{notHeader[0].Where}–{notHeader[^1].Where}",
                $"{notHeader.Count} linjer før første punkt blev ikke forstået og er udeladt. Kontrollér, at alle " +
                "punkter er kommet med."));
        if (fravaerende.Count > 0) fravaerende = Absent(fravaerende, medlemmer, notes);
        return new Result(udvalg, udvalgWhere, type, dato, start, slut, sted, [.. medlemmer], [.. fravaerende]);
    }

    private static DateOnly? Date(string value, ExportLine line, List<ImportNote> notes)
    {
        var d = ExportWords.Date(value);
        if (d is null)
            notes.Add(new ImportNote(NoteKind.NotUnderstood, line.Where,
                $"Datoen kunne ikke læses: {ExportWords.Quote(value)}"));
        else if (ExportWords.Weekday(value) is { } day && day != d.Value.DayOfWeek)
            notes.Add(new ImportNote(NoteKind.Guessed, line.Where,
                $"Ugedagen passer ikke med datoen; datoen {Danish.LongDate(d.Value)} er brugt. Kontrollér den."));
        return d;
    }

    /// <summary>The committee a header line names: the whole line (case-insensitively, or the same slug), or a
    /// committee's name in it as whole words ("Referat - Økonomiudvalget").</summary>
    internal static string? KnownUdvalg(string line, IReadOnlyList<string> known)
    {
        var exact = known.FirstOrDefault(k => k.Equals(line, StringComparison.OrdinalIgnoreCase)
                                              || Slug.From(k) == Slug.From(line));
        if (exact is not null) return exact;
        return known.Where(k => Regex.IsMatch(line, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(k)}(?![\p{{L}}\p{{N}}])",
            RegexOptions.IgnoreCase)).MaxBy(k => k.Length);
    }

    /// <summary>Names on the lines after "Medlemmer:", up to a blank line or the next key.</summary>
    private static int Continuation(ImmutableArray<ExportLine> lines, int from, int end, List<string> list,
        bool skipBlank)
    {
        var i = from;
        for (; i < end; i++)
        {
            var plain = ExportWords.Plain(lines[i].Text, keepColon: true);
            if (plain.Length == 0)
            {
                if (skipBlank && list.Count == 0) continue;
                break;
            }
            if (Key().IsMatch(plain) || ExportWords.IsPageNumber(plain)) break;
            var upper = plain.ToUpperInvariant();
            if (upper is "REFERAT" or "DAGSORDEN") break;
            list.Add(plain.TrimStart('-', '•', '*', ' '));
        }
        return i;
    }

    /// <summary>An absent member written shorter than in the member list ("Jonas Kroustrup" for
    /// "Kommunaldirektør Jonas Kroustrup") is written as in the list; one not in it is added to it.</summary>
    private static List<string> Absent(List<string> absent, List<string> members, List<ImportNote> notes)
    {
        var result = new List<string>();
        foreach (var a in absent)
        {
            var match = members.FirstOrDefault(m => m.Equals(a, StringComparison.OrdinalIgnoreCase))
                        ?? members.FirstOrDefault(m => m.Contains(a, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                members.Add(a);
                notes.Add(new ImportNote(NoteKind.Guessed, null,
                    $"Det fraværende medlem {a} stod ikke blandt medlemmerne; tilføjet til medlemmerne."));
                match = a;
            }
            if (!result.Contains(match)) result.Add(match);
        }
        return result;
    }

    /// <summary>A line of a table of contents: blank, a heading ("Side"), or an entry ending in a page number.
    /// </summary>
    private static bool TocEntry(string text)
    {
        var plain = ExportWords.Plain(text);
        return plain.Length == 0 || plain.Equals("side", StringComparison.OrdinalIgnoreCase) || TocLine().IsMatch(text);
    }

    [GeneratedRegex(@"(\.{3,}|\t)\s*\d{1,4}\s*$|\s\d{1,4}\s*$")]
    private static partial Regex TocLine();

    [GeneratedRegex(@"^(sted|mødested|mødelokale|lokale|mødedato|dato|start\s*kl\.?|start|mødestart|slut\s*kl\.?|" +
        @"slut|mødeslut|mødetidspunkt|mødetid|tidspunkt|tid|kl\.?|medlemmer|deltagere|fraværende|afbud)\s*:\s*(.*)$",
        RegexOptions.IgnoreCase)]
    private static partial Regex Key();

}

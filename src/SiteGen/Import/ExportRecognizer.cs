using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using SiteGen.Common;

namespace SiteGen.Import;

/// <summary>What the recogniser made of an export, with the notes for the report.</summary>
public sealed record Recognition(ImportedReferat Referat, ImmutableArray<ImportNote> Notes);

/// <summary>The line-based recogniser of the meeting system's export. The document is cut into: header (the
/// meeting), table of contents (dropped), items (each starts at its heading, found by the "Åben sag"/"Lukket
/// sag" line under it or by a numbered heading followed by a section), the Bilagsoversigt (used to cross-check
/// attachments) and the signature page (dropped). It relies on words, not on layout: heading levels, bold,
/// blank lines and HTML debris vary between exports.</summary>
public static partial class ExportRecognizer
{
    private static readonly string[] DefaultSektioner =
        ["Baggrund", "Sagsfremstilling", "Økonomiske konsekvenser", "Indstilling", "Beslutning"];

    /// <param name="udvalg">the committees of site.yml: the header line naming one of them is the committee
    /// (a municipality's name above it is not)</param>
    public static Recognition Recognise(ExportText export, IReadOnlyList<string>? sektioner = null,
        IReadOnlyList<string>? udvalg = null)
    {
        var notes = new List<ImportNote>();
        foreach (var n in export.Notes) notes.Add(new ImportNote(NoteKind.Recognised, null, n));
        var known = sektioner is { Count: > 0 } ? sektioner : DefaultSektioner;
        var lines = export.Lines;

        var end = lines.Length;
        var signature = LastIndex(lines, 0, end, l => Is(l, "underskriftsside", "underskrifter"));
        if (signature >= 0)
        {
            notes.Add(new ImportNote(NoteKind.Recognised, lines[signature].Where, "Underskriftssiden er udeladt."));
            end = signature;
        }
        var overviewAt = LastIndex(lines, 0, end, l => Is(l, "bilagsoversigt", "bilagsliste", "oversigt over bilag"));
        var mainEnd = overviewAt >= 0 ? overviewAt : end;

        var headings = ItemHeadings(lines, mainEnd, known);
        var firstItem = headings.Count > 0 ? headings[0].Index : mainEnd;
        var header = Header.Read(lines, firstItem, udvalg ?? [], notes);

        // The overview is read first: an item it calls "Lukket punkt" is closed before any of its text is read.
        var groups = new List<OverviewGroup>();
        var overviewNotUnderstood = new List<ExportLine>();
        if (overviewAt >= 0)
            groups = BilagLines.Overview(lines.Skip(overviewAt + 1).Take(end - overviewAt - 1).ToList(),
                overviewNotUnderstood);
        var closedInOverview = groups.Where(g => g.LukketPunkt).GroupBy(g => g.PunktNr)
            .ToDictionary(g => g.Key, g => g.First().Where);

        var punkter = new List<ImportedPunkt>();
        var exportNrs = new List<int>();
        var decisions = new List<(string Udvalg, DateOnly? Dato, ExportLine At)>();
        for (var k = 0; k < headings.Count; k++)
        {
            var to = k + 1 < headings.Count ? headings[k + 1].Index : mainEnd;
            var nr = k + 1;
            if (headings[k].Nr is { } exportNr && exportNr != nr)
                notes.Add(new ImportNote(NoteKind.Guessed, lines[headings[k].Index].Where,
                    $"Punktet har nr. {exportNr} i eksporten; det er importeret som punkt {nr} " +
                    "(numrene skal gå fra 1)."));
            else if (headings[k].Nr is null)
                notes.Add(new ImportNote(NoteKind.Guessed, lines[headings[k].Index].Where,
                    $"Punktets overskrift har intet nummer; det er importeret som punkt {nr}."));
            var exportNumber = headings[k].Nr ?? nr;
            exportNrs.Add(exportNumber);
            punkter.Add(ItemReader.Read(lines, headings[k], to, nr, known, notes, decisions,
                closedInOverview.GetValueOrDefault(exportNumber)));
        }
        if (headings.Count == 0)
            notes.Add(new ImportNote(NoteKind.Error, null, "Der blev ikke fundet nogen punkter (en overskrift med " +
                "“Åben sag” eller “Lukket sag” under, eller et nummereret punkt med afsnit som Sagsfremstilling)."));

        if (overviewAt >= 0)
        {
            notes.Add(new ImportNote(NoteKind.Recognised, lines[overviewAt].Where,
                "Bilagsoversigten er brugt til at krydstjekke bilagene."));
            punkter = CrossCheck.Apply(punkter, exportNrs, groups, notes);
            foreach (var l in overviewNotUnderstood)
                notes.Add(new ImportNote(NoteKind.NotUnderstood, l.Where,
                    $"Linjen i bilagsoversigten blev ikke forstået: {ExportWords.Quote(l.Text)}"));
        }
        else if (punkter.Any(p => p.Bilag.Length > 0))
            notes.Add(new ImportNote(NoteKind.Guessed, null,
                "Eksporten har ingen bilagsoversigt; bilagene er ikke krydstjekket."));

        var meeting = Complete(header, decisions, punkter, notes);
        return new Recognition(meeting, [.. notes]);
    }

    /// <summary>Fills what the header lacks from the decision headings ("Beslutning i Direktionen den
    /// 26-03-2025"), and picks the type: a referat has decisions, a dagsorden has none.</summary>
    private static ImportedReferat Complete(Header.Result header, List<(string Udvalg, DateOnly? Dato, ExportLine At)>
        decisions, List<ImportedPunkt> punkter, List<ImportNote> notes)
    {
        var udvalg = header.Udvalg;
        var where = header.UdvalgWhere;
        if (udvalg is null && decisions.Count > 0)
        {
            udvalg = decisions[0].Udvalg;
            where = decisions[0].At.Where;
            notes.Add(new ImportNote(NoteKind.Guessed, where,
                $"Eksporten har intet mødehoved; udvalget ({udvalg}) er taget fra beslutningens overskrift."));
        }
        var dato = header.Dato;
        if (dato is null && decisions.FirstOrDefault(d => d.Dato is not null) is { Dato: { } d } first)
        {
            dato = d;
            notes.Add(new ImportNote(NoteKind.Guessed, first.At.Where,
                $"Mødedatoen ({Danish.LongDate(d)}) er taget fra beslutningens overskrift."));
        }
        foreach (var dec in decisions.Where(x => x.Dato is not null && dato is not null && x.Dato != dato))
            notes.Add(new ImportNote(NoteKind.Guessed, dec.At.Where,
                $"Beslutningens dato ({Danish.ShortDate(dec.Dato!.Value)}) er ikke mødedatoen; overskriften er " +
                    "skrevet som “Beslutning”."));

        var hasDecision = punkter.Any(p => p.Sektioner.Any(s => s.Navn == "Beslutning"));
        var dagsorden = header.Type switch
        {
            "dagsorden" when hasDecision => Note(false, "Eksporten siger DAGSORDEN, men punkterne har beslutninger; " +
                "importeret som referat."),
            "dagsorden" => true,
            "referat" => false,
            _ => hasDecision
                ? Note(false, "Eksporten siger hverken REFERAT eller DAGSORDEN; importeret som referat (der er " +
                    "beslutninger).")
                : Note(true, "Eksporten siger hverken REFERAT eller DAGSORDEN; importeret som dagsorden (der er " +
                    "ingen beslutninger)."),
        };
        return new ImportedReferat(udvalg, where, dato, header.Start, header.Slut, header.Sted, header.Medlemmer,
            header.Fravaerende, dagsorden, [.. punkter]);

        bool Note(bool value, string text)
        {
            notes.Add(new ImportNote(NoteKind.Guessed, null, text));
            return value;
        }
    }

    /// <summary>An item heading: its line, the number it has in the export (null when none) and its title.</summary>
    internal sealed record Heading(int Index, int? Nr, string Titel);

    private static List<Heading> ItemHeadings(ImmutableArray<ExportLine> lines, int end, IReadOnlyList<string> known)
    {
        var result = new List<Heading>();
        var taken = new HashSet<int>();
        for (var i = 0; i < end; i++)
        {
            if (StatusLine(lines[i].Text) is null) continue;
            var h = PreviousText(lines, i - 1);
            if (h >= 0 && SagsnrAlone(lines[h].Text) is not null) h = PreviousText(lines, h - 1);
            if (h < 0 || taken.Contains(h)) continue;
            var plain = ExportWords.Plain(lines[h].Text);
            if (SectionName(plain, known) is not null || plain.Length == 0) continue;
            // A long title wrapped onto a second line: "3. Godkendelse af lokalplan for" + "erhvervsområde …".
            if (!NumberedTitle().IsMatch(plain) && h > 0 && ExportWords.Plain(lines[h - 1].Text) is var above
                && NumberedTitle().IsMatch(above) && !lines[h - 1].Text.Contains('\t') && !taken.Contains(h - 1))
            {
                h--;
                plain = above + " " + plain;
            }
            if (result.Count > 0 && h <= result[^1].Index) continue;
            var m = NumberedTitle().Match(plain);
            result.Add(m.Success ? new Heading(h, Int(m.Groups[1].Value), Title(m.Groups[2].Value))
                : new Heading(h, null, Title(plain)));
            taken.Add(h);
        }
        // Items whose status line is missing: a numbered heading followed by a section (never in the table of
        // contents: those lines end with a page number).
        for (var i = 0; i < end; i++)
        {
            if (taken.Contains(i) || lines[i].Text.Contains('\t') || DotLeader().IsMatch(lines[i].Text)) continue;
            var plain = ExportWords.Plain(lines[i].Text);
            var m = NumberedTitle().Match(plain);
            if (!m.Success || SectionName(plain, known) is not null) continue;
            var next = NextText(lines, i + 1, end);
            if (next < 0) continue;
            var nextPlain = ExportWords.Plain(lines[next].Text);
            if (SectionName(nextPlain, known) is null && !Is(lines[next], "sagsgang") &&
                SagsnrAlone(lines[next].Text) is null) continue;
            if (result.Any(r => r.Index < i && i - r.Index < 3)
                || BilagLines.Parse(lines[i].Text, strict: true) is not null)
                continue;
            // Numbers go up ("1 Lukket" in an attachment list after item 2 is not an item)…
            var number = Int(m.Groups[1].Value);
            var before = result.Where(r => r.Index < i && r.Nr is not null).MaxBy(r => r.Index);
            var after = result.Where(r => r.Index > i && r.Nr is not null).MinBy(r => r.Index);
            // …and follow on from their neighbours ("9. jul." in a table is not item 9 after item 4).
            if (before is not null ? before.Nr + 1 != number : number != 1 && after?.Nr != number + 1) continue;
            if (after is not null && after.Nr != number + 1) continue;
            result.Add(new Heading(i, number, Title(m.Groups[2].Value)));
            taken.Add(i);
        }
        result.Sort((a, b) => a.Index.CompareTo(b.Index));
        return result;
    }

    /// <summary>"Åben sag", "Lukket sag", "24/7615 Åben Sag", "Åbent punkt", and near misses ("Åb3n sag",
    /// "Lukke sag"); null when the line is not a status line.</summary>
    internal static (StatusReading Status, string? Sagsnr, string Word)? StatusLine(string text)
    {
        var m = StatusPattern().Match(ExportWords.Plain(text));
        if (!m.Success) return null;
        if (ExportWords.Status(m.Groups[2].Value) is not { } status) return null;
        var sagsnr = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[3].Success ? m.Groups[3].Value : null;
        return (status, sagsnr, m.Groups[2].Value);
    }

    internal static string? SagsnrAlone(string text)
    {
        var m = SagsnrPattern().Match(ExportWords.Plain(text));
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The configured section name a heading line stands for ("Beslutning i Direktionen den …" →
    /// Beslutning), "Sagsgang" and "Bilag" for those two, or null.</summary>
    internal static string? SectionName(string plain, IReadOnlyList<string> known)
    {
        if (plain.Length == 0 || plain.Length > 80) return null;
        if (plain.Equals("sagsgang", StringComparison.OrdinalIgnoreCase)) return "Sagsgang";
        if (plain.Equals("bilag", StringComparison.OrdinalIgnoreCase)) return "Bilag";
        if (DecisionPattern().IsMatch(plain)) return "Beslutning";
        foreach (var k in known)
            if (plain.Equals(k, StringComparison.OrdinalIgnoreCase)) return k;
        return null;
    }

    internal static (string Udvalg, DateOnly? Dato)? DecisionSuffix(string plain)
    {
        var m = DecisionPattern().Match(plain);
        if (!m.Success || !m.Groups[1].Success) return null;
        return (m.Groups[1].Value.Trim(), m.Groups[2].Success ? ExportWords.Date(m.Groups[2].Value) : null);
    }

    internal static bool Is(ExportLine line, params string[] words)
    {
        var plain = ExportWords.Plain(line.Text);
        return !line.Text.Contains('\t') && !DotLeader().IsMatch(line.Text)
            && words.Any(w => plain.Equals(w, StringComparison.OrdinalIgnoreCase));
    }

    internal static int PreviousText(ImmutableArray<ExportLine> lines, int from)
    {
        for (var i = from; i >= 0; i--)
            if (ExportWords.Plain(lines[i].Text).Length > 0) return i;
        return -1;
    }

    internal static int NextText(ImmutableArray<ExportLine> lines, int from, int end)
    {
        for (var i = from; i < end; i++)
            if (ExportWords.Plain(lines[i].Text).Length > 0) return i;
        return -1;
    }

    private static int LastIndex(ImmutableArray<ExportLine> lines, int from, int to, Func<ExportLine, bool> test)
    {
        for (var i = to - 1; i >= from; i--)
            if (test(lines[i])) return i;
        return -1;
    }

    /// <summary>An item title on one line, without dot leaders or a trailing page number.</summary>
    internal static string Title(string text)
    {
        var t = DotLeader().Replace(text, "").Trim();
        return t.Length == 0 ? "Uden titel" : t;
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?:(\d{2}/\d{1,7})\s+)?(\S{3,9})\s+(?:sag|punkt)" +
        @"(?:\s*[-–,]?\s*(?:sags?nr\.?:?\s*)?(\d{2}/\d{1,7}))?$",
        RegexOptions.IgnoreCase)]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"^(?:sags?nr\.?:?\s*|sagsnummer:?\s*)?(\d{2}/\d{1,7})$", RegexOptions.IgnoreCase)]
    private static partial Regex SagsnrPattern();

    [GeneratedRegex(@"^beslutning(?:\s+i\s+(.+?)(?:\s+den\s+(\S+(?:\s+\S+\s+\d{4})?))?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DecisionPattern();

    [GeneratedRegex(@"^(?:punkt\s+|pkt\.\s*)?(\d{1,3})[.:]?\s+(?:[-–:]\s+)?(\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedTitle();

    [GeneratedRegex(@"\s*\.{3,}.*$|\s*\t\s*\d+\s*$")]
    private static partial Regex DotLeader();
}

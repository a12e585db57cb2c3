using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace SiteGen.Import;

/// <summary>One item of an export, from its heading to the next: status line, case number, Sagsgang, sections
/// and the attachment list. Safe by default: a status that is missing or not read with certainty makes the item
/// closed, and a closed item keeps nothing from the export but its number (notes about its lines are dropped
/// too, so no report line can quote it).</summary>
internal static partial class ItemReader
{
    private enum Mode { Pending, Sagsgang, Section, Bilag }

    private sealed class Section(string name)
    {
        public string Name { get; } = name;
        public List<string> Lines { get; } = [];
    }

    public static ImportedPunkt Read(ImmutableArray<ExportLine> lines, ExportRecognizer.Heading heading, int to,
        int nr, IReadOnlyList<string> known, List<ImportNote> notes,
        List<(string Udvalg, DateOnly? Dato, ExportLine At)> decisions, string? closedInOverview)
    {
        var own = new List<ImportNote>(); // only reported when the item comes out open
        StatusReading? status = null;
        string? statusWord = null, sagsnr = null, sagsgang = null;
        var statusWhere = lines[heading.Index].Where;
        var sections = new List<Section>();
        var pending = new List<string>();
        var bilag = new List<BilagLine>();
        var mode = Mode.Pending;
        Section? current = null;
        var itemDecisions = new List<(string, DateOnly?, ExportLine)>();
        for (var i = heading.Index + 1; i < to; i++)
        {
            var line = lines[i];
            var text = line.Text;
            var plain = ExportWords.Plain(text);
            if (status is null && sections.Count == 0 && mode != Mode.Bilag
                && ExportRecognizer.StatusLine(text) is { } s)
            {
                (status, sagsnr, statusWord, statusWhere) = (s.Status, s.Sagsnr ?? sagsnr, s.Word, line.Where);
                continue;
            }
            if (sagsnr is null && sections.Count == 0 && mode != Mode.Bilag
                && ExportRecognizer.SagsnrAlone(text) is { } alone)
            {
                sagsnr = alone;
                continue;
            }
            if (ExportWords.IsPageNumber(plain)) continue;
            if (sagsgang is null && !text.Contains('\t') && InlineSagsgang().Match(plain) is { Success: true } route)
            {
                sagsgang = route.Groups[1].Value.Trim(); // "Sagsgang: DIR" on one line
                continue;
            }
            if (!text.Contains('\t') && ExportRecognizer.SectionName(plain, known) is { } name)
            {
                if (name == "Sagsgang") { mode = Mode.Sagsgang; continue; }
                if (name == "Bilag") { mode = Mode.Bilag; continue; }
                if (name == "Beslutning" && ExportRecognizer.DecisionSuffix(plain) is { } suffix)
                    itemDecisions.Add((suffix.Udvalg, suffix.Dato, line));
                current = sections.FirstOrDefault(x => x.Name == name);
                if (current is null) sections.Add(current = new Section(name));
                else
                {
                    current.Lines.Add("");
                    own.Add(new ImportNote(NoteKind.Guessed, line.Where,
                        $"Punkt {nr} har afsnittet {name} to gange; de er lagt sammen."));
                }
                mode = Mode.Section;
                continue;
            }
            switch (mode)
            {
                case Mode.Sagsgang:
                    if (plain.Length == 0) break;
                    sagsgang ??= plain;
                    mode = current is null ? Mode.Pending : Mode.Section;
                    break;
                case Mode.Bilag:
                    if (plain.Length == 0) break;
                    if (BilagLines.Parse(text) is { } b) bilag.Add(b);
                    else if (BilagLines.DocumentOnly(text) is { } doc && bilag.Count > 0 && bilag[^1].Dokument is null)
                        bilag[^1] = bilag[^1] with { Dokument = doc };
                    else own.Add(new ImportNote(NoteKind.NotUnderstood, line.Where,
                        $"Linjen i punkt {nr}s bilagsliste blev ikke forstået og er udeladt: " +
                            $"{ExportWords.Quote(text)}"));
                    break;
                case Mode.Section:
                    current!.Lines.Add(text);
                    break;
                default:
                    pending.Add(text);
                    break;
            }
        }

        if (status is StatusReading.Aaben && closedInOverview is not null)
        {
            notes.Add(new ImportNote(NoteKind.Guessed, closedInOverview, $"Punkt {nr} står som “Åben sag”, men " +
                "bilagsoversigten kalder det “Lukket punkt”; punktet er importeret som lukket for en " +
                "sikkerheds skyld. Er det åbent, så ret eksporten og importér igen."));
            return ImportedPunkt.Closed(nr);
        }
        if (status is not StatusReading.Aaben)
        {
            notes.Add(status switch
            {
                null => new ImportNote(NoteKind.Guessed, statusWhere, $"Punkt {nr}: der står hverken " +
                    "“Åben sag” eller “Lukket sag”; punktet er importeret som lukket for en sikkerheds skyld. " +
                    "Er det åbent, så ret eksporten og importér igen."),
                StatusReading.Uncertain => new ImportNote(NoteKind.Guessed, statusWhere, $"Punkt {nr}: status " +
                    $"{ExportWords.Quote(statusWord ?? "")} kan ikke læses sikkert; punktet er importeret som " +
                    "lukket. Er det åbent, så ret eksporten og importér igen."),
                _ => new ImportNote(NoteKind.Recognised, statusWhere, $"Punkt {nr} (lukket): kun nummer og " +
                    "“Lukket punkt” er importeret; eksportens tekst til punktet er udeladt."),
            });
            return ImportedPunkt.Closed(nr);
        }

        notes.AddRange(own);
        decisions.AddRange(itemDecisions);
        var converted = new List<ImportedSektion>();
        if (pending.Any(p => ExportWords.Plain(p).Length > 0))
        {
            var first = sections.FirstOrDefault();
            if (first is not null && first.Name is "Sagsfremstilling" or "Baggrund")
                first.Lines.InsertRange(0, [.. pending, ""]);
            else
            {
                var s = new Section("Sagsfremstilling");
                s.Lines.AddRange(pending);
                sections.Insert(0, s);
            }
            notes.Add(new ImportNote(NoteKind.Guessed, statusWhere,
                $"Punkt {nr}: tekst uden afsnitsoverskrift er lagt i afsnittet " +
                    $"{(first?.Name is "Baggrund" ? "Baggrund" : "Sagsfremstilling")}."));
        }
        foreach (var s in sections) converted.Add(new ImportedSektion(s.Name, [.. BodyConverter.Convert(s.Lines)]));
        if (sagsnr is not null && !SagsnrFormat().IsMatch(sagsnr))
        {
            notes.Add(new ImportNote(NoteKind.NotUnderstood, statusWhere,
                $"Punkt {nr}: sagsnummeret {ExportWords.Quote(sagsnr)} har ikke formen 24/7615; det er udeladt."));
            sagsnr = null;
        }
        return new ImportedPunkt(nr, heading.Titel, true, sagsnr, sagsgang, [.. converted],
            Attachments(nr, bilag, notes));
    }

    private static ImmutableArray<ImportedBilag> Attachments(int nr, List<BilagLine> lines, List<ImportNote> notes)
    {
        var result = new List<ImportedBilag>();
        foreach (var b in lines)
        {
            if (result.Any(r => r.Nr == b.Nr))
            {
                notes.Add(new ImportNote(NoteKind.NotUnderstood, null,
                    $"Punkt {nr}: bilag {b.Nr} står to gange; kun det første er importeret."));
                continue;
            }
            if (b.Status == StatusReading.Uncertain)
            {
                notes.Add(new ImportNote(NoteKind.Guessed, null, $"Punkt {nr}, bilag {b.Nr}: status " +
                    $"{ExportWords.Quote(b.StatusWord)} kan ikke læses sikkert; bilaget er importeret som lukket."));
                result.Add(new ImportedBilag(b.Nr, false, null, null));
                continue;
            }
            if (b.Status == StatusReading.Lukket) { result.Add(new ImportedBilag(b.Nr, false, null, null)); continue; }
            if (b.Titel is null)
            {
                notes.Add(new ImportNote(NoteKind.Guessed, null,
                    $"Punkt {nr}, bilag {b.Nr} er åbent men har ingen titel; det er importeret som lukket."));
                result.Add(new ImportedBilag(b.Nr, false, null, null));
                continue;
            }
            var dokument = b.Dokument;
            if (dokument is not null && !DokumentFormat().IsMatch(dokument))
            {
                notes.Add(new ImportNote(NoteKind.NotUnderstood, null, $"Punkt {nr}, bilag {b.Nr}: dokumentnummeret " +
                    $"{ExportWords.Quote(dokument)} har ikke formen 91141/23; det er udeladt."));
                dokument = null;
            }
            result.Add(new ImportedBilag(b.Nr, true, b.Titel, dokument));
        }
        return [.. result.OrderBy(r => r.Nr)];
    }


    [GeneratedRegex(@"^\d{2}/\d+$")]
    private static partial Regex SagsnrFormat();

    [GeneratedRegex(@"^sagsgang\s*:\s*(\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex InlineSagsgang();

    [GeneratedRegex(@"^\d+/\d{2}$")]
    private static partial Regex DokumentFormat();
}

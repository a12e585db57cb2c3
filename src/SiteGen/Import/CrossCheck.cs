namespace SiteGen.Import;

/// <summary>Checks each item's attachments against the Bilagsoversigt. Where the two disagree about what is
/// closed, closed wins; where the item lists no attachments, the overview's are used.</summary>
internal static class CrossCheck
{
    /// <param name="exportNrs">each item's number in the export (the overview's numbers), in item order</param>
    public static List<ImportedPunkt> Apply(List<ImportedPunkt> punkter, List<int> exportNrs,
        List<OverviewGroup> groups, List<ImportNote> notes)
    {
        var result = new List<ImportedPunkt>();
        for (var k = 0; k < punkter.Count; k++)
        {
            var p = punkter[k];
            var group = groups.FirstOrDefault(g => g.PunktNr == exportNrs[k]);
            if (!p.Aaben || group is null)
            {
                if (p.Aaben && p.Bilag.Length > 0)
                    notes.Add(new ImportNote(NoteKind.Guessed, null,
                        $"Punkt {p.Nr}s bilag står ikke i bilagsoversigten; de er importeret som de står under " +
                            "punktet."));
                result.Add(p);
                continue;
            }
            if (group.LukketPunkt) { result.Add(ImportedPunkt.Closed(p.Nr)); continue; } // noted by ItemReader
            result.Add(p with { Bilag = [.. Merge(p, group, notes)] });
        }
        foreach (var g in groups.Where(g => !exportNrs.Contains(g.PunktNr)))
            notes.Add(new ImportNote(NoteKind.NotUnderstood, g.Where,
                $"Bilagsoversigten nævner punkt {g.PunktNr}, som ikke findes i eksporten; det er udeladt."));
        return result;
    }

    private static List<ImportedBilag> Merge(ImportedPunkt p, OverviewGroup group, List<ImportNote> notes)
    {
        var bilag = p.Bilag.ToList();
        var fromOverview = bilag.Count == 0;
        foreach (var o in group.Bilag)
        {
            var i = bilag.FindIndex(b => b.Nr == o.Nr);
            if (i < 0)
            {
                bilag.Add(new ImportedBilag(o.Nr, o.Aaben, o.Aaben ? o.Titel : null, o.Aaben ? o.Dokument : null));
                if (!fromOverview)
                    notes.Add(new ImportNote(NoteKind.Guessed, group.Where,
                        $"Punkt {p.Nr}, bilag {o.Nr} står kun i bilagsoversigten; det er taget derfra."));
                continue;
            }
            var b = bilag[i];
            if (b.Aaben && !o.Aaben)
            {
                notes.Add(new ImportNote(NoteKind.Guessed, group.Where, $"Punkt {p.Nr}, bilag {b.Nr} er åbent under " +
                    "punktet men lukket i bilagsoversigten; det er importeret som lukket."));
                bilag[i] = new ImportedBilag(b.Nr, false, null, null);
            }
            else if (!b.Aaben && o.Aaben)
                notes.Add(new ImportNote(NoteKind.Guessed, group.Where, $"Punkt {p.Nr}, bilag {b.Nr} er lukket under " +
                    "punktet men åbent i bilagsoversigten; det er importeret som lukket."));
            else if (b.Aaben)
            {
                if (!Same(b.Titel, o.Titel))
                    notes.Add(new ImportNote(NoteKind.Guessed, group.Where, $"Punkt {p.Nr}, bilag {b.Nr}: titlen er " +
                        $"{ExportWords.Quote(b.Titel ?? "")} under punktet og {ExportWords.Quote(o.Titel ?? "")} i " +
                        "bilagsoversigten; titlen under punktet er brugt."));
                if (b.Dokument is null && o.Dokument is not null) bilag[i] = b with { Dokument = o.Dokument };
                else if (o.Dokument is not null && b.Dokument != o.Dokument)
                    notes.Add(new ImportNote(NoteKind.Guessed, group.Where, $"Punkt {p.Nr}, bilag {b.Nr}: " +
                        $"dokumentnummeret er {b.Dokument} under punktet og {o.Dokument} i bilagsoversigten; " +
                        "nummeret under punktet er brugt."));
            }
        }
        if (fromOverview && group.Bilag.Count > 0)
            notes.Add(new ImportNote(NoteKind.Guessed, group.Where,
                $"Punkt {p.Nr} har ingen bilagsliste; bilagene er taget fra bilagsoversigten."));
        foreach (var b in bilag.Where(b => group.Bilag.All(o => o.Nr != b.Nr)))
            notes.Add(new ImportNote(NoteKind.Guessed, group.Where,
                $"Punkt {p.Nr}, bilag {b.Nr} står ikke i bilagsoversigten."));
        return [.. bilag.OrderBy(b => b.Nr)];
    }

    private static bool Same(string? a, string? b) =>
        string.Equals(Normal(a), Normal(b), StringComparison.OrdinalIgnoreCase);

    private static string Normal(string? s) =>
        string.Join(' ', (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

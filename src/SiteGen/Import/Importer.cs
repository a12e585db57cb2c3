using System.Collections.Immutable;
using System.Text;
using SiteGen.Common;
using SiteGen.Content;
using SiteGen.Diagnostics;
using SiteGen.Validation;

namespace SiteGen.Import;

/// <summary>The outcome for one export: where it was written (null when it was not), whether it counts as
/// imported (written and valid), the report notes, and the errors in the canonical diagnostic form.</summary>
public sealed record ImportOutcome(string Source, string? Written, bool Imported, ImmutableArray<ImportNote> Notes,
    ImmutableArray<Diagnostic> Errors, ImportedReferat? Referat);

/// <summary>`sitegen import`: one export → one referat file at its spec path under the input folder, never
/// overwriting one, checked with the real validator afterwards.</summary>
public static class Importer
{
    public static readonly string[] Extensions = [".txt", ".md", ".pdf"];

    /// <summary>Imports one export file. Never throws for bad input.</summary>
    public static ImportOutcome ImportFile(string path, string inputDir, SiteConfig config)
    {
        var display = Display.Path(Path.GetFullPath(path));
        try
        {
            return Import(path, display, inputDir, config);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(display, Codes.ImportUnreadable, 1, $"Filen kan ikke læses eller skrives ({ex.Message}).");
        }
    }

    private static ImportOutcome Import(string path, string display, string inputDir, SiteConfig config)
    {
        var (bytes, problem) = ReadExport(path);
        if (bytes is null) return Failed(display, Codes.ImportUnreadable, 1, problem!);
        var pdf = path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || bytes.AsSpan().StartsWith("%PDF-"u8);
        var export = pdf ? PdfExportReader.Read(bytes) : TextExportReader.Read(bytes);
        if (export.Problem is { } refused) return Failed(display, Codes.ImportNotAnExport, 1, refused);

        var recognition = ExportRecognizer.Recognise(export, config.Sektioner,
            [.. config.Udvalg.Select(u => u.Navn)]);
        var notes = recognition.Notes.ToList();
        var r = recognition.Referat;
        if (r.Punkter.Length == 0)
            return Failed(display, Codes.ImportNoItems, 1, "Der blev ikke fundet nogen punkter i eksporten; " +
                "intet er skrevet.", notes);
        if (r.Udvalg is null)
            return Failed(display, Codes.ImportUnknownUdvalg, 1, "Eksporten nævner intet udvalg (hverken i " +
                "mødehovedet eller i en beslutning); intet er skrevet.", notes);
        var udvalg = MatchUdvalg(r.Udvalg, config);
        if (udvalg is null)
        {
            var closest = config.Udvalg.MinBy(u => ExportWords.Distance(u.Navn.ToLowerInvariant(),
                r.Udvalg.ToLowerInvariant()));
            return Failed(display, Codes.ImportUnknownUdvalg, LineOf(r.UdvalgWhere),
                $"Udvalget “{r.Udvalg}” findes ikke i site.yml" +
                (closest is null ? "" : $"; det nærmeste er “{closest.Navn}”") +
                ". Ret navnet i eksporten, eller tilføj udvalget i site.yml. Intet er skrevet.", notes);
        }
        if (r.Dato is not { } dato)
            return Failed(display, Codes.ImportNoDate, 1, "Mødedatoen blev ikke fundet (hverken “Dato:” i " +
                "mødehovedet eller en dato i en beslutning); intet er skrevet.", notes);
        if (!udvalg.Navn.Equals(r.Udvalg, StringComparison.Ordinal))
            notes.Add(new ImportNote(NoteKind.Guessed, r.UdvalgWhere,
                $"Udvalget “{r.Udvalg}” er skrevet som i site.yml: “{udvalg.Navn}”."));

        var inputFull = Path.GetFullPath(inputDir);
        r = FromPrevious(r, udvalg, dato, inputFull, config, notes);
        notes.Insert(0, new ImportNote(NoteKind.Recognised, null, Summary(r, udvalg, dato)));

        var relative = $"referater/{dato:yyyy}/{dato:yyyy-MM-dd}-{udvalg.Slug}.md";
        var target = Path.Combine(inputFull, relative);
        var targetDisplay = Display.Path(target);
        if (InputFiles.Kind(target) != FileKind.Missing)
            return Failed(display, Codes.ImportExists, 1, $"{targetDisplay} findes allerede; den er ikke " +
                "overskrevet. Slet eller omdøb den først, hvis eksporten skal importeres igen.", notes);
        // Every folder on the way must be a folder (or not exist yet), never a link out of the input.
        if (InputFiles.Check(inputFull, target, long.MaxValue) is not { Problem: InputProblem.Missing, Detail: "" })
            return Failed(display, Codes.ImportUnreadable, 1, $"Mappen til {targetDisplay} er et link eller " +
                "ikke en mappe; intet er skrevet.", notes);

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var text = ReferatWriter.Render(r, udvalg.Navn, dato);
        using (var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
            stream.Write(new UTF8Encoding(false).GetBytes(text));

        var check = ReferatValidator.Check(target, new RunContext(config, inputFull));
        notes.AddRange(ToDo(r, check.Diagnostics));
        var errors = check.Diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count == 0)
            return new ImportOutcome(display, targetDisplay, true, [.. notes], [], r);
        var invalid = new Diagnostic(Codes.ImportInvalid, Severity.Error, display, 1, 1,
            $"{targetDisplay} er skrevet, men består ikke valideringen ({Count(errors.Count, "fejl", "fejl")}). " +
            "Ret filen som beskrevet; den kan ikke bygges før.");
        return new ImportOutcome(display, targetDisplay, false, [.. notes], [invalid, .. errors], r);
    }

    /// <summary>The export's bytes, or a Danish reason: a link, a folder, a device or a file too large is refused
    /// before it is opened.</summary>
    private static (byte[]? Bytes, string? Problem) ReadExport(string path)
    {
        var kind = InputFiles.Kind(path);
        switch (kind)
        {
            case FileKind.Missing: return (null, "Filen findes ikke.");
            case FileKind.Link: return (null, "Filen er et symbolsk link; angiv selve filen.");
            case FileKind.Directory or FileKind.Other: return (null, "Det er ikke en almindelig fil.");
        }
        var pdf = path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);
        long limit = pdf ? PdfExportReader.MaxBytes : TextExportReader.MaxBytes;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1,
            FileOptions.SequentialScan);
        if (stream.Length > limit)
            return (null, $"Filen er for stor ({stream.Length / (1024 * 1024)} MB); højst {limit / (1024 * 1024)} MB " +
                "kan importeres. Er det den rigtige fil?");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return (bytes, null);
    }

    private static Udvalg? MatchUdvalg(string name, SiteConfig config)
    {
        var trimmed = name.Trim();
        return config.Udvalg.FirstOrDefault(u => u.Navn.Equals(trimmed, StringComparison.OrdinalIgnoreCase))
               ?? config.Udvalg.FirstOrDefault(u => u.Slug == Slug.From(trimmed));
    }

    /// <summary>What the export lacks (an export of single items has no header) is taken from the committee's
    /// latest earlier referat: place, times and members, each noted as guessed.</summary>
    private static ImportedReferat FromPrevious(ImportedReferat r, Udvalg udvalg, DateOnly dato, string inputFull,
        SiteConfig config, List<ImportNote> notes)
    {
        if (r.Start is not null && r.Slut is not null && r.Sted is not null && r.Medlemmer.Length > 0) return r;
        var previous = PreviousReferat(udvalg, dato, inputFull, config);
        if (previous is null) return r;
        var from = $"{udvalg.Navn}s referat fra {Danish.LongDate(previous.Dato)}";
        if (r.Sted is null)
        {
            r = r with { Sted = previous.Sted };
            notes.Add(new ImportNote(NoteKind.Guessed, null, $"Mødestedet ({previous.Sted}) er taget fra {from}."));
        }
        if (r.Start is null || r.Slut is null)
        {
            r = r with { Start = r.Start ?? previous.Start, Slut = r.Slut ?? previous.Slut };
            notes.Add(new ImportNote(NoteKind.Guessed, null, $"Mødets tidspunkt ({Danish.Time(r.Start!.Value)}–" +
                $"{Danish.Time(r.Slut!.Value)}) er taget fra {from}."));
        }
        if (r.Medlemmer.Length == 0)
        {
            r = r with { Medlemmer = previous.Medlemmer };
            notes.Add(new ImportNote(NoteKind.Guessed, null, $"Medlemmerne ({string.Join(", ", previous.Medlemmer)}) " +
                $"er taget fra {from}."));
        }
        return r;
    }

    private static Referat? PreviousReferat(Udvalg udvalg, DateOnly dato, string inputFull, SiteConfig config)
    {
        var root = Path.Combine(inputFull, "referater");
        if (InputFiles.Kind(root) != FileKind.Directory) return null;
        var suffix = $"-{udvalg.Slug}.md";
        var candidates = Directory.EnumerateFiles(root, "*" + suffix, SearchOption.AllDirectories)
            .Select(f => (File: f, Date: DateOnly.TryParseExact(Path.GetFileName(f)[..^suffix.Length], "yyyy-MM-dd",
                out var d) ? d : (DateOnly?)null))
            .Where(c => c.Date is { } d && d < dato)
            .OrderByDescending(c => c.Date)
            .Take(5);
        var ctx = new RunContext(config, inputFull);
        foreach (var c in candidates)
            if (ReferatValidator.Check(c.File, ctx).Referat is { } referat) return referat;
        return null;
    }

    /// <summary>What the secretary has to add or fix, in Danish: the validator's warnings that an import
    /// typically leaves (an item without a decision, an empty section) in plain words, the rest as the
    /// validator writes them.</summary>
    private static IEnumerable<ImportNote> ToDo(ImportedReferat r, List<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            var where = $"linje {d.Line} i den nye fil";
            yield return d.Code switch
            {
                Codes.NoDecision => new ImportNote(NoteKind.ToDo, where, $"{ItemAt(r, d)}har ingen beslutning. " +
                    "Skriv beslutningen under en overskrift “### Beslutning” sidst i punktet."),
                Codes.EmptySection => new ImportNote(NoteKind.ToDo, where, $"{ItemAt(r, d)}har et tomt afsnit. " +
                    "Skriv teksten, eller slet overskriften."),
                Codes.MissingRef => new ImportNote(NoteKind.ToDo, where, "Mødehovedet mangler et felt, som " +
                    $"eksporten ikke havde; tilføj det øverst i filen ({d.Message})."),
                _ => new ImportNote(NoteKind.ToDo, where, $"{(d.IsError ? "Fejl" : "Advarsel")} {d.Code}: {d.Message}"),
            };
        }
    }

    private static string ItemAt(ImportedReferat r, Diagnostic d) =>
        NumberIn(d.Message) is { } nr && r.Punkter.Any(p => p.Nr == nr) ? $"Punkt {nr} " : "Et punkt ";

    private static int? NumberIn(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"(?:item|punkt)\s+(\d+)",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static string Summary(ImportedReferat r, Udvalg udvalg, DateOnly dato)
    {
        var open = r.Punkter.Count(p => p.Aaben);
        var bilag = r.Punkter.SelectMany(p => p.Bilag).ToList();
        var openBilag = bilag.Count(b => b.Aaben);
        return $"{udvalg.Navn}, {(r.Dagsorden ? "dagsorden" : "referat")}, {Danish.WeekdayDate(dato)}" +
            (r.Start is { } s && r.Slut is { } e ? $" kl. {Danish.Time(s)}–{Danish.Time(e)}" : "") +
            (r.Sted is { } sted ? $", {sted}" : "") + "; " +
            $"{Count(r.Medlemmer.Length, "medlem", "medlemmer")}, {r.Fravaerende.Length} fraværende; " +
            $"{Count(r.Punkter.Length, "punkt", "punkter")} ({open} {(open == 1 ? "åbent" : "åbne")}, " +
            $"{r.Punkter.Length - open} {(r.Punkter.Length - open == 1 ? "lukket" : "lukkede")}); " +
            $"{Count(bilag.Count, "bilag", "bilag")} ({openBilag} {(openBilag == 1 ? "åbent" : "åbne")}, " +
            $"{bilag.Count - openBilag} {(bilag.Count - openBilag == 1 ? "lukket" : "lukkede")}).";
    }

    internal static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    private static int LineOf(string? where) =>
        where is not null && where.StartsWith("linje ", StringComparison.Ordinal)
            && int.TryParse(where[6..], out var n) ? n : 1;

    private static ImportOutcome Failed(string display, string code, int line, string message,
        List<ImportNote>? notes = null) =>
        new(display, null, false, notes is null ? [] : [.. notes],
            [new Diagnostic(code, Severity.Error, display, line, 1, message)], null);
}

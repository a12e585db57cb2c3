using System.Collections.Immutable;
using SiteGen.Common;
using SiteGen.Content;
using YamlDotNet.RepresentationModel;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>The outcome for one file: the model (null when the file has errors), its diagnostics in order,
/// and the meeting it claims (duplicates across files are decided after all files are checked).</summary>
internal sealed record FileCheck(string Display, Referat? Referat, List<Diagnostic> Diagnostics, MeetingClaim? Claim)
{
    /// <summary>The attachment files the check looked up, with what it found: the only thing besides the file's
    /// bytes, site.yml and the input folder that the outcome depends on (<see cref="CheckStore"/>).</summary>
    public IReadOnlyList<AttachmentLookup> Attachments { get; init; } = [];
}

/// <summary>One attachment file looked up by a check (<see cref="InputFiles.Check"/>): null when it was fine.
/// </summary>
internal sealed record AttachmentLookup(string Full, Refusal? Outcome);

/// <summary>One referat file: read, split, parse, check; the model only when the file has no errors.
/// Thread-safe: files are checked in parallel.</summary>
internal static class ReferatValidator
{
    public static FileCheck Check(string fullPath, RunContext ctx) => Check(fullPath, ctx, null);

    /// <param name="read">the file's bytes when the caller has read them already (<see cref="CheckStore"/>): the
    /// check then sees exactly the bytes the caller hashed</param>
    public static FileCheck Check(string fullPath, RunContext ctx, byte[]? read)
    {
        var sink = new List<Diagnostic>();
        Report? report = null;
        var referat = Check(fullPath, ctx, read, sink, ref report);
        ClosedText.Redact(fullPath, ctx, sink, read); // issue 14: no message quotes closed content
        return new FileCheck(Display.Path(fullPath), referat, sink, report?.Claim)
        {
            Attachments = report?.Attachments ?? [],
        };
    }

    private static Referat? Check(string fullPath, RunContext ctx, byte[]? read, List<Diagnostic> sink,
        ref Report? report)
    {
        var display = Display.Path(fullPath);
        var fileReport = new Report(display);
        try
        {
            return CheckFile(fullPath, display, ctx, read, fileReport, out report);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Last resort: bad input should never get here, but if it does it is one clear line, not a crash.
            fileReport.Error(Codes.Internal, Pos.Start, "SiteGen fik en intern fejl ved læsning af filen " +
                $"({ex.GetType().Name}). Det er ikke din fejl: send filen til den, der driver SiteGen.");
            return null;
        }
        finally
        {
            if (report is not null) sink.AddRange(report.Diagnostics);
            sink.AddRange(fileReport.Diagnostics);
        }
    }

    private static Referat? CheckFile(string fullPath, string display, RunContext ctx, byte[]? read,
        Report fileReport, out Report? report)
    {
        report = null;
        var (bytes, refusal) = read is not null ? (read, null)
            : InputFiles.Read(ctx.InputDirFull, fullPath, InputFiles.MaxReferatBytes);
        if (bytes is null)
        {
            var (code, message) = Refused(refusal!, "referatet", InputFiles.MaxReferatBytes);
            fileReport.Error(code, Pos.Start, message);
            return null;
        }

        switch (SourceDecoder.Decode(bytes))
        {
            case DecodeResult.NotUtf8 bad:
                fileReport.Error(Codes.NotUtf8, bad.At,
                    "Filen er ikke gemt som UTF-8-tekst (det første forkerte tegn er her). Gem den som UTF-8 i din " +
                    "editor (i Word: Gem som, Almindelig tekst, Unicode (UTF-8)).");
                return null;
            case DecodeResult.Empty:
                fileReport.Error(Codes.EmptyFile, Pos.Start, "Filen er tom. Skriv mødeoplysningerne (mellem to " +
                    "linjer '---') og punkterne, eller slet filen.");
                return null;
            case DecodeResult.Ok ok:
                return CheckText(ok.Source, fullPath, ctx, display, out report) is { } referat
                    ? referat with { Version = SourceVersion.Of(fullPath, bytes) }
                    : null;
            default:
                return null;
        }
    }

    private static Referat? CheckText(SourceText source, string fullPath, RunContext ctx, string display, out Report r)
    {
        SplitReferat split;
        switch (FrontMatter.Split(source.Text))
        {
            case SplitResult.Ok ok:
                split = ok.Split;
                break;
            case SplitResult.NoOpening:
                r = new Report(display, source);
                TextRules.Check(source, r, bodyFirstLine: 1);
                r.Error(Codes.NoFrontMatter, Pos.Start, "Filen skal starte med mødeoplysningerne: en linje '---', " +
                    "mødets felter (udvalg, dato, …) og endnu en linje '---'.");
                return null;
            default:
                r = new Report(display, source);
                TextRules.Check(source, r, bodyFirstLine: int.MaxValue);
                r.Error(Codes.FrontMatterNotClosed, Pos.Start, "Mødeoplysningerne, der starter her, bliver aldrig " +
                    "afsluttet. Tilføj en linje '---' efter det sidste felt (før den første '##'-overskrift).");
                return null;
        }
        r = new Report(display, source, split.YamlFirstLine);
        TextRules.Check(source, r, bodyFirstLine: source.At(split.BodyOffset).Line);
        foreach (var slip in split.Slips) ReportFence(slip, r);

        var body = BodyParser.Parse(split.Body, split.BodyOffset);
        var relative = Path.GetRelativePath(ctx.InputDirFull, fullPath).Replace('\\', '/');

        var meeting = CheckFrontMatter(split.Yaml, r, ctx, relative, fullPath, out var entries, out var root);

        var headings = BodyValidator.CheckStructure(body, r, ctx.Sektioner, meeting, entries, ctx.Text);
        Slips.CheckPlaceholders(root, body, r);
        // A body that could not be read has no items: saying so for every entry would only be noise.
        if (meeting is null || entries is null || body.Unreadable) return null;

        CheckRettelsePunkter(meeting, entries, r);
        var matched = BodyValidator.Match(headings, entries, r);
        foreach (var e in entries)
            if (e.Nr is { } nr && matched.TryGetValue(nr, out var h))
                BodyValidator.CheckItemText(h, e, meeting, body, r);

        if (r.HasErrors) return null;
        return Build(display, meeting, entries, matched);
    }

    private static void ReportFence(FenceSlip slip, Report r)
    {
        if (slip.Missing)
        {
            r.Error(Codes.FenceMissing, new Pos(slip.Line, 1), "Mødeoplysningerne bliver ikke afsluttet: der mangler " +
                "en linje '---' før denne overskrift. Skriv '---' på en linje for sig lige efter det sidste felt.");
            return;
        }
        var typographic = slip.Written.AsSpan().IndexOfAny("–—‒―−") >= 0;
        r.Error(Codes.FenceMisspelt, new Pos(slip.Line, 1), $"Den {(slip.Opening ? "første" : "afsluttende")} linje " +
            $"om mødeoplysningerne skal være præcis tre bindestreger '---', men her står '{slip.Written}'. " +
            "Skriv '---'." +
            (typographic ? " Word laver ofte bindestreger om til tankestreger (– eller —): skriv linjen i en " +
                "almindelig teksteditor, eller slå autokorrektur fra." : ""));
    }

    /// <summary>The meeting's keys and its items' entries; null where the front matter cannot be read.</summary>
    private static Meeting? CheckFrontMatter(string yaml, Report r, RunContext ctx, string relative, string fullPath,
        out List<PunktEntry>? entries, out YamlNode? root)
    {
        Meeting? meeting = null;
        entries = null;
        root = null;
        switch (TextRules.LoadYaml(yaml, r, site: false))
        {
            case YamlLoader.Result.Rejected:
                break; // reported
            case YamlLoader.Result.Ok { Root: YamlMappingNode mapping }:
                root = mapping;
                var f = YamlFields.Read(mapping, MeetingValidator.Keys, r, "mødet");
                meeting = MeetingValidator.Check(f, r, ctx, relative);
                if (meeting.Punkter is { } punkter)
                    entries = PunktValidator.Check(punkter, r, ctx, Path.GetDirectoryName(fullPath)!, meeting.Type);
                break;
            case YamlLoader.Result.Ok { Root: null }:
                r.Error(Codes.FrontMatterNotMapping, Pos.Start, "Mødeoplysningerne er tomme. Skriv mødets felter " +
                    "(udvalg, dato, start, slut, sted, medlemmer, punkter).");
                break;
            case YamlLoader.Result.Ok { Root: { } other }:
                r.Error(Codes.FrontMatterNotMapping, r.At(other), "Mødeoplysningerne skal være linjer med " +
                    $"'felt: værdi' (udvalg, dato, …), ikke {YamlFields.Shape(other)}.");
                break;
        }
        return meeting;
    }

    /// <summary>A correction may name only items of the meeting that are open: what it says is published, and it
    /// must not point at a closed item (named in the message only as "punkt 2 (lukket)").</summary>
    private static void CheckRettelsePunkter(Meeting meeting, List<PunktEntry> entries, Report r)
    {
        foreach (var named in meeting.RettelsePunkter)
        {
            var entry = entries.FirstOrDefault(e => e.Nr == named.Nr);
            if (entry is null)
                r.Error(Codes.RettelseUnknownPunkt, named.At, $"Rettelse {named.Rettelse} nævner punkt {named.Nr}, " +
                    $"men mødet har intet punkt {named.Nr}. Ret nummeret i 'punkter'.");
            else if (entry.Status == PunktStatus.Lukket)
                r.Error(Codes.RettelseClosedPunkt, named.At, $"Rettelse {named.Rettelse} nævner punkt {named.Nr} " +
                    "(lukket). Rettelser offentliggøres og må kun nævne åbne punkter: fjern nummeret fra 'punkter'.");
        }
    }

    private static Referat? Build(string display, Meeting m, List<PunktEntry> entries,
        Dictionary<int, ItemHeading> headings)
    {
        if (m.Udvalg is null || m.Dato is not { } dato || m.Start is not { } start || m.Slut is not { } slut
            || m.Sted is null
            || m.Medlemmer is not { } medlemmer || m.Rettelser is not { } rettelser)
            return null;
        var punkter = ImmutableArray.CreateBuilder<Punkt>();
        foreach (var e in entries)
        {
            if (e.Nr is not { } nr || e.Status is not { } status || e.Bilag is not { } bilag
                || !headings.TryGetValue(nr, out var h)) return null;
            punkter.Add(new Punkt(nr, h.Titel, status, e.Sagsnr, e.Sagsgang, e.OffentligTitel, e.OffentligBeslutning,
                h.Sektioner, bilag, h.Pos.Line));
        }
        return new Referat(display, m.Udvalg, dato, start, slut, m.Sted, medlemmer, m.Fravaerende, m.Type,
            m.Publiceret ?? DefaultPubliceret(dato, slut), rettelser, punkter.ToImmutable());
    }

    /// <summary>The diagnostic for an input file that is refused before it is read (a referat, or an attachment
    /// as <paramref name="what"/>); <paramref name="shown"/> false hides its path (a closed attachment).</summary>
    internal static (string Code, string Message) Refused(Refusal refusal, string what, long limit, bool shown = true)
    {
        var code = refusal.Problem switch
        {
            InputProblem.Link => Codes.InputLink,
            InputProblem.NotRegular => Codes.NotARegularFile,
            InputProblem.TooLarge => Codes.FileTooLarge,
            _ => Codes.NotUtf8,
        };
        return (code, RefusalText.Describe(refusal, what, shown ? Display.Path(refusal.At) : null, limit));
    }

    /// <summary>Spec §2: default publication time is the meeting's end, Copenhagen time.</summary>
    public static DateTimeOffset DefaultPubliceret(DateOnly dato, TimeOnly slut)
    {
        var local = dato.ToDateTime(slut, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Danish.Copenhagen.GetUtcOffset(local));
    }
}

using System.Collections.Immutable;
using SiteGen.Common;
using SiteGen.Content;
using YamlDotNet.RepresentationModel;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>The outcome for one file: the model (null when the file has errors), its diagnostics in order,
/// and the meeting it claims (duplicates across files are decided after all files are checked).</summary>
internal sealed record FileCheck(string Display, Referat? Referat, List<Diagnostic> Diagnostics, MeetingClaim? Claim);

/// <summary>One referat file: read, split, parse, check; the model only when the file has no errors.
/// Thread-safe: files are checked in parallel.</summary>
internal static class ReferatValidator
{
    public static FileCheck Check(string fullPath, RunContext ctx)
    {
        var sink = new List<Diagnostic>();
        Report? report = null;
        var referat = Check(fullPath, ctx, sink, ref report);
        return new FileCheck(Display.Path(fullPath), referat, sink, report?.Claim);
    }

    private static Referat? Check(string fullPath, RunContext ctx, List<Diagnostic> sink, ref Report? report)
    {
        var display = Display.Path(fullPath);
        var fileReport = new Report(display);
        try
        {
            return CheckFile(fullPath, display, ctx, fileReport, out report);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Last resort: bad input should never get here, but if it does it is one clear line, not a crash.
            fileReport.Error(Codes.Internal, Pos.Start, "Internal problem reading this file " +
                $"({ex.GetType().Name}: {ex.Message}). Please report it together with the file.");
            return null;
        }
        finally
        {
            if (report is not null) sink.AddRange(report.Diagnostics);
            sink.AddRange(fileReport.Diagnostics);
        }
    }

    private static Referat? CheckFile(string fullPath, string display, RunContext ctx, Report fileReport,
        out Report? report)
    {
        report = null;
        var (bytes, refusal) = InputFiles.Read(ctx.InputDirFull, fullPath, InputFiles.MaxReferatBytes);
        if (bytes is null)
        {
            var (code, message) = Refused(refusal!, "referat");
            fileReport.Error(code, Pos.Start, message);
            return null;
        }

        switch (SourceDecoder.Decode(bytes))
        {
            case DecodeResult.NotUtf8 bad:
                fileReport.Error(Codes.NotUtf8, bad.At,
                    "The file is not UTF-8 text (the first invalid byte is here). Save it as UTF-8 in your editor.");
                return null;
            case DecodeResult.Empty:
                fileReport.Error(Codes.EmptyFile, Pos.Start, "The file is empty. Write the front matter (between two " +
                    "'---' lines) and the items, or delete the file.");
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
                r.Error(Codes.NoFrontMatter, Pos.Start, "The file must start with front matter: a line '---', the " +
                    "meeting's keys (udvalg, dato, …), and another line '---'.");
                return null;
            default:
                r = new Report(display, source);
                TextRules.Check(source, r, bodyFirstLine: int.MaxValue);
                r.Error(Codes.FrontMatterNotClosed, Pos.Start, "The front matter that starts here is never closed. " +
                    "Add a line '---' after the last key (before the first '##' heading).");
                return null;
        }
        r = new Report(display, source, split.YamlFirstLine);
        TextRules.Check(source, r, bodyFirstLine: source.At(split.BodyOffset).Line);

        var body = BodyParser.Parse(split.Body, split.BodyOffset);
        var relative = Path.GetRelativePath(ctx.InputDirFull, fullPath).Replace('\\', '/');

        var meeting = CheckFrontMatter(split.Yaml, r, ctx, relative, fullPath, out var entries);

        var headings = BodyValidator.CheckStructure(body, r, ctx.Sektioner, meeting);
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

    /// <summary>The meeting's keys and its items' entries; null where the front matter cannot be read.</summary>
    private static Meeting? CheckFrontMatter(string yaml, Report r, RunContext ctx, string relative, string fullPath,
        out List<PunktEntry>? entries)
    {
        Meeting? meeting = null;
        entries = null;
        switch (YamlLoader.Load(yaml))
        {
            case YamlLoader.Result.Rejected rejected:
                TextRules.ReportYaml(rejected, r, site: false);
                break;
            case YamlLoader.Result.Ok { Root: YamlMappingNode root }:
                var f = YamlFields.Read(root, MeetingValidator.Keys, r, "the meeting");
                meeting = MeetingValidator.Check(f, r, ctx, relative);
                if (meeting.Punkter is { } punkter)
                    entries = PunktValidator.Check(punkter, r, ctx, Path.GetDirectoryName(fullPath)!, meeting.Type);
                break;
            case YamlLoader.Result.Ok { Root: null }:
                r.Error(Codes.FrontMatterNotMapping, Pos.Start, "The front matter is empty. Add the meeting's keys " +
                    "(udvalg, dato, start, slut, sted, medlemmer, punkter).");
                break;
            case YamlLoader.Result.Ok { Root: { } other }:
                r.Error(Codes.FrontMatterNotMapping, r.At(other), "The front matter must be 'key: value' lines " +
                    $"(udvalg, dato, …), not a {YamlFields.Shape(other)}.");
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
    /// as <paramref name="what"/>).</summary>
    internal static (string Code, string Message) Refused(Refusal refusal, string what)
    {
        var at = Display.Path(refusal.At);
        return refusal.Problem switch
        {
            InputProblem.Link => (Codes.InputLink,
                $"The {what} is reached through a symbolic link ('{at}'). Links are not allowed in the input folder: " +
                "put the file or folder itself there."),
            InputProblem.NotRegular => (Codes.NotARegularFile,
                $"The {what} '{at}' is not an ordinary file (it is a named pipe, a device or a socket). " +
                "Replace it with the file itself."),
            InputProblem.TooLarge => (Codes.FileTooLarge,
                $"The {what} '{at}' is larger than {InputFiles.Megabytes(LimitOf(what))}, " +
                "the most SiteGen reads. Check that it is the right file; split or shrink it."),
            InputProblem.Missing => (Codes.NotUtf8, $"The {what} could not be read: '{at}' was not found."),
            _ => (Codes.NotUtf8, $"The {what} could not be read: {refusal.Detail}."),
        };
    }

    private static long LimitOf(string what) =>
        what == "referat" ? InputFiles.MaxReferatBytes : InputFiles.MaxAttachmentBytes;

    /// <summary>Spec §2: default publication time is the meeting's end, Copenhagen time.</summary>
    public static DateTimeOffset DefaultPubliceret(DateOnly dato, TimeOnly slut)
    {
        var local = dato.ToDateTime(slut, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Danish.Copenhagen.GetUtcOffset(local));
    }
}

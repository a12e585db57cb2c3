using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SiteGen.Common;
using SiteGen.Content;
using YamlDotNet.RepresentationModel;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>A checked <c>punkter</c> entry; Nr/Status null when missing or invalid.</summary>
internal sealed record PunktEntry(
    int? Nr, Pos Pos, PunktStatus? Status, string? Sagsnr, string? Sagsgang,
    string? OffentligTitel, string? OffentligBeslutning, Pos? OffentligBeslutningPos, ImmutableArray<Bilag>? Bilag);

/// <summary>Checks <c>punkter</c> and their <c>bilag</c> (spec §2).</summary>
internal static partial class PunktValidator
{
    public static readonly string[] Keys = ["nr", "status", "sagsnr", "sagsgang", "offentlig_titel",
        "offentlig_beslutning", "bilag"];
    public static readonly string[] BilagKeys = ["nr", "status", "titel", "dokument", "fil"];

    [GeneratedRegex(@"^\d{2}/\d+$")] private static partial Regex SagsnrPattern();
    [GeneratedRegex(@"^\d+/\d{2}$")] private static partial Regex DokumentPattern();

    public static List<PunktEntry> Check(YamlSequenceNode punkter, Report r, RunContext ctx, string referatDir,
        ReferatType type)
    {
        var entries = new List<PunktEntry>();
        var numbers = new Numbering(r, Codes.ItemNumbering, "Punkt");
        var i = 0;
        foreach (var node in punkter.Children)
        {
            i++;
            if (node is not YamlMappingNode m)
            {
                r.Error(Codes.WrongTypeRef, r.At(node), $"Linje {i} i 'punkter' skal have felter som 'nr:' og " +
                    $"'status:', ikke være {YamlFields.Shape(node)}.");
                continue;
            }
            var f = YamlFields.Read(m, Keys, r, $"punkt nr. {i} i 'punkter'", silent: true);
            var nr = f.Number("nr", true, Codes.InvalidNumber);
            // Only an item known to be open may have its values quoted in a message (issue 14: nothing closed in
            // any message): a closed one is named "punkt 2 (lukket)", one with an invalid status just "punkt 2".
            var closed = f.ValueNode("status") is YamlScalarNode { Value: { } sv } && ParseStatus(sv.Trim()) == 2;
            var label = nr is { } n ? $"punkt {n.Value}{(closed ? " (lukket)" : "")}" : f.What;
            f.ReportKeys(Keys, label);
            if (nr is { } num) numbers.Add(num.Value, r.At(num.Node));

            PunktStatus? status = null;
            if (f.Text("status", true,
                "Skriv 'status: åben' eller 'status: lukket'. Uden den kan punktet ikke offentliggøres.") is { } s)
            {
                status = ParseStatus(s.Value) switch { 1 => PunktStatus.Aaben, 2 => PunktStatus.Lukket, _ => null };
                if (status is null) BadStatus(r, s.Value, r.At(s.Node), label, Codes.InvalidStatus);
            }

            var sagsnr = f.Text("sagsnr", false);
            if (sagsnr is { } sn && !SagsnrPattern().IsMatch(sn.Value))
                r.Error(Codes.InvalidSagsnr, r.At(sn.Node), $"'sagsnr' for {label} skal være et tocifret år, " +
                    $"en skråstreg og et nummer, fx 24/7615{Written(sn.Value, status == PunktStatus.Aaben)}.");
            var sagsgang = f.Text("sagsgang", false);
            if (sagsgang is { } sg && status == PunktStatus.Aaben) TextChecks.ScanScalar(r, sg.Node,
                $"'sagsgang' for {label}");

            var offTitel = f.Text("offentlig_titel", false);
            var offBeslutning = f.Text("offentlig_beslutning", false);
            CheckPublicFields(f, r, label, status, type, offTitel, offBeslutning);

            ImmutableArray<Bilag>? bilag = [];
            if (f.List("bilag", false) is { } bl)
                bilag = CheckBilag(bl, r, ctx, referatDir, label, status == PunktStatus.Aaben);

            entries.Add(new PunktEntry(nr?.Value, r.At(m), status, sagsnr?.Value, sagsgang?.Value,
                offTitel?.Value, offBeslutning?.Value, offBeslutning is { } x ? r.At(x.Node) : null, bilag));
        }
        return entries;
    }

    /// <summary>'offentlig_titel' and 'offentlig_beslutning': only on closed items, readable, and no decision in a
    /// dagsorden.</summary>
    private static void CheckPublicFields(YamlFields f, Report r, string label, PunktStatus? status, ReferatType type,
        (string Value, YamlScalarNode Node)? offTitel, (string Value, YamlScalarNode Node)? offBeslutning)
    {
        if (status == PunktStatus.Aaben)
        {
            foreach (var (key, v) in new[] { ("offentlig_titel", offTitel),
                ("offentlig_beslutning", offBeslutning) })
                if (v is not null)
                    r.Error(Codes.PublicFieldOnOpenItem, r.At(f.KeyNode(key)!), $"'{key}' bruges kun ved lukkede " +
                        $"punkter, men {label} er 'åben'. Slet feltet (et åbent punkt viser sin egen titel og " +
                        "beslutning), eller skriv 'status: lukket'.");
        }
        else if (status == PunktStatus.Lukket)
        {
            if (offTitel is { } ot) TextChecks.ScanScalar(r, ot.Node, $"'offentlig_titel' for {label}");
            if (offBeslutning is { } ob)
            {
                TextChecks.ScanScalar(r, ob.Node, $"'offentlig_beslutning' for {label}");
                var limit = MarkdownLimits.Check(ob.Value);
                var html = limit is null ? TextChecks.HasHtml(ob.Value) : false;
                if (limit is not null)
                    r.Error(limit.Kind == MarkdownLimits.Kind.HtmlTooDeep ? Codes.HtmlTooDeep : Codes.TooManyLinks,
                        r.At(ob.Node), $"'offentlig_beslutning' for {label} har HTML indlejret mere end " +
                        $"{MarkdownLimits.MaxHtmlDepth} niveauer eller mere end " +
                        $"{MarkdownLimits.MaxLinksPerParagraph} starter på links eller HTML-kommentarer ('](', '<!', " +
                        "'<?') i ét afsnit, så den kan ikke læses. Gør teksten enklere.");
                else if (html is null)
                    r.Error(Codes.TooDeeplyNested, r.At(ob.Node), $"'offentlig_beslutning' for {label} er indlejret " +
                        "for dybt (citater, lister eller parenteser inden i hinanden) til at kunne læses. Gør " +
                        "teksten enklere.");
                else if (html.Value)
                    r.Warning(Codes.RawHtml, r.At(ob.Node), $"'offentlig_beslutning' for {label} indeholder HTML. " +
                        "Den bliver renset før offentliggørelse; skriv hellere almindelig tekst (Markdown).");
            }
        }
        if (offBeslutning is not null && type == ReferatType.Dagsorden)
            r.Error(Codes.DecisionInDagsorden, r.At(f.KeyNode("offentlig_beslutning")!), "Dette er en dagsorden, " +
                $"som endnu ikke har beslutninger, men {label} har 'offentlig_beslutning'. Slet feltet, eller " +
                "skriv 'type: referat'.");
    }

    /// <returns>1 = åben, 2 = lukket, 0 = neither.</returns>
    // Letter case is all that may differ: only the letters a-z and å count (a look-alike such as the Kelvin sign,
    // which case folding reads as 'k', does not), so a status is never guessed.
    private static int ParseStatus(string s) =>
        !s.All(c => char.IsAsciiLetter(c) || c is 'å' or 'Å') ? 0
        : s.Equals("åben", StringComparison.OrdinalIgnoreCase) ? 1
        : s.Equals("lukket", StringComparison.OrdinalIgnoreCase) ? 2 : 0;

    private static ImmutableArray<Bilag>? CheckBilag(YamlSequenceNode list, Report r, RunContext ctx, string referatDir,
        string itemLabel, bool itemOpen)
    {
        var result = ImmutableArray.CreateBuilder<Bilag>();
        var ok = true;
        var numbers = new Numbering(r, Codes.BilagNumbering, $"Bilag til {itemLabel} med nummer");
        var i = 0;
        foreach (var node in list.Children)
        {
            i++;
            if (node is not YamlMappingNode m)
            {
                r.Error(Codes.WrongTypeRef, r.At(node), $"Bilag nr. {i} til {itemLabel} skal have felter som 'nr:' " +
                    $"og 'status:', ikke være {YamlFields.Shape(node)}.");
                ok = false;
                continue;
            }
            var f = YamlFields.Read(m, BilagKeys, r, $"bilag nr. {i} til {itemLabel}", silent: true);
            var nr = f.Number("nr", true, Codes.InvalidNumber);
            var bilagStatus = f.ValueNode("status") is YamlScalarNode { Value: { } sv } ? ParseStatus(sv.Trim()) : 0;
            var label = nr is { } n ? $"bilag {n.Value}{(bilagStatus == 2 ? " (lukket)" : "")} til {itemLabel}"
                : f.What;
            var open = itemOpen && bilagStatus == 1; // only then may its values be quoted
            f.ReportKeys(BilagKeys, label);
            if (nr is { } num) numbers.Add(num.Value, r.At(num.Node));

            BilagStatus? status = null;
            if (f.Text("status", true, "Skriv 'status: åben' eller 'status: lukket'.") is { } s)
            {
                status = ParseStatus(s.Value) switch { 1 => BilagStatus.Aaben, 2 => BilagStatus.Lukket, _ => null };
                if (status is null) BadStatus(r, s.Value, r.At(s.Node), label, Codes.InvalidBilagStatus);
            }
            var titel = f.Text("titel", false);
            if (status == BilagStatus.Aaben && titel is null && f.ValueNode("titel") is null or YamlScalarNode)
                r.Error(Codes.OpenBilagWithoutTitel, f.PosOf("titel"),
                    $"{YamlFields.Cap(label)} er 'åben', men har ingen 'titel'. Skriv titlen, som skal " +
                    "offentliggøres.");
            if (titel is { } t && status == BilagStatus.Aaben && itemOpen) TextChecks.ScanScalar(r, t.Node,
                $"Titlen på {label}");

            var dokument = f.Text("dokument", false);
            if (dokument is { } d && !DokumentPattern().IsMatch(d.Value))
                r.Error(Codes.InvalidDokument, r.At(d.Node), $"'dokument' for {label} skal være cifre, en skråstreg " +
                    $"og et tocifret år, fx 108223/24{Written(d.Value, open)}.");

            string? fil = null;
            if (f.Text("fil", false) is { } fv)
                fil = CheckFile(fv.Value, r.At(fv.Node), r, ctx, referatDir, label, open);

            if (nr is null || status is null || (status == BilagStatus.Aaben && titel is null)
                || (f.Has("fil") && fil is null)) ok = false;
            else result.Add(new Bilag(nr.Value.Value, status.Value, titel?.Value, dokument?.Value, fil));
        }
        return ok ? result.ToImmutable() : null;
    }

    private static string? CheckFile(string fil, Pos at, Report r, RunContext ctx, string referatDir, string label,
        bool open)
    {
        if (fil.Contains('\0') || Path.IsPathRooted(fil) || fil.StartsWith('\\') || fil.Contains(':'))
        {
            r.Error(Codes.BilagFileOutside, at, $"'fil' for {label} skal være en sti i forhold til referatfilen, fx " +
                $"bilag/108223-24.pdf{Written(fil, open)}.");
            return null;
        }
        var full = Path.GetFullPath(Path.Combine(referatDir, fil.Replace('\\', '/')));
        var root = Path.TrimEndingDirectorySeparator(ctx.InputDirFull);
        if (!InputFiles.IsInside(full, root) || full.Length == root.Length)
        {
            r.Error(Codes.BilagFileOutside, at, $"'fil' for {label} peger uden for input-mappen" +
                $"{Written(fil, open)}. Læg filen i årets 'bilag'-mappe, fx " +
                "input/referater/2024/bilag/, og henvis til den der.");
            return null;
        }
        var ext = Path.GetExtension(full).ToLowerInvariant();
        if (ext == ".md")
        {
            r.Error(Codes.BilagFileType, at, $"'fil' for {label} er en Markdown-fil (som et referat)" +
                $"{Written(fil, open)}: den bliver aldrig offentliggjort som bilag. " +
                $"Skriv navnet på selve bilagsfilen ({AttachmentTypes.AllowedList}).");
            return null;
        }
        if (!AttachmentTypes.IsAllowed(ext))
        {
            r.Error(Codes.BilagFileType, at, $"'fil' for {label} er en filtype, som ikke offentliggøres" +
                $"{Written(fil, open)}. Bilag kan være {AttachmentTypes.AllowedList}; " +
                "gem den som PDF, hvis du er i tvivl.");
            return null;
        }
        var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
        if (!BilagFolder().IsMatch(relative))
        {
            r.Error(Codes.BilagFileLocation, at, $"Filen til {label} skal ligge i årets 'bilag'-mappe, " +
                $"input/referater/<åååå>/bilag/{(open ? $", ikke '{Display.Path(full)}'" : "")}. " +
                "Flyt den derhen, og skriv fx 'fil: bilag/108223-24.pdf'.");
            return null;
        }
        var outcome = InputFiles.Check(root, full, InputFiles.MaxAttachmentBytes);
        r.Attachments.Add(new AttachmentLookup(full, outcome)); // the check depends on it (CheckStore)
        if (outcome is { } refusal)
        {
            if (refusal.Problem == InputProblem.Missing)
                r.Error(Codes.BilagFileMissing, at, $"Filen til {label} blev ikke fundet" +
                    $"{(open ? $": '{Display.Path(full)}'" : "")}. Tjek stavningen, og at filen ligger der.");
            else
            {
                var (code, message) = ReferatValidator.Refused(refusal, $"filen til {label}",
                    InputFiles.MaxAttachmentBytes, shown: open);
                r.Error(code, at, message);
            }
            return null;
        }
        return full;
    }

    /// <summary>referater/&lt;yyyy&gt;/bilag/…/&lt;file&gt;: attachments live beside the referater of a year, never
    /// among them (a referat source is not an attachment).</summary>
    [GeneratedRegex(@"^referater/[0-9]{4}/bilag/(?:[^/]+/)*[^/]+$")] private static partial Regex BilagFolder();

    /// <summary>", ikke 'value'" for a value that may be quoted (an open item's or attachment's), else nothing.
    /// </summary>
    private static string Written(string value, bool open) => open ? $", ikke '{YamlFields.Short(value)}'" : "";

    /// <summary>An invalid status: a slip with the value it probably stands for, or the plain error. Either way
    /// it stays an error: a status is never guessed.</summary>
    private static void BadStatus(Report r, string value, Pos at, string label, string code)
    {
        if (Slips.Status(value) is { } meant)
            r.Error(Codes.StatusSlip, at, $"'status' for {label} er '{YamlFields.Short(value)}'. Mente du " +
                $"'{meant}'? Kun 'åben' og 'lukket' er gyldige: skriv status: {meant}");
        else
            r.Error(code, at, $"'status' for {label} skal være 'åben' eller 'lukket', ikke " +
                $"'{YamlFields.Short(value)}'.");
    }

    /// <summary>Numbers must run 1, 2, 3 … in order without gaps or repeats.</summary>
    private sealed class Numbering(Report r, string code, string what)
    {
        private readonly HashSet<int> _seen = [];
        private int _last;

        public void Add(int nr, Pos at)
        {
            if (!_seen.Add(nr))
                r.Error(code, at, $"{what} {nr} står to gange. Numrene skal være 1, 2, 3 … uden gentagelser.");
            else if (nr != _last + 1)
                r.Error(code, at, $"{what} {nr} står uden for rækkefølgen: her skulle stå {_last + 1}. Numrene " +
                    "skal være 1, 2, 3 … i rækkefølge uden huller.");
            _last = Math.Max(_last, nr);
        }
    }
}

internal static class Display
{
    /// <summary>A path as shown in diagnostics: relative to the working directory, with forward slashes.</summary>
    public static string Path(string full) =>
        System.IO.Path.GetRelativePath(Environment.CurrentDirectory, full).Replace('\\', '/');
}

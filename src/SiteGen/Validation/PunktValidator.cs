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
        var numbers = new Numbering(r, Codes.ItemNumbering, "Item");
        var i = 0;
        foreach (var node in punkter.Children)
        {
            i++;
            if (node is not YamlMappingNode m)
            {
                r.Error(Codes.WrongTypeRef, r.At(node), $"Entry {i} of 'punkter' must have keys like 'nr:' and " +
                    $"'status:', not be a {YamlFields.Shape(node)}.");
                continue;
            }
            var f = YamlFields.Read(m, Keys, r, $"entry {i} of 'punkter'", silent: true);
            var nr = f.Number("nr", true, Codes.InvalidNumber);
            var label = nr is { } n ? $"item {n.Value}" : f.What;
            f.ReportKeys(Keys, label);
            if (nr is { } num) numbers.Add(num.Value, r.At(num.Node));

            PunktStatus? status = null;
            if (f.Text("status", true,
                "Add 'status: åben' or 'status: lukket'. Without it the item cannot be published.") is { } s)
            {
                status = ParseStatus(s.Value) switch { 1 => PunktStatus.Aaben, 2 => PunktStatus.Lukket, _ => null };
                if (status is null)
                    r.Error(Codes.InvalidStatus, r.At(s.Node),
                        $"'status' of {label} must be 'åben' or 'lukket', not '{YamlFields.Short(s.Value)}'.");
            }

            var sagsnr = f.Text("sagsnr", false);
            if (sagsnr is { } sn && !SagsnrPattern().IsMatch(sn.Value))
                r.Error(Codes.InvalidSagsnr, r.At(sn.Node), $"'sagsnr' of {label} must be a two-digit year, a slash " +
                    $"and a number, e.g. 24/7615, not '{YamlFields.Short(sn.Value)}'.");
            var sagsgang = f.Text("sagsgang", false);
            if (sagsgang is { } sg && status == PunktStatus.Aaben) TextChecks.ScanScalar(r, sg.Node,
                $"'sagsgang' of {label}");

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
                    r.Error(Codes.PublicFieldOnOpenItem, r.At(f.KeyNode(key)!), $"'{key}' is only for closed " +
                        $"items, but {label} is 'åben'. Remove it (an open item shows its own title and " +
                        "decision), or set 'status: lukket'.");
        }
        else if (status == PunktStatus.Lukket)
        {
            if (offTitel is { } ot) TextChecks.ScanScalar(r, ot.Node, $"'offentlig_titel' of {label}");
            if (offBeslutning is { } ob)
            {
                TextChecks.ScanScalar(r, ob.Node, $"'offentlig_beslutning' of {label}");
                var limit = MarkdownLimits.Check(ob.Value);
                var html = limit is null ? TextChecks.HasHtml(ob.Value) : false;
                if (limit is not null)
                    r.Error(limit.Kind == MarkdownLimits.Kind.HtmlTooDeep ? Codes.HtmlTooDeep : Codes.TooManyLinks,
                        r.At(ob.Node), $"'offentlig_beslutning' of {label} has HTML nested more than " +
                        $"{MarkdownLimits.MaxHtmlDepth} deep or more than " +
                        $"{MarkdownLimits.MaxLinksPerParagraph} link or HTML comment starts ('](', '<!', '<?') " +
                        "in one paragraph, so it " +
                        "cannot be read. Simplify it.");
                else if (html is null)
                    r.Error(Codes.TooDeeplyNested, r.At(ob.Node), $"'offentlig_beslutning' of {label} is nested " +
                        "too deeply (quotes, lists or brackets inside each other) to be read. Simplify it.");
                else if (html.Value)
                    r.Warning(Codes.RawHtml, r.At(ob.Node), $"'offentlig_beslutning' of {label} contains HTML. " +
                        "It will be cleaned before publishing; prefer plain Markdown.");
            }
        }
        if (offBeslutning is not null && type == ReferatType.Dagsorden)
            r.Error(Codes.DecisionInDagsorden, r.At(f.KeyNode("offentlig_beslutning")!), "This is a dagsorden " +
                $"(agenda), which has no decisions yet, but {label} has 'offentlig_beslutning'. Remove it, or " +
                "set 'type: referat'.");
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
        var numbers = new Numbering(r, Codes.BilagNumbering, $"Attachment (bilag) of {itemLabel} with number");
        var i = 0;
        foreach (var node in list.Children)
        {
            i++;
            if (node is not YamlMappingNode m)
            {
                r.Error(Codes.WrongTypeRef, r.At(node), $"Attachment {i} of {itemLabel} must have keys like 'nr:' " +
                    $"and 'status:', not be a {YamlFields.Shape(node)}.");
                ok = false;
                continue;
            }
            var f = YamlFields.Read(m, BilagKeys, r, $"attachment {i} of {itemLabel}", silent: true);
            var nr = f.Number("nr", true, Codes.InvalidNumber);
            var label = nr is { } n ? $"attachment (bilag) {n.Value} of {itemLabel}" : f.What;
            f.ReportKeys(BilagKeys, label);
            if (nr is { } num) numbers.Add(num.Value, r.At(num.Node));

            BilagStatus? status = null;
            if (f.Text("status", true, "Add 'status: åben' or 'status: lukket'.") is { } s)
            {
                status = ParseStatus(s.Value) switch { 1 => BilagStatus.Aaben, 2 => BilagStatus.Lukket, _ => null };
                if (status is null)
                    r.Error(Codes.InvalidBilagStatus, r.At(s.Node),
                        $"'status' of {label} must be 'åben' or 'lukket', not '{YamlFields.Short(s.Value)}'.");
            }
            var titel = f.Text("titel", false);
            if (status == BilagStatus.Aaben && titel is null && f.ValueNode("titel") is null or YamlScalarNode)
                r.Error(Codes.OpenBilagWithoutTitel, f.PosOf("titel"),
                    $"{Cap(label)} is 'åben' but has no 'titel'. Add the title to publish with it.");
            if (titel is { } t && status == BilagStatus.Aaben && itemOpen) TextChecks.ScanScalar(r, t.Node,
                $"The title of {label}");

            var dokument = f.Text("dokument", false);
            if (dokument is { } d && !DokumentPattern().IsMatch(d.Value))
                r.Error(Codes.InvalidDokument, r.At(d.Node), $"'dokument' of {label} must be digits, a slash and a " +
                    $"two-digit year, e.g. 108223/24, not '{YamlFields.Short(d.Value)}'.");

            string? fil = null;
            if (f.Text("fil", false) is { } fv) fil = CheckFile(fv.Value, r.At(fv.Node), r, ctx, referatDir, label);

            if (nr is null || status is null || (status == BilagStatus.Aaben && titel is null)
                || (f.Has("fil") && fil is null)) ok = false;
            else result.Add(new Bilag(nr.Value.Value, status.Value, titel?.Value, dokument?.Value, fil));
        }
        return ok ? result.ToImmutable() : null;
    }

    private static string? CheckFile(string fil, Pos at, Report r, RunContext ctx, string referatDir, string label)
    {
        if (fil.Contains('\0') || Path.IsPathRooted(fil) || fil.StartsWith('\\') || fil.Contains(':'))
        {
            r.Error(Codes.BilagFileOutside, at, $"'fil' of {label} must be a path relative to the referat file, e.g. " +
                $"bilag/108223-24.pdf, not '{YamlFields.Short(fil)}'.");
            return null;
        }
        var full = Path.GetFullPath(Path.Combine(referatDir, fil.Replace('\\', '/')));
        var root = Path.TrimEndingDirectorySeparator(ctx.InputDirFull);
        if (!InputFiles.IsInside(full, root) || full.Length == root.Length)
        {
            r.Error(Codes.BilagFileOutside, at, $"'fil' of {label} points outside the input folder " +
                $"('{YamlFields.Short(fil)}'). Put the file in the year's 'bilag' folder, e.g. " +
                "input/referater/2024/bilag/, and refer to it from there.");
            return null;
        }
        var ext = Path.GetExtension(full).ToLowerInvariant();
        if (ext == ".md")
        {
            r.Error(Codes.BilagFileType, at, $"'fil' of {label} names a Markdown file ('{YamlFields.Short(fil)}'), " +
                "such as a referat: it is never published as an attachment. " +
                $"Name the attachment's own file ({AttachmentTypes.AllowedList}).");
            return null;
        }
        if (!AttachmentTypes.IsAllowed(ext))
        {
            r.Error(Codes.BilagFileType, at, $"'fil' of {label} is a kind of file that is not published " +
                $"('{YamlFields.Short(fil)}'). Attachments may be {AttachmentTypes.AllowedList}; " +
                "save it as PDF if in doubt.");
            return null;
        }
        var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
        if (!BilagFolder().IsMatch(relative))
        {
            r.Error(Codes.BilagFileLocation, at, $"The file of {label} must be in a year's 'bilag' folder, " +
                $"input/referater/<yyyy>/bilag/, not '{Display.Path(full)}'. " +
                "Move it there and write e.g. 'fil: bilag/108223-24.pdf'.");
            return null;
        }
        if (InputFiles.Check(root, full, InputFiles.MaxAttachmentBytes) is { } refusal)
        {
            if (refusal.Problem == InputProblem.Missing)
                r.Error(Codes.BilagFileMissing, at, $"The file of {label} was not found: '{Display.Path(full)}'. " +
                    "Check the spelling and that the file is in place.");
            else
            {
                var (code, message) = ReferatValidator.Refused(refusal, $"file of {label}");
                r.Error(code, at, message);
            }
            return null;
        }
        return full;
    }

    /// <summary>referater/&lt;yyyy&gt;/bilag/…/&lt;file&gt;: attachments live beside the referater of a year, never
    /// among them (a referat source is not an attachment).</summary>
    [GeneratedRegex(@"^referater/[0-9]{4}/bilag/(?:[^/]+/)*[^/]+$")] private static partial Regex BilagFolder();

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>Numbers must run 1, 2, 3 … in order without gaps or repeats.</summary>
    private sealed class Numbering(Report r, string code, string what)
    {
        private readonly HashSet<int> _seen = [];
        private int _last;

        public void Add(int nr, Pos at)
        {
            if (!_seen.Add(nr))
                r.Error(code, at, $"{what} {nr} appears twice. Numbers must run 1, 2, 3 … without repeats.");
            else if (nr != _last + 1)
                r.Error(code, at, $"{what} {nr} is out of sequence: expected {_last + 1} here. Numbers must run 1, " +
                    "2, 3 … in order without gaps.");
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

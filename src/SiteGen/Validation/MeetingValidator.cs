using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using SiteGen.Common;
using SiteGen.Content;
using YamlDotNet.RepresentationModel;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>What is known across files during one run.</summary>
/// <param name="text">where the sections' text is kept (a new store in the temp folder when null)</param>
internal sealed class RunContext(SiteConfig? config, string inputDirFull, TextStore? text = null)
{
    public SiteConfig? Config { get; } = config;
    public string InputDirFull { get; } = inputDirFull;
    public TextStore Text { get; } = text ?? new TextStore();
    public ImmutableArray<string> Sektioner => Config?.Sektioner ?? SiteConfigValidator.DefaultSektioner;
}

/// <summary>A file's claim to be the meeting of <paramref name="Udvalg"/> on <paramref name="Dato"/>. When files
/// share a claim, the error (at <paramref name="At"/>, inserted at <paramref name="Index"/> in the file's report)
/// goes to each file whose name breaks the path rule (<paramref name="PathOk"/> false), or to all of them when
/// none or all follow it.</summary>
internal sealed record MeetingClaim(Udvalg Udvalg, DateOnly Dato, Pos At, int Index, bool PathOk);

/// <summary>The checked meeting fields of the front matter (null where missing or invalid).</summary>
internal sealed record Meeting(
    Udvalg? Udvalg, DateOnly? Dato, TimeOnly? Start, TimeOnly? Slut, string? Sted,
    ImmutableArray<string>? Medlemmer, ImmutableArray<string> Fravaerende, ReferatType Type,
    DateTimeOffset? Publiceret, ImmutableArray<Rettelse>? Rettelser, YamlSequenceNode? Punkter)
{
    /// <summary>Each item number a correction names, where it is written (checked against the items later).</summary>
    public ImmutableArray<RettelsePunkt> RettelsePunkter { get; init; } = [];
}

/// <summary>Correction <paramref name="Rettelse"/> (1-based) names item <paramref name="Nr"/> at
/// <paramref name="At"/>.</summary>
internal sealed record RettelsePunkt(int Rettelse, int Nr, Pos At);

/// <summary>Checks the meeting keys of the front matter (spec §1–2).</summary>
internal static partial class MeetingValidator
{
    public static readonly string[] Keys =
        ["udvalg", "dato", "start", "slut", "sted", "medlemmer", "fraværende", "type", "publiceret", "rettelser",
            "punkter"];
    private static readonly string[] RettelseKeys = ["dato", "tekst", "punkter"];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")] private static partial Regex DatePattern();
    [GeneratedRegex(@"^([01]\d|2[0-3]):([0-5]\d)$")] private static partial Regex TimePattern();
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoPattern();
    [GeneratedRegex(@"^referater/(\d{4})/(\d{4}-\d{2}-\d{2})-(.+)\.md$")] private static partial Regex PathPattern();

    /// <summary>The error for a file claiming the same meeting as <paramref name="others"/>: it names every file.
    /// </summary>
    public static Diagnostic Duplicate(string file, MeetingClaim c, IReadOnlyList<string> others) =>
        new(Codes.DuplicateMeeting, Severity.Error, file, c.At.Line, c.At.Column,
            $"Mødet i {c.Udvalg.Navn} den {c.Dato:yyyy-MM-dd} står i flere filer: '{file}' og " +
                $"{string.Join(" og ", others.Select(o => $"'{o}'"))}. Hvert møde har kun én fil" +
                (c.PathOk ? ": slet den fil, der er i overskud, eller ret 'dato' i den." :
                    $", og denne fils navn passer ikke til mødet ({PathFor(c.Udvalg, c.Dato)}): slet den, hvis det " +
                    "er en kopi, eller ret 'dato' i den."));

    public static Meeting Check(YamlFields f, Report r, RunContext ctx, string relativePath)
    {
        var udvalg = CheckUdvalg(f, r, ctx);
        var dato = Date(f, "dato", r, required: true);
        var start = Time(f, "start", r);
        var slut = Time(f, "slut", r);
        if (start is { } s && slut is { } e && e <= s)
            r.Error(Codes.SlutNotAfterStart, f.PosOf("slut"),
                $"'slut' ({Danish.Time(e)}) skal være efter 'start' ({Danish.Time(s)}). Ret tidspunkterne.");

        var sted = f.Text("sted", true, "Skriv hvor mødet blev holdt, fx 'sted: Mødelokale 250, rådhuset'.");
        if (sted is { } st) TextChecks.ScanScalar(r, st.Node, "'sted'");

        var medlemmer = Members(f, r);
        var fravaerende = Absent(f, r, medlemmer);
        var type = ReferatType.Referat;
        if (f.Text("type", false) is { } t)
        {
            switch (t.Value.ToLowerInvariant())
            {
                case "referat": break;
                case "dagsorden": type = ReferatType.Dagsorden; break;
                default:
                    r.Error(Codes.InvalidType, r.At(t.Node),
                        $"'type' skal være 'referat' eller 'dagsorden', ikke '{YamlFields.Short(t.Value)}'.");
                    break;
            }
        }

        DateTimeOffset? publiceret = null;
        if (f.Text("publiceret", false) is { } p)
        {
            if (IsoPattern().IsMatch(p.Value) &&
                DateTimeOffset.TryParse(p.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
                publiceret = dto;
            else
                r.Error(Codes.InvalidPubliceret, r.At(p.Node), "'publiceret' skal være dato og klokkeslæt med " +
                    $"tidszone, fx 2024-11-13T13:00:00+01:00, ikke '{YamlFields.Short(p.Value)}'. Udelad feltet for " +
                    "at bruge 'dato' kl. 'slut'.");
        }

        var named = ImmutableArray.CreateBuilder<RettelsePunkt>();
        var rettelser = Rettelser(f, r, named);
        var punkter =
            f.List("punkter", true, "Skriv dagsordenens punkter under 'punkter', fx '- nr: 1' med 'status: åben'.");
        if (punkter is { Children.Count: 0 })
        {
            r.Error(Codes.NoItems, r.At(f.KeyNode("punkter")!),
                "'punkter' er tom. Skriv hvert punkt på dagsordenen med 'nr' og 'status'.");
            punkter = null;
        }

        var pathOk = CheckPath(f, r, relativePath, udvalg, dato);
        if (udvalg is not null && dato is { } d)
            r.Claim = new MeetingClaim(udvalg, d, f.PosOf("dato"), r.Diagnostics.Count, pathOk);

        return new Meeting(udvalg, dato, start, slut, sted?.Value, medlemmer, fravaerende, type, publiceret, rettelser,
            punkter) { RettelsePunkter = named.ToImmutable() };
    }

    private static Udvalg? CheckUdvalg(YamlFields f, Report r, RunContext ctx)
    {
        if (f.Text("udvalg", true,
            "Skriv udvalget, fx 'udvalg: Direktionen', som det hedder i site.yml.") is not { } u) return null;
        // site.yml is broken; still check the file name
        if (ctx.Config is null) return new Udvalg(u.Value, Slug.From(u.Value), null);
        var found = ctx.Config.Udvalg.FirstOrDefault(x => x.Navn == u.Value);
        if (found is not null) return found;
        var names = ctx.Config.Udvalg.Select(x => x.Navn).ToList();
        r.Error(Codes.UnknownUdvalg, r.At(u.Node), $"Ukendt udvalg '{YamlFields.Short(u.Value)}'." +
            Suggest.Hint(u.Value, names, "Udvalgene i site.yml er")
                + " Skriv navnet præcis som i site.yml, eller tilføj udvalget der.");
        return null;
    }

    public static DateOnly? Date(YamlFields f, string key, Report r, bool required)
    {
        if (f.Text(key, required, "Skriv datoen som år-måned-dag, fx 2024-11-13.") is not { } v) return null;
        if (DatePattern().IsMatch(v.Value) &&
            DateOnly.TryParseExact(v.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return d;
        if (!DatePattern().IsMatch(v.Value) && Slips.Date(v.Value) is { } fix)
            r.Error(Codes.DateSlip, r.At(v.Node), $"'{key}' i {f.What} er skrevet '{YamlFields.Short(v.Value)}'. " +
                $"Datoer skrives år-måned-dag med bindestreger: skriv {key}: {fix}");
        else
            r.Error(Codes.InvalidDate, r.At(v.Node), $"'{key}' i {f.What} skal være en rigtig dato skrevet " +
                $"år-måned-dag, fx 2024-11-13, ikke '{YamlFields.Short(v.Value)}'.");
        return null;
    }

    private static TimeOnly? Time(YamlFields f, string key, Report r)
    {
        if (f.Text(key, true, $"Skriv klokkeslættet, fx '{key}: \"09:00\"'.") is not { } v) return null;
        var m = TimePattern().Match(v.Value);
        if (m.Success) return new TimeOnly(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        if (Slips.Time(v.Value) is { } fix)
            r.Error(Codes.TimeSlip, r.At(v.Node), $"'{key}' er skrevet '{YamlFields.Short(v.Value)}'. Klokkeslæt " +
                "skrives med to cifre for timer og minutter, kolon imellem og i anførselstegn: " +
                $"skriv {key}: \"{fix}\"");
        else
            r.Error(Codes.InvalidTime, r.At(v.Node), $"'{key}' skal være et klokkeslæt skrevet \"TT:MM\" (timer " +
                $"00–23, minutter 00–59), fx \"09:00\", ikke '{YamlFields.Short(v.Value)}'.");
        return null;
    }

    private static ImmutableArray<string>? Members(YamlFields f, Report r)
    {
        if (f.List("medlemmer", true,
            "Skriv medlemmerne, ét pr. linje, der starter med '- '.") is not { } list) return null;
        if (list.Children.Count == 0)
        {
            r.Error(Codes.NoMembers, r.At(f.KeyNode("medlemmer")!),
                "'medlemmer' er tom. Skriv mindst ét medlem (fx 'Kommunaldirektør Vakant' for en ubesat plads).");
            return null;
        }
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var entry in list.Children)
        {
            if (Name(entry, r, "medlemmer") is not { } n) continue;
            TextChecks.ScanScalar(r, (YamlScalarNode)entry, "'medlemmer'");
            names.Add(n);
        }
        return names.Count == list.Children.Count ? names.ToImmutable() : null;
    }

    private static ImmutableArray<string> Absent(YamlFields f, Report r, ImmutableArray<string>? medlemmer)
    {
        if (f.List("fraværende", false) is not { } list) return [];
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var entry in list.Children)
        {
            if (Name(entry, r, "fraværende") is not { } n) continue;
            if (medlemmer is { } m && !m.Contains(n))
                r.Error(Codes.AbsentNotMember, r.At(entry),
                    $"'{YamlFields.Short(n)}' står under 'fraværende', men ikke under 'medlemmer'." +
                    (Suggest.Nearest(n, m) is { } near ? $" Mente du '{near}'?"
                        : " Skriv navnet præcis som under 'medlemmer'."));
            names.Add(n);
        }
        return names.ToImmutable();
    }

    private static string? Name(YamlNode entry, Report r, string key)
    {
        if (entry is not YamlScalarNode s)
        {
            r.Error(Codes.WrongTypeRef, r.At(entry),
                $"Hver linje i '{key}' skal være et navn, ikke {YamlFields.Shape(entry)}.");
            return null;
        }
        if (YamlFields.IsNull(s) || string.IsNullOrWhiteSpace(s.Value))
        {
            r.Error(Codes.NoMembers, r.At(entry),
                $"En linje i '{key}' er tom. Skriv personens titel og navn, eller slet linjen.");
            return null;
        }
        return s.Value.Trim();
    }

    private static ImmutableArray<Rettelse>? Rettelser(YamlFields f, Report r, ImmutableArray<RettelsePunkt>.Builder named)
    {
        if (f.List("rettelser", false) is not { } list) return [];
        var result = ImmutableArray.CreateBuilder<Rettelse>();
        var ok = true;
        var i = 0;
        foreach (var entry in list.Children)
        {
            i++;
            if (entry is not YamlMappingNode m)
            {
                r.Error(Codes.WrongTypeRef, r.At(entry), $"Rettelse {i} i 'rettelser' skal have 'dato:' og " +
                    $"'tekst:', ikke være {YamlFields.Shape(entry)}.");
                ok = false;
                continue;
            }
            var rf = YamlFields.Read(m, RettelseKeys, r, $"rettelse {i} i 'rettelser'");
            var dato = Date(rf, "dato", r, required: true);
            var tekst = rf.Text("tekst", true, "Skriv hvad der er rettet.");
            if (tekst is { } t) TextChecks.ScanScalar(r, t.Node, $"Rettelse {i}");
            var punkter = RettelsePunkter(rf, r, i, named);
            if (dato is { } d && tekst is { } tt && punkter is { } p) result.Add(new Rettelse(d, tt.Value, p));
            else ok = false;
        }
        return ok ? result.ToImmutable() : null;
    }

    /// <summary>The optional `punkter: [2, 3]` of correction <paramref name="i"/>: item numbers, each noted in
    /// <paramref name="named"/> to be checked against the items; default when absent, null when invalid.</summary>
    private static ImmutableArray<int>? RettelsePunkter(YamlFields rf, Report r, int i,
        ImmutableArray<RettelsePunkt>.Builder named)
    {
        if (rf.List("punkter", false) is not { } list) return default(ImmutableArray<int>);
        var numbers = ImmutableArray.CreateBuilder<int>();
        foreach (var node in list.Children)
        {
            if (node is YamlScalarNode { Value: { } v } && int.TryParse(v, NumberStyles.None,
                    CultureInfo.InvariantCulture, out var nr) && nr > 0)
            {
                if (!numbers.Contains(nr)) numbers.Add(nr);
                named.Add(new RettelsePunkt(i, nr, r.At(node)));
                continue;
            }
            r.Error(Codes.RettelseUnknownPunkt, r.At(node), $"Rettelse {i}: 'punkter' skal være numre på " +
                "punkter i mødet, fx 'punkter: [2]'.");
            return null;
        }
        return numbers.ToImmutable();
    }

    /// <summary>The path a meeting's file must have (spec §1), relative to the input folder.</summary>
    public static string PathFor(Udvalg udvalg, DateOnly d) =>
        $"referater/{d.Year:0000}/{d:yyyy-MM-dd}-{udvalg.Slug}.md";

    /// <summary>Whether the file's path follows spec §1 for this meeting (reports where it does not).</summary>
    private static bool CheckPath(YamlFields f, Report r, string relativePath, Udvalg? udvalg, DateOnly? dato)
    {
        var expected = dato is { } d && udvalg is not null ? PathFor(udvalg, d) : null;
        var m = PathPattern().Match(relativePath);
        if (!m.Success)
        {
            r.Error(Codes.WrongPath, dato is null ? Pos.Start : f.PosOf("dato"),
                $"Filen '{relativePath}' (i input-mappen) skal hedde " +
                    "referater/<åååå>/<åååå-mm-dd>-<udvalg>.md" +
                (expected is null ? "." : $"; for dette møde: '{expected}'."));
            return false;
        }
        if (dato is { } dd)
        {
            var datePart = $"{dd.Year:0000}/{dd:yyyy-MM-dd}";
            if ($"{m.Groups[1].Value}/{m.Groups[2].Value}" != datePart)
                r.Error(Codes.WrongPath, f.PosOf("dato"),
                    $"'dato' er {dd:yyyy-MM-dd}, men filen hedder '{relativePath}'. Ret 'dato', eller omdøb filen " +
                    $"til 'referater/{datePart}-{(udvalg?.Slug ?? m.Groups[3].Value)}.md'.");
        }
        if (udvalg is not null && m.Groups[3].Value != udvalg.Slug)
            r.Error(Codes.WrongPath, f.PosOf("udvalg"),
                $"'udvalg' er {udvalg.Navn}, men filnavnet slutter på '-{m.Groups[3].Value}.md'. Ret 'udvalg', " +
                    $"eller omdøb filen, så den slutter på '-{udvalg.Slug}.md'.");
        return relativePath == expected;
    }
}

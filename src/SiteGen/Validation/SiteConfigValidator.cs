using System.Collections.Immutable;
using SiteGen.Common;
using SiteGen.Content;
using YamlDotNet.RepresentationModel;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>Loads and checks <c>input/site.yml</c> (SITE codes).</summary>
internal static class SiteConfigValidator
{
    public static readonly ImmutableArray<string> DefaultSektioner =
        ["Baggrund", "Sagsfremstilling", "Økonomiske konsekvenser", "Indstilling", "Beslutning"];

    private static readonly string[] Keys = ["titel", "kommune", "base_url", "tilgaengelighedserklaering", "udvalg",
        "sektioner", "kontakt"];
    private static readonly string[] UdvalgKeys = ["navn", "beskrivelse"];
    private static readonly string[] KontaktKeys = ["navn", "email", "telefon"];

    public static SiteConfig? Load(string path, string displayPath, List<Diagnostic> sink)
    {
        var report = new Report(displayPath);
        try
        {
            return Check(path, report);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            report.Error(Codes.SiteInternal, Pos.Start,
                $"SiteGen fik en intern fejl ved læsning af filen ({ex.GetType().Name}). Det er ikke din fejl: " +
                "send filen til den, der driver SiteGen.");
            return null;
        }
        finally
        {
            sink.AddRange(report.Diagnostics);
        }
    }

    private static SiteConfig? Check(string path, Report fileReport)
    {
        var (bytes, refusal) = InputFiles.Read(Path.GetDirectoryName(path)!, path, InputFiles.MaxTextBytes);
        switch (refusal?.Problem)
        {
            case null: break;
            case InputProblem.Missing:
                fileReport.Error(Codes.SiteMissing, Pos.Start, "Filen med sitets indstillinger mangler. " +
                    "Opret site.yml i input-mappen med titel, kommune, base_url og udvalg.");
                return null;
            default:
                fileReport.Error(Codes.SiteUnreadable, Pos.Start,
                    RefusalText.Describe(refusal, "site.yml", null, InputFiles.MaxTextBytes));
                return null;
        }
        var decoded = SourceDecoder.Decode(bytes!);
        switch (decoded)
        {
            case DecodeResult.NotUtf8 bad:
                fileReport.Error(Codes.SiteUnreadable, bad.At,
                    "Filen er ikke gemt som UTF-8-tekst. Gem den som UTF-8 i din editor.");
                return null;
            case DecodeResult.Empty:
                fileReport.Error(Codes.SiteUnreadable, Pos.Start,
                    "Filen er tom. Skriv titel, kommune, base_url og udvalg.");
                return null;
        }
        var source = ((DecodeResult.Ok)decoded).Source;
        var report = new Report(fileReport.File, source, 1);
        try
        {
            return CheckYaml(source, report);
        }
        finally
        {
            fileReport.Diagnostics.AddRange(report.Diagnostics);
        }
    }

    private static SiteConfig? CheckYaml(SourceText source, Report report)
    {
        TextRules.Check(source, report, bodyFirstLine: int.MaxValue, site: true);
        var loaded = TextRules.LoadYaml(source.Text, report, site: true);
        if (loaded is YamlLoader.Result.Rejected) return null;
        if (((YamlLoader.Result.Ok)loaded).Root is not YamlMappingNode root)
        {
            report.Error(Codes.SiteNotMapping, Pos.Start,
                "site.yml skal bestå af linjer med 'felt: værdi' (titel, kommune, base_url, udvalg …).");
            return null;
        }

        var f = YamlFields.Read(root, Keys, report, "site.yml", "SITE");
        var titel = f.Text("titel", true, "Skriv sitets titel, fx 'titel: Referater fra Norddjurs Kommune'.");
        var kommune = f.Text("kommune", true, "Skriv kommunen, fx 'kommune: Norddjurs Kommune'.");
        var baseUrl =
            f.Text("base_url", true, "Skriv sitets adresse, fx 'base_url: https://referater.norddjurs.dk'.");
        if (baseUrl is { } b && !IsHttpUrl(b.Value, allowQuery: false))
        {
            report.Error(Codes.SiteBadBaseUrl, report.At(b.Node), "'base_url' skal være en fuld webadresse, der " +
                $"starter med https:// eller http://, ikke '{YamlFields.Short(b.Value)}'.");
            baseUrl = null;
        }
        var tilg = f.Text("tilgaengelighedserklaering", false);
        if (tilg is { } t && !IsHttpUrl(t.Value, allowQuery: true))
        {
            report.Error(Codes.SiteBadAccessibilityUrl, report.At(t.Node), "'tilgaengelighedserklaering' skal " +
                "være en fuld webadresse, der starter med https:// eller http://, " +
                $"ikke '{YamlFields.Short(t.Value)}'.");
            tilg = null;
        }
        var udvalg = CheckUdvalg(f, report);
        var sektioner = CheckSektioner(f, report);
        var kontakt = CheckKontakt(f, report);

        if (report.HasErrors || titel is null || kommune is null || baseUrl is null) return null;
        return new SiteConfig(titel.Value.Value, kommune.Value.Value, baseUrl.Value.Value.TrimEnd('/'), tilg?.Value,
            udvalg, sektioner, kontakt);
    }

    /// <summary>The optional contact for attachments that are not online: 'navn' with an optional 'email' and
    /// 'telefon', printed on every page that lists such an attachment.</summary>
    private static Kontakt? CheckKontakt(YamlFields f, Report report)
    {
        if (f.ValueNode("kontakt") is not { } node || YamlFields.IsNull(node)) return null;
        if (node is not YamlMappingNode map)
        {
            report.Error(Codes.SiteWrongType, report.At(node), "'kontakt' skal være linjer med 'navn:' og gerne " +
                "'email:' og 'telefon:' (rykket ind under 'kontakt:'), ikke en enkelt værdi eller en liste.");
            return null;
        }
        var kf = YamlFields.Read(map, KontaktKeys, report, "'kontakt'", "SITE");
        var navn = kf.Text("navn", true, "Skriv hvem borgeren skal kontakte, fx 'navn: Borgerservice'.");
        var email = kf.Text("email", false);
        if (email is { } e && !IsEmail(e.Value))
        {
            report.Error(Codes.SiteBadContactEmail, report.At(e.Node), "'email' i 'kontakt' skal være én " +
                $"e-mailadresse som borgerservice@norddjurs.dk, ikke '{YamlFields.Short(e.Value)}'.");
            email = null;
        }
        var telefon = kf.Text("telefon", false);
        if (telefon is { } t && !IsPhone(t.Value))
        {
            report.Error(Codes.SiteBadContactPhone, report.At(t.Node), "'telefon' i 'kontakt' skal være et " +
                "telefonnummer med cifre, mellemrum og evt. '+' foran, fx '89 59 10 00', " +
                $"ikke '{YamlFields.Short(t.Value)}'.");
            telefon = null;
        }
        return navn is null ? null : new Kontakt(navn.Value.Value, email?.Value, telefon?.Value);
    }

    /// <summary>One plain address (it becomes a mailto: link): no spaces, quotes, angle brackets or query.</summary>
    private static bool IsEmail(string s) =>
        s.Length <= 254 && s.IndexOf('@') is var at && at > 0 && at == s.LastIndexOf('@') && at < s.Length - 3
        && s[(at + 1)..].Contains('.') && !s.EndsWith('.')
        && s.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '+' or '@');

    private static bool IsPhone(string s) =>
        s.Length <= 30 && s.Count(char.IsAsciiDigit) is >= 3 and <= 15
        && s.Select((c, i) => char.IsAsciiDigit(c) || c == ' ' || (c == '+' && i == 0)).All(ok => ok);

    /// <summary>The committees, each with a name that makes a distinct, non-empty web address.</summary>
    private static ImmutableArray<Udvalg> CheckUdvalg(YamlFields f, Report report)
    {
        var udvalg = ImmutableArray.CreateBuilder<Udvalg>();
        var bySlug = new Dictionary<string, string>(StringComparer.Ordinal);
        if (f.List("udvalg", true,
            "Skriv udvalgene, fx 'udvalg:' efterfulgt af '  - navn: Direktionen'.") is { } list)
        {
            if (list.Children.Count == 0)
                report.Error(Codes.SiteMissingKey, report.At(list), "'udvalg' er tom. Skriv mindst ét udvalg.");
            var i = 0;
            foreach (var entry in list.Children)
            {
                i++;
                string? navn = null; YamlNode navnNode = entry; string? beskrivelse = null;
                if (entry is YamlScalarNode s && !YamlFields.IsNull(s) && !string.IsNullOrWhiteSpace(s.Value))
                {
                    navn = s.Value.Trim(); // "- Direktionen" is accepted as a short form
                }
                else if (entry is YamlMappingNode m)
                {
                    var uf = YamlFields.Read(m, UdvalgKeys, report, $"udvalg {i} i 'udvalg'", "SITE");
                    if (uf.Text("navn", true, "Skriv 'navn: <udvalgets navn>'.") is { } n)
                    {
                        navn = n.Value;
                        navnNode = n.Node;
                    }
                    beskrivelse = uf.Text("beskrivelse", false)?.Value;
                }
                else
                {
                    report.Error(Codes.SiteWrongType, report.At(entry), $"Udvalg {i} i 'udvalg' skal skrives 'navn: " +
                        $"<navn>' (evt. med 'beskrivelse'), ikke som {YamlFields.Shape(entry)}.");
                }
                if (navn is null) continue;
                var slug = Slug.From(navn);
                if (slug.Length == 0)
                {
                    report.Error(Codes.SiteDuplicateUdvalg, report.At(navnNode), "Udvalgsnavnet " +
                        $"'{YamlFields.Short(navn)}' har ingen bogstaver eller tal og kan derfor ikke bruges i " +
                        "webadresser. Skriv udvalgets rigtige navn.");
                    continue;
                }
                if (bySlug.TryGetValue(slug, out var other))
                {
                    report.Error(Codes.SiteDuplicateUdvalg, report.At(navnNode), $"Udvalget '{navn}' får samme " +
                        $"webadresse '{slug}' som '{other}'. Giv hvert udvalg sit eget navn.");
                    continue;
                }
                bySlug[slug] = navn;
                udvalg.Add(new Udvalg(navn, slug, beskrivelse));
            }
        }
        return udvalg.ToImmutable();
    }

    /// <summary>The allowed section names: site.yml's 'sektioner', or the defaults when it has none.</summary>
    private static ImmutableArray<string> CheckSektioner(YamlFields f, Report report)
    {
        var sektioner = DefaultSektioner;
        if (f.List("sektioner", false) is { } sekList)
        {
            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var entry in sekList.Children)
            {
                if (entry is not YamlScalarNode s || YamlFields.IsNull(s) || string.IsNullOrWhiteSpace(s.Value))
                {
                    report.Error(Codes.SiteBadSektioner, report.At(entry),
                        "Hver linje i 'sektioner' skal være et afsnitsnavn, fx 'Sagsfremstilling'.");
                    continue;
                }
                var name = s.Value.Trim();
                if (names.Contains(name)) report.Error(Codes.SiteBadSektioner, report.At(s),
                    $"Afsnitsnavnet '{name}' står to gange i 'sektioner'. Slet det ene.");
                else names.Add(name);
            }
            if (sekList.Children.Count == 0) report.Error(Codes.SiteBadSektioner, report.At(sekList),
                "'sektioner' er tom. Slet den for at bruge standardafsnittene, eller skriv de tilladte afsnitsnavne.");
            sektioner = names.ToImmutable();
        }
        return sektioner;
    }

    private static bool IsHttpUrl(string s, bool allowQuery) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u)
        && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) && !string.IsNullOrEmpty(u.Host)
        && !s.Any(char.IsWhiteSpace) && (allowQuery || (!s.Contains('?') && !s.Contains('#')));
}

using System.Collections.Immutable;

namespace SiteGen.Rendering;

// View models handed to the Scriban templates (docs/templates.md lists every field). Every string is ready
// to print (Danish dates, sizes, labels); templates only lay them out. Templates see only these records'
// public properties, in snake_case: Side.SiteTitel is {{ side.site_titel }}. Printing escapes HTML, except
// a SafeHtml value (SafeMarkdown output and the rendered page body), which is printed as it is.

/// <summary>HTML that SafeMarkdown made safe (or a rendered template): printed by templates without escaping.</summary>
public sealed record SafeHtml(string Value)
{
    public override string ToString() => Value;
}

public sealed record Link(string Tekst, string Url);

/// <summary>A breadcrumb step; the last one is the current page and has no Url.</summary>
public sealed record Krumme(string Tekst, string? Url);

/// <summary>What layout.sbn-html and every page template share.</summary>
public sealed record Side(
    string SiteTitel,
    string Kommune,
    string Titel,                       // <title>, without the site title
    string? Beskrivelse,                // meta description
    string? Kanonisk,                   // absolute URL of this page (null on the 404 page)
    string Css,                         // fingerprinted stylesheet URL
    ImmutableDictionary<string, string> Assets, // asset file name → fingerprinted URL
    ImmutableArray<Link> Feeds,         // RSS feeds for <head> and the footer
    ImmutableArray<Krumme> Brodkrumme,  // empty on the front page
    string? TilgaengelighedUrl,
    bool ErForside,
    KontaktView Kontakt);               // whom to ask for an attachment that is not online

/// <summary>site.yml's <c>kontakt</c>, or the municipality's name when there is none.</summary>
public sealed record KontaktView(string Navn, string? Email, string? EmailUrl, string? Telefon);

/// <summary>Another open item of the same meeting: its page and "2. Titel".</summary>
public sealed record PunktLink(string Url, string Overskrift);

public sealed record LayoutModel(Side Side, SafeHtml Body);

public sealed record MoedeLink(string Url, string Udvalg, string Dato, string DatoIso, string Ugedag, string Type,
    bool ErDagsorden);

public sealed record UdvalgLink(string Navn, string Url, string? Beskrivelse, int Antal, string AntalTekst);

public sealed record AarLink(int Aar, string Url, int Antal, string AntalTekst);

/// <param name="Kommende">agendas of meetings from the build date on, soonest first ("Kommende møder")</param>
public sealed record ForsideModel(Side Side, ImmutableArray<MoedeLink> Seneste, ImmutableArray<UdvalgLink> Udvalg,
    ImmutableArray<AarLink> Aar)
{
    public ImmutableArray<MoedeLink> Kommende { get; init; } = [];

    public string KalenderUrl { get; init; } = "";

    public string SagerUrl { get; init; } = "";
}

public sealed record AarGruppe(string Overskrift, ImmutableArray<MoedeLink> Moeder);

/// <param name="FeedUrl">RSS of the committee; <paramref name="KalenderUrl"/> its meetings as iCalendar; <paramref
/// name="DataUrl"/> its meetings as JSON.</param>
public sealed record UdvalgModel(Side Side, string Navn, string? Beskrivelse, string FeedUrl, string KalenderUrl,
    string DataUrl,
    bool HarMoeder, ImmutableArray<AarGruppe> Aargange)
{
    /// <summary>The committee's agendas from the build date on, soonest first.</summary>
    public ImmutableArray<MoedeLink> Kommende { get; init; } = [];
}

public sealed record AarModel(Side Side, int Aar, ImmutableArray<AarGruppe> Maaneder, ImmutableArray<AarLink> AndreAar);

public sealed record BilagView(
    int Nr,
    bool ErLukket,
    string? Titel,
    string? Dokument,
    string? Url,
    string? FilInfo);                   // "PDF, 245 kB"

public sealed record SektionView(string Overskrift, SafeHtml Html, bool ErBeslutning);

public sealed record PunktView(
    int Nr,
    string Anker,                       // "punkt-3"
    bool ErLukket,
    string Overskrift,                  // "3. Titel" or "3. Offentlig titel — Lukket sag"
    string Titel,
    string? Sagsnr,
    string? Sagsgang,
    ImmutableArray<SektionView> Sektioner,
    ImmutableArray<BilagView> Bilag,
    SafeHtml? BeslutningHtml,           // closed item: the vetted public decision
    string? Url)                        // item page (open items only)
{
    /// <summary>The case page ("Sagens forløb") when the case has other treatments too, else null.</summary>
    public string? SagUrl { get; init; }

    public bool HarSagsinfo => Sagsnr is not null || Sagsgang is not null;
}

public sealed record Rettelsesvisning(string Dato, string DatoIso, string Tekst);

public sealed record MoedeModel(
    Side Side,
    string Overskrift,                  // "Referat: Direktionen 13. november 2024"
    string Udvalg,
    string UdvalgUrl,
    string Type,                        // "Referat" / "Dagsorden"
    bool ErDagsorden,
    int Aar,
    string DatoIso,
    string Dato,                        // "13. november 2024"
    string UgedagDato,                  // "Onsdag den 13. november 2024"
    string Tid,                         // "kl. 09:00–13:00"
    string Sted,
    ImmutableArray<string> Medlemmer,
    ImmutableArray<string> Fravaerende,
    ImmutableArray<Rettelsesvisning> Rettelser,
    ImmutableArray<PunktView> Punkter,
    MoedeLink? Forrige,
    MoedeLink? Naeste)
{
    /// <summary>"3 medlemmer", "1 medlem": the folded list of members on the meeting page.</summary>
    public string MedlemmerTekst => Medlemmer.Length == 1 ? "1 medlem" : $"{Medlemmer.Length} medlemmer";

    /// <summary>The meeting as an iCalendar file and as JSON.</summary>
    public string KalenderUrl { get; init; } = "";

    public string DataUrl { get; init; } = "";
}

public sealed record PunktModel(
    Side Side,
    PunktView Punkt,
    string Udvalg,
    string MoedeUrl,
    string MoedeTekst,                  // "Referat: Direktionen onsdag den 13. november 2024"
    string Type,
    bool ErDagsorden,
    PunktLink? Forrige = null,          // the open items before and after this one (closed items have no page)
    PunktLink? Naeste = null);

/// <summary>A case in the list of cases: number, title, latest treatment and how many.</summary>
public sealed record SagLink(string Sagsnr, string Url, string Titel, string Udvalg, string Dato, string DatoIso,
    string AntalTekst);

/// <summary>A numbered page of a year's case list.</summary>
public sealed record SideLink(int Nr, string Url);

/// <summary>A page of the case list: the overview (/sager/: the most recently treated cases and every year) or a
/// year's page (/sager/2024/, /sager/2024/side-2/: the cases treated that year). <paramref name="Sager"/> is this
/// page's cases; <paramref name="DataUrl"/> every case as JSON.</summary>
public sealed record SagerModel(Side Side, ImmutableArray<SagLink> Sager, string DataUrl)
{
    /// <summary>"Sager" on the overview, "Sager behandlet i 2024" on a year's page.</summary>
    public string Overskrift { get; init; } = "Sager";

    /// <summary>This page's URL: the filter form's action.</summary>
    public string Url { get; init; } = "";

    /// <summary>The year of a year's page; null on the overview.</summary>
    public int? Aar { get; init; }

    /// <summary>Every year with a treated case, newest first, with its number of cases ("812 sager").</summary>
    public ImmutableArray<AarLink> Aargange { get; init; } = [];

    /// <summary>How many cases the year (overview: the archive) has: "812 sager".</summary>
    public string AntalTekst { get; init; } = "";

    /// <summary>The filter box's label: which cases it searches.</summary>
    public string FilterTekst { get; init; } = "";

    /// <summary>This page's number (from 1) and how many the year has; <see cref="Sider"/> lists them all when
    /// there are more than one, else it is empty.</summary>
    public int SideNr { get; init; } = 1;

    public int AntalSider { get; init; } = 1;

    public ImmutableArray<SideLink> Sider { get; init; } = [];

    /// <summary>The list's heading: "De senest behandlede sager", "Alle 812 sager", "Sag 501–1000 af 2345".
    /// </summary>
    public string ListeOverskrift { get; init; } = "";

    public SideLink? Forrige { get; init; }

    public SideLink? Naeste { get; init; }
}

/// <summary>One open treatment of a case: meeting, committee, item and its decision and open attachments.</summary>
public sealed record BehandlingView(
    string Udvalg,
    string UdvalgUrl,
    string Dato,                        // "13. november 2024"
    string DatoIso,
    string Type,                        // "Referat" / "Dagsorden"
    bool ErDagsorden,
    string MoedeUrl,
    string PunktUrl,
    string PunktTekst,                  // "Punkt 3: Titel"
    string BeslutningOverskrift,        // "Beslutning i Direktionen den 13-11-2024"
    SafeHtml? BeslutningHtml,           // null on an agenda, or a referat item without decision
    ImmutableArray<BilagView> Bilag);   // open attachments only

/// <summary>A case page (/sager/24-7615/): every open treatment in date order.</summary>
public sealed record SagModel(
    Side Side,
    string Sagsnr,
    string Titel,
    string? Sagsgang,
    string FeedUrl,
    string DataUrl,
    ImmutableArray<BehandlingView> Behandlinger);

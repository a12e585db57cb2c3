using System.Collections.Immutable;
using System.Globalization;
using SiteGen.Common;
using SiteGen.Publishing;

namespace SiteGen.Rendering;

/// <summary>One page to render: output path (site-relative), template name (without .sbn-html), model.</summary>
public sealed record Page(string Path, string Template, object Model, Side Side);

/// <summary>Turns the public model into the list of pages and their view models. No I/O.</summary>
public static class Pages
{
    public const int NewestOnFrontPage = 10;

    /// <summary>The most recently treated cases on the case list's overview (/sager/).</summary>
    public const int NewestOnCaseList = 100;

    /// <summary>Cases on one page of a year's case list: a page stays small on a phone (≈ 100 kB) whatever the size
    /// of the archive; a larger year gets numbered pages.</summary>
    public const int CasesPerPage = 500;

    /// <param name="withPagesOf">the meetings whose own pages (meeting and items) to include; all when null
    /// (the preview re-renders only the changed ones)</param>
    /// <param name="keptPage">pages already in the output (by path): a case page listed there gets no model (a
    /// case's model holds its decisions' HTML, made from Markdown)</param>
    public static ImmutableArray<Page> Build(PublicSite site, string css, ImmutableDictionary<string, string> assets,
        Func<PublicMeeting, bool>? withPagesOf = null, Func<string, bool>? keptPage = null) =>
        Build(new Builder(site, css, assets), site, withPagesOf, keptPage, withSager: true);

    private static ImmutableArray<Page> Build(Builder b, PublicSite site, Func<PublicMeeting, bool>? withPagesOf,
        Func<string, bool>? keptPage, bool withSager)
    {
        var pages = ImmutableArray.CreateBuilder<Page>();
        pages.Add(b.Forside());
        pages.AddRange(b.Years());
        pages.AddRange(site.Udvalg.Select(b.UdvalgPage));
        pages.AddRange(b.SagerPages());
        if (withSager) pages.AddRange(CasesToMake(site, keptPage).Select(b.SagPage));
        // Meetings are independent and most of the work (Markdown → safe HTML), so they use all cores.
        pages.AddRange(site.Meetings.Where(withPagesOf ?? (_ => true)).AsParallel().AsOrdered()
            .SelectMany(b.MeetingPages));
        pages.Add(b.Simple(Urls.File(Urls.About), "om", "Om referaterne", Urls.About,
            $"Om {site.Titel}: hvad siden indeholder, lukkede punkter og tilgængelighed."));
        pages.Add(b.Simple(Urls.File(Urls.Search), "soeg", "Søg", Urls.Search, $"Søg i {site.Titel}."));
        pages.Add(b.Simple(Urls.NotFoundFile, "404", "Siden findes ikke", null, null));
        return pages.ToImmutable();
    }

    /// <summary>For rendering without holding every page model at once: the overview pages but the cases', the
    /// cases whose pages to make, and functions that make one case's page and one meeting's pages (thread-safe; each
    /// call is independent). A case's model holds its decisions' HTML: made when its page is rendered, garbage
    /// right after, as a meeting's.</summary>
    /// <param name="keptPage">pages already in the output (by path): left out</param>
    public static (ImmutableArray<Page> Overview, Func<PublicMeeting, IEnumerable<Page>> MeetingPages,
        IEnumerable<PublicSag> Sager, Func<PublicSag, Page> SagPage) Plan(PublicSite site, string css,
        ImmutableDictionary<string, string> assets, Func<string, bool>? keptPage = null) =>
        Plan(Models(site, css, assets), site, keptPage);

    /// <summary>As <see cref="Plan(PublicSite, string, ImmutableDictionary{string, string}, Func{string, bool}?)"/>
    /// from models made before (<see cref="Models"/>): only the kept pages are left out here.</summary>
    public static (ImmutableArray<Page> Overview, Func<PublicMeeting, IEnumerable<Page>> MeetingPages,
        IEnumerable<PublicSag> Sager, Func<PublicSag, Page> SagPage) Plan(PlannedPages planned, PublicSite site,
        Func<string, bool>? keptPage = null) =>
        ([.. planned.Overview.Where(p => keptPage?.Invoke(p.Path) != true)], planned.MeetingPages,
            CasesToMake(site, keptPage), planned.SagPage);

    /// <summary>Every overview page's model but the cases' (whether kept or not: what is kept is known only after
    /// the reuse stage, so the models can be made while it runs) and the functions that make a meeting's and a
    /// case's pages.</summary>
    public static PlannedPages Models(PublicSite site, string css, ImmutableDictionary<string, string> assets)
    {
        var b = new Builder(site, css, assets);
        return new PlannedPages(Build(b, site, _ => false, keptPage: null, withSager: false), b.MeetingPages,
            b.SagPage);
    }

    private static IEnumerable<PublicSag> CasesToMake(PublicSite site, Func<string, bool>? keptPage) =>
        site.Sager.Where(s => keptPage?.Invoke(Urls.File(s.Url)) != true);

    public static string FileInfo(PublishedFile f) => $"{MediaTypes.Label(f.MediaType)}, {Size(f.Size)}";

    public static string Size(long bytes) => bytes switch
    {
        < 1000 => $"{bytes} byte",
        < 1_000_000 => $"{Math.Max(1, (int)Math.Round(bytes / 1000.0))} kB",
        _ => (bytes / 1_000_000.0).ToString("0.0", Danish.Culture) + " MB",
    };

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpper(s[0], Danish.Culture) + s[1..];

    /// <summary>A date as the links of the overview pages show it, made once per date: the year, committee and case
    /// lists have a link per meeting or case (≈ 100,000 at 10,000 meetings), on a few thousand dates.</summary>
    private sealed record DayText(string Long, string Iso, string Weekday)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, DayText> Known = new();

        public static DayText Of(DateOnly d) => Known.GetOrAdd(d, static d => new(Danish.LongDate(d),
            d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Capitalize(Danish.WeekdayDate(d))));
    }

    private sealed class Builder(PublicSite site, string css, ImmutableDictionary<string, string> assets)
    {
        private readonly Link _allFeed = new("Alle møder (RSS)", Urls.AllFeed);
        private readonly Link _decisionsFeed = new("Beslutninger (RSS)", Urls.DecisionsFeed);
        private readonly KontaktView _kontakt = site.Kontakt is { } k
            ? new(k.Navn, k.Email, k.Email is null ? null : "mailto:" + k.Email, k.Telefon)
            : new(site.Kommune, null, null, null);

        // Each committee's meetings (newest first) and each meeting's place among them, for older/newer links.
        private readonly Dictionary<string, List<PublicMeeting>> _byUdvalg = site.Meetings
            .GroupBy(m => m.Udvalg.Slug, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        private readonly Dictionary<PublicMeeting, int> _place = site.Meetings
            .GroupBy(m => m.Udvalg.Slug, StringComparer.Ordinal)
            .SelectMany(g => g.Select((m, i) => (m, i)))
            .ToDictionary<(PublicMeeting m, int i), PublicMeeting, int>(x => x.m, x => x.i,
                ReferenceEqualityComparer.Instance);

        private Side Side(string title, string? path, string? description, ImmutableArray<Krumme> crumbs,
            PublicUdvalg? udvalg = null, bool front = false) => new(
            site.Titel, site.Kommune, title, description,
            path is null ? null : site.Absolute(path), css, assets,
            udvalg is null ? [_allFeed, _decisionsFeed] : [_allFeed, _decisionsFeed,
                new Link($"{udvalg.Navn} (RSS)", Urls.UdvalgFeed(udvalg))],
            crumbs, site.TilgaengelighedUrl, front, _kontakt);

        private static Krumme Home => new("Forside", Urls.Home);

        // Cases with more than one treatment: their items link "Sagens forløb".
        private readonly Dictionary<string, PublicSag> _followed = site.Sager.Where(s => s.Behandlinger.Length > 1)
            .ToDictionary(s => s.Sagsnr, StringComparer.Ordinal);

        private ImmutableArray<MoedeLink> Kommende(PublicUdvalg? u) => site.Kommende
            .Where(m => u is null || m.Udvalg.Slug == u.Slug).Select(Link).ToImmutableArray();

        private static MoedeLink Link(PublicMeeting m)
        {
            var day = DayText.Of(m.Dato);
            return new(m.Url, m.Udvalg.Navn, day.Long, day.Iso, day.Weekday, Labels.Type(m.Type),
                m.Type == MoedeType.Dagsorden);
        }

        private ImmutableArray<AarLink> YearLinks() => site.Meetings
            .GroupBy(m => m.Dato.Year).OrderByDescending(g => g.Key)
            .Select(g => new AarLink(g.Key, Urls.Year(g.Key), g.Count(), Count(g.Count(), "møde", "møder")))
            .ToImmutableArray();

        public Page Forside()
        {
            var side = Side(site.Titel, Urls.Home, $"Referater og dagsordener fra {site.Kommune}s politiske udvalg.",
                [], front: true);
            var udvalg = site.Udvalg.Select(u =>
            {
                var n = site.Meetings.Count(m => m.Udvalg.Slug == u.Slug);
                return new UdvalgLink(u.Navn, u.Url, u.Beskrivelse, n, n == 0 ? "Ingen møder endnu"
                    : Count(n, "møde", "møder"));
            }).ToImmutableArray();
            return new Page(Urls.File(Urls.Home), "index",
                new ForsideModel(side, site.Meetings.Take(NewestOnFrontPage).Select(Link).ToImmutableArray(), udvalg,
                    YearLinks())
                {
                    Kommende = Kommende(null), KalenderUrl = Urls.AllCalendar,
                    SagerUrl = site.Sager.IsDefaultOrEmpty ? "" : Urls.Sager,
                }, side);
        }

        public IEnumerable<Page> Years()
        {
            var years = YearLinks();
            foreach (var y in years)
            {
                var side = Side($"Møder i {y.Aar}", y.Url, $"Alle møder i {site.Kommune}s udvalg i {y.Aar}.",
                    [Home, new Krumme(y.Aar.ToString(CultureInfo.InvariantCulture), null)]);
                var months = site.Meetings.Where(m => m.Dato.Year == y.Aar)
                    .GroupBy(m => m.Dato.Month) // meetings are newest first, so months are too
                    .Select(g => new AarGruppe(Capitalize(Danish.MonthName(g.Key)), g.Select(Link).ToImmutableArray()))
                    .ToImmutableArray();
                yield return new Page(Urls.File(y.Url), "aar",
                    new AarModel(side, y.Aar, months, years.Where(o => o.Aar != y.Aar).ToImmutableArray()), side);
            }
        }

        public Page UdvalgPage(PublicUdvalg u)
        {
            var side = Side(u.Navn, u.Url, u.Beskrivelse ?? $"Referater og dagsordener fra {u.Navn}.",
                [Home, new Krumme(u.Navn, null)], u);
            var groups = site.Meetings.Where(m => m.Udvalg.Slug == u.Slug)
                .GroupBy(m => m.Dato.Year)
                .Select(g => new AarGruppe(g.Key.ToString(CultureInfo.InvariantCulture), g.Select(Link)
                    .ToImmutableArray()))
                .ToImmutableArray();
            return new Page(Urls.File(u.Url), "udvalg",
                new UdvalgModel(side, u.Navn, u.Beskrivelse, Urls.UdvalgFeed(u), Urls.UdvalgCalendar(u),
                    Urls.UdvalgData(u),
                    groups.Length > 0, groups) { Kommende = Kommende(u) }, side);
        }

        /// <summary>The meeting page and its open items' pages; a section's HTML is made once and used on both
        /// when it has no headings (the only thing that differs with the heading level).</summary>
        public IEnumerable<Page> MeetingPages(PublicMeeting m)
        {
            var html = new SectionHtml();
            var open = m.Punkter.OfType<OpenPunkt>().ToList();
            return [Moede(m, html), .. open.Select((p, i) => PunktPage(m, p, html,
                i > 0 ? ItemLink(m, open[i - 1]) : null, i + 1 < open.Count ? ItemLink(m, open[i + 1]) : null))];
        }

        /// <summary>Previous/next links step over closed items: they have no page, and their title is not
        /// repeated on another item's page.</summary>
        private static PunktLink ItemLink(PublicMeeting m, OpenPunkt p) =>
            new(Urls.ItemPage(m, p.Nr), Labels.ItemHeading(p));

        public Page Moede(PublicMeeting m, SectionHtml html)
        {
            var title = Labels.MeetingTitle(m);
            var side = Side(title, m.Url,
                $"{Labels.Type(m.Type)} fra mødet i {m.Udvalg.Navn} {Danish.WeekdayDate(m.Dato)}.",
                [Home, new Krumme(m.Udvalg.Navn, m.Udvalg.Url), new Krumme(Danish.LongDate(m.Dato), null)], m.Udvalg);
            // Same committee, in date order: site.Meetings is newest first.
            var same = _byUdvalg[m.Udvalg.Slug];
            var i = _place[m];
            var newer = i > 0 ? Link(same[i - 1]) : null;
            var older = i + 1 < same.Count ? Link(same[i + 1]) : null;
            var model = new MoedeModel(side, title, m.Udvalg.Navn, m.Udvalg.Url, Labels.Type(m.Type),
                m.Type == MoedeType.Dagsorden,
                m.Dato.Year, m.Dato.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Danish.LongDate(m.Dato),
                Capitalize(Danish.WeekdayDate(m.Dato)), $"kl. {Danish.Time(m.Start)}–{Danish.Time(m.Slut)}", m.Sted,
                m.Medlemmer, m.Fravaerende,
                m.Rettelser.OrderBy(r => r.Dato).Select(r => new Rettelsesvisning(Danish.LongDate(r.Dato),
                    r.Dato.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Tekst)).ToImmutableArray(),
                m.Punkter.Select(p => Punkt(m, p, sectionLevel: 3, html)).ToImmutableArray(),
                older, newer) { KalenderUrl = Urls.MeetingCalendar(m), DataUrl = Urls.MeetingData(m) };
            return new Page(Urls.MeetingFile(m), "moede", model, side);
        }

        public Page PunktPage(PublicMeeting m, OpenPunkt p, SectionHtml html, PunktLink? previous, PunktLink? next)
        {
            var view = Punkt(m, p, sectionLevel: 2, html);
            var side = Side($"Punkt {p.Nr}: {p.Titel} – {m.Udvalg.Navn} {Danish.LongDate(m.Dato)}", view.Url,
                $"Punkt {p.Nr} på mødet i {m.Udvalg.Navn} {Danish.WeekdayDate(m.Dato)}: {p.Titel}",
                [Home, new Krumme(m.Udvalg.Navn, m.Udvalg.Url), new Krumme(Danish.LongDate(m.Dato), m.Url),
                    new Krumme($"Punkt {p.Nr}", null)],
                m.Udvalg);
            return new Page(Urls.ItemFile(m, p), "punkt",
                new PunktModel(side, view, m.Udvalg.Navn, Urls.ItemOnMeeting(m, p.Nr),
                    $"{Labels.Type(m.Type)}: {m.Udvalg.Navn} {Danish.WeekdayDate(m.Dato)}", Labels.Type(m.Type),
                        m.Type == MoedeType.Dagsorden, previous, next),
                side);
        }

        public Page Simple(string path, string template, string title, string? url, string? description)
        {
            var side = Side(title, url, description, [Home, new Krumme(title, null)]);
            return new Page(path, template, new SimpleModel(side), side);
        }

        /// <summary>The case list: the overview (/sager/) and each year's pages (docs/templates.md, "The case
        /// list").</summary>
        public IEnumerable<Page> SagerPages()
        {
            var years = SagerByYear();
            var aargange = years.Select(y => new AarLink(y.Aar, Urls.SagerAar(y.Aar), y.Sager.Count,
                Count(y.Sager.Count, "sag", "sager"))).ToImmutableArray();
            var side = Side("Sager", Urls.Sager,
                $"De senest behandlede sager i {site.Kommune}s udvalg og alle sager år for år.",
                [Home, new Krumme("Sager", null)]);
            var newest = site.Sager.Take(NewestOnCaseList)
                .Select(s => SagLink(s, s.Seneste, Count(s.Behandlinger.Length, "behandling", "behandlinger")))
                .ToImmutableArray();
            yield return new Page(Urls.File(Urls.Sager), "sager", new SagerModel(side, newest, Urls.SagIndex)
            {
                Url = Urls.Sager, Aargange = aargange, AntalTekst = Count(site.Sager.Length, "sag", "sager"),
                FilterTekst = "Find en af de seneste sager (nummer eller ord i titlen)",
                ListeOverskrift = "De senest behandlede sager",
            }, side);
            foreach (var (aar, sager) in years)
            {
                var pages = (sager.Count + CasesPerPage - 1) / CasesPerPage;
                var links = pages == 1 ? []
                    : Enumerable.Range(1, pages).Select(n => new SideLink(n, Urls.SagerAar(aar, n))).ToImmutableArray();
                for (var n = 1; n <= pages; n++)
                {
                    var url = Urls.SagerAar(aar, n);
                    var year = aar.ToString(CultureInfo.InvariantCulture);
                    var title = pages == 1 ? $"Sager behandlet i {year}"
                        : $"Sager behandlet i {year}, side {n} af {pages}";
                    var first = (n - 1) * CasesPerPage;
                    var count = Math.Min(CasesPerPage, sager.Count - first);
                    var yearSide = Side(title, url,
                        $"Sager behandlet i {site.Kommune}s udvalg i {year}, med den senest behandlede først.",
                        [Home, new Krumme("Sager", Urls.Sager),
                            new Krumme(pages == 1 ? year : $"{year}, side {n}", null)]);
                    var list = sager.Skip(first).Take(count).Select(x => x.Link).ToImmutableArray();
                    yield return new Page(Urls.File(url), "sager", new SagerModel(yearSide, list, Urls.SagIndex)
                    {
                        Overskrift = $"Sager behandlet i {year}", Url = url, Aar = aar, Aargange = aargange,
                        AntalTekst = Count(sager.Count, "sag", "sager"),
                        FilterTekst = pages == 1 ? $"Find en sag fra {year} (nummer eller ord i titlen)"
                            : "Find en sag på denne side (nummer eller ord i titlen)",
                        SideNr = n, AntalSider = pages, Sider = links,
                        ListeOverskrift = pages > 1 ? $"Sag {first + 1}–{first + count} af {sager.Count}"
                            : sager.Count == 1 ? "1 sag" : $"Alle {sager.Count} sager",
                        Forrige = n > 1 ? links[n - 2] : null, Naeste = n < pages ? links[n] : null,
                    }, yearSide);
                }
            }
        }

        /// <summary>Each year with a treatment, newest first, and the cases treated in it: a case is under every
        /// year it was treated in, sorted by its latest treatment in that year (newest first), then by number.
        /// </summary>
        private List<(int Aar, List<(SagLink Link, DateOnly Dato, string Sagsnr)> Sager)> SagerByYear() => site.Sager
            .SelectMany(s => s.Behandlinger.GroupBy(b => b.Meeting.Dato.Year).Select(g =>
            {
                var latest = g.Last(); // treatments are in date order
                var inYear = g.Count();
                var total = s.Behandlinger.Length;
                var antal = inYear == total ? Count(total, "behandling", "behandlinger")
                    : $"{inYear} af {total} behandlinger i {g.Key.ToString(CultureInfo.InvariantCulture)}";
                return (Aar: g.Key, Item: (Link: SagLink(s, latest, antal), latest.Meeting.Dato, s.Sagsnr));
            }))
            .GroupBy(x => x.Aar)
            .OrderByDescending(g => g.Key)
            .Select(g => (g.Key, g.Select(x => x.Item).OrderByDescending(x => x.Dato)
                .ThenBy(x => x.Sagsnr, StringComparer.Ordinal).ToList()))
            .ToList();

        private static SagLink SagLink(PublicSag s, Behandling b, string antal)
        {
            var day = DayText.Of(b.Meeting.Dato);
            return new(s.Sagsnr, s.Url, s.Titel, b.Meeting.Udvalg.Navn, day.Long, day.Iso, antal);
        }

        public Page SagPage(PublicSag sag)
        {
            var side = Side($"Sag {sag.Sagsnr}: {sag.Titel}", sag.Url,
                $"Sag {sag.Sagsnr} i {site.Kommune}s udvalg: {sag.Titel}. Alle behandlinger i datoorden.",
                [Home, new Krumme("Sager", Urls.Sager), new Krumme($"Sag {sag.Sagsnr}", null)]);
            side = side with { Feeds = side.Feeds.Add(new Link($"Sag {sag.Sagsnr} (RSS)", Urls.SagFeed(sag))) };
            var behandlinger = sag.Behandlinger.Select(b =>
            {
                var (m, p) = (b.Meeting, b.Punkt);
                var decisions = m.Type == MoedeType.Dagsorden
                    ? []
                    : p.Sektioner.Where(s => s.ErBeslutning)
                        .Select(s => RenderedText.Html(s.Markdown, sectionLevel: 4)).ToList();
                return new BehandlingView(m.Udvalg.Navn, m.Udvalg.Url, Danish.LongDate(m.Dato),
                    m.Dato.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Labels.Type(m.Type),
                    m.Type == MoedeType.Dagsorden, m.Url, Urls.ItemPage(m, p.Nr), $"Punkt {p.Nr}: {p.Titel}",
                    $"Beslutning i {m.Udvalg.Navn} den {Danish.ShortDate(m.Dato)}",
                    decisions.Count == 0 ? null : new SafeHtml(string.Join("\n", decisions)),
                    p.Bilag.OfType<OpenBilag>().Select(ob => new BilagView(ob.Nr, false, ob.Titel, ob.Dokument,
                        ob.Fil?.Url, ob.Fil is null ? null : FileInfo(ob.Fil))).ToImmutableArray());
            }).ToImmutableArray();
            return new Page(Urls.File(sag.Url), "sag", new SagModel(side, sag.Sagsnr, sag.Titel, sag.Sagsgang,
                Urls.SagFeed(sag), Urls.SagData(sag), behandlinger), side);
        }

        private PunktView Punkt(PublicMeeting m, PublicPunkt p, int sectionLevel, SectionHtml html) =>
            PunktOf(m, p, sectionLevel, html) is var view && p is OpenPunkt { Sagsnr: { } nr }
                && _followed.TryGetValue(nr, out var sag)
                ? view with { SagUrl = sag.Url }
                : view;

        private static PunktView PunktOf(PublicMeeting m, PublicPunkt p, int sectionLevel, SectionHtml html)
        {
            var dagsorden = m.Type == MoedeType.Dagsorden;
            switch (p)
            {
                case OpenPunkt o:
                    return new PunktView(o.Nr, Urls.ItemAnchor(o.Nr), false, Labels.ItemHeading(o), o.Titel, o.Sagsnr,
                        o.Sagsgang,
                        o.Sektioner
                            .Where(s => !(dagsorden && s.ErBeslutning)) // a dagsorden has no decisions yet
                            .Select(s => new SektionView(
                                s.ErBeslutning ? $"Beslutning i {m.Udvalg.Navn} den {Danish.ShortDate(m.Dato)}"
                                    : s.Navn,
                                html.Get(s.Markdown, sectionLevel), s.ErBeslutning))
                            .ToImmutableArray(),
                        o.Bilag.Select(b => b switch
                        {
                            OpenBilag ob => new BilagView(ob.Nr, false, ob.Titel, ob.Dokument, ob.Fil?.Url,
                                ob.Fil is null ? null : FileInfo(ob.Fil)),
                            _ => new BilagView(b.Nr, true, null, null, null, null),
                        }).ToImmutableArray(),
                        null, Urls.ItemPage(m, o.Nr));
                case ClosedPunkt c:
                    return new PunktView(c.Nr, Urls.ItemAnchor(c.Nr), true, Labels.ItemHeading(c), c.OffentligTitel,
                        null, null, [], [],
                        c.OffentligBeslutning is null || dagsorden ? null
                            : html.Get(c.OffentligBeslutning, sectionLevel),
                        null);
                default:
                    throw new InvalidOperationException($"Unknown item kind {p.GetType().Name}");
            }
        }
    }
}

public sealed record SimpleModel(Side Side);

/// <summary>What <see cref="Pages.Models"/> makes: the overview pages but the cases' (none left out yet), and the
/// functions that make one meeting's pages and one case's page.</summary>
public sealed record PlannedPages(ImmutableArray<Page> Overview, Func<PublicMeeting, IEnumerable<Page>> MeetingPages,
    Func<PublicSag, Page> SagPage);

/// <summary>Safe HTML of the sections of one meeting, remembered for the meeting page and the item pages.
/// Not thread-safe: one per meeting.</summary>
internal sealed class SectionHtml
{
    private readonly Dictionary<StoredText, SafeHtml> _made = [];

    /// <summary>A section's HTML: made once per build (<see cref="RenderedText"/>), read once per meeting.</summary>
    public SafeHtml Get(StoredText markdown, int sectionLevel)
    {
        if (_made.TryGetValue(markdown, out var known)) return known;
        var made = RenderedText.Of(markdown);
        if (!made.LevelMatters) return _made[markdown] = new SafeHtml(made.Html());
        return sectionLevel == 3 ? new SafeHtml(made.Html()) : Get(markdown.Read(), sectionLevel);
    }

    private readonly Dictionary<string, SafeHtml> _anyLevel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SafeMarkdown.Parsed> _parsed = new(StringComparer.Ordinal); // with headings

    public SafeHtml Get(string markdown, int sectionLevel)
    {
        if (_anyLevel.TryGetValue(markdown, out var known)) return known;
        // A text with headings differs per level; Markdig's half of the work is still done once.
        if (_parsed.TryGetValue(markdown, out var parsed)) return new(SafeMarkdown.Sanitize(parsed, sectionLevel));
        parsed = SafeMarkdown.Parse(markdown);
        var html = new SafeHtml(SafeMarkdown.Sanitize(parsed, sectionLevel));
        if (parsed.LevelMatters) _parsed[markdown] = parsed;
        else _anyLevel[markdown] = html;
        return html;
    }
}

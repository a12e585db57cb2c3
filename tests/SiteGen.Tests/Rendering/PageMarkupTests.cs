using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace SiteGen.Tests.Rendering;

/// <summary>What every citizen-facing page must have, checked on every page the leak fixture builds.</summary>
public sealed class PageMarkupTests(LeakSite fixture) : IClassFixture<LeakSite>
{
    private readonly BuiltSite _site = fixture.Site;

    private IEnumerable<(string Path, IHtmlDocument Doc)> AllPages() => _site.Pages.Select(p => (p, _site.Page(p)));

    private static bool IsMeetingPage(string path) => System.Text.RegularExpressions.Regex.IsMatch(path, @"^[a-z0-9-]+/\d{4}-\d{2}-\d{2}/index\.html$");

    [Fact]
    public void Every_page_is_Danish_with_landmarks_and_exactly_one_h1()
    {
        foreach (var (path, doc) in AllPages())
        {
            Assert.Equal("da", doc.DocumentElement.GetAttribute("lang"));
            Assert.Single(doc.QuerySelectorAll("h1"));
            Assert.Single(doc.QuerySelectorAll("body > header"));
            Assert.Single(doc.QuerySelectorAll("body > footer"));
            Assert.NotEmpty(doc.QuerySelectorAll("nav[aria-label]"));
            var main = Assert.Single(doc.QuerySelectorAll("main"));
            Assert.Equal(("indhold", "-1"), (main.Id, main.GetAttribute("tabindex")));
            Assert.NotNull(main.QuerySelector("h1"));
            Assert.False(string.IsNullOrWhiteSpace(doc.Title), path);
        }
    }

    [Fact]
    public void Headings_never_skip_a_level()
    {
        foreach (var (path, doc) in AllPages())
        {
            var levels = doc.QuerySelectorAll("h1, h2, h3, h4, h5, h6").Select(h => h.LocalName[1] - '0').ToList();
            Assert.Equal(1, levels[0]);
            for (var i = 1; i < levels.Count; i++)
                Assert.True(levels[i] <= levels[i - 1] + 1, $"{path}: h{levels[i - 1]} followed by h{levels[i]}");
        }
    }

    [Fact]
    public void Skip_link_is_the_first_focusable_element()
    {
        foreach (var (path, doc) in AllPages())
        {
            var first = doc.QuerySelectorAll("a[href], button, input, select, textarea, [tabindex]")
                .First(e => e.GetAttribute("tabindex") != "-1");
            Assert.Equal("#indhold", first.GetAttribute("href"));
            Assert.Equal("Gå til indhold", first.TextContent.Trim());
        }
    }

    [Fact]
    public void Every_page_has_a_labelled_search_form_and_the_site_feed()
    {
        foreach (var (path, doc) in AllPages())
        {
            var form = doc.QuerySelector("header form[role=search]")!;
            Assert.Equal("/soeg/", form.GetAttribute("action"));
            var input = form.QuerySelector("input[name=q]")!;
            Assert.NotNull(doc.QuerySelector($"label[for='{input.Id}']"));
            Assert.Contains(doc.QuerySelectorAll("head link[rel=alternate][type='application/rss+xml']"), l => l.GetAttribute("href") == "/feed.xml");
            Assert.NotNull(doc.QuerySelector("footer a[href='/feed.xml']"));
            Assert.NotNull(doc.QuerySelector("head link[rel=stylesheet][href^='/assets/site.']"));
            Assert.Empty(doc.QuerySelectorAll("[style], style"));
            // The CSP allows no inline script: the only scripts are the search page's and the case list's own files
            // (/sager/ and its year pages).
            var scripts = doc.QuerySelectorAll("script");
            if (Regex.IsMatch(path, @"^sager/(\d{4}/(side-\d+/)?)?index\.html$"))
            {
                Assert.Matches(@"^/assets/sager\.[0-9a-f]{8}\.js$", Assert.Single(scripts).GetAttribute("src"));
                continue;
            }
            if (path != "soeg/index.html") { Assert.Empty(scripts); continue; }
            var script = Assert.Single(scripts);
            Assert.Matches(@"^/assets/search\.[0-9a-f]{8}\.js$", script.GetAttribute("src"));
            Assert.Equal("module", script.GetAttribute("type"));
            Assert.Equal("", script.TextContent);
        }
    }

    [Fact]
    public void Committee_and_meeting_pages_link_the_committee_feed()
    {
        foreach (var path in new[] { "direktionen/index.html", "direktionen/2024-11-13/index.html" })
        {
            var doc = _site.Page(path);
            Assert.NotNull(doc.QuerySelector("head link[rel=alternate][href='/direktionen/feed.xml']"));
            Assert.NotNull(doc.QuerySelector("a[href='/direktionen/feed.xml']"));
        }
    }

    [Fact]
    public void Breadcrumbs_end_at_the_current_page()
    {
        var crumbs = _site.Page("direktionen/2024-11-13/punkt-1/index.html").QuerySelectorAll("nav[aria-label='Brødkrumme'] li");
        Assert.Equal(["Forside", "Direktionen", "13. november 2024", "Punkt 1"], crumbs.Select(c => c.TextContent.Trim()));
        Assert.Equal("page", crumbs[^1].QuerySelector("[aria-current]")!.GetAttribute("aria-current"));
    }

    [Fact]
    public void Only_meeting_pages_are_indexed_for_search_with_their_filters()
    {
        foreach (var (path, doc) in AllPages())
        {
            var bodies = doc.QuerySelectorAll("[data-pagefind-body]");
            if (!IsMeetingPage(path)) { Assert.Empty(bodies); continue; }
            var body = Assert.Single(bodies);
            Assert.Equal("main", body.ParentElement!.LocalName);
            Assert.Null(body.QuerySelector("header, footer, form"));
        }

        // Filters, sort key and result metadata come from attributes and visible elements, so no hidden
        // text ends up in the index or in excerpts.
        var m = _site.Page("direktionen/2024-11-13/index.html");
        var article = m.QuerySelector("[data-pagefind-body]")!;
        Assert.Empty(article.QuerySelectorAll("[hidden]"));
        Assert.Equal("år[data-aar], type[data-type]", article.GetAttribute("data-pagefind-filter"));
        Assert.Equal(("2024", "Referat"), (article.GetAttribute("data-aar"), article.GetAttribute("data-type")));
        Assert.Equal("Direktionen", m.QuerySelector("[data-pagefind-filter=udvalg]")!.TextContent);
        Assert.Equal("2024-11-13", m.QuerySelector("[data-pagefind-sort='dato[datetime]']")!.GetAttribute("datetime"));
        Assert.Equal("Onsdag den 13. november 2024", m.QuerySelector("[data-pagefind-meta=dato]")!.TextContent);
        Assert.Equal("Dagsorden", _site.Page("oekonomiudvalget/2024-12-03/index.html").QuerySelector("[data-pagefind-body]")!.GetAttribute("data-type"));
    }

    [Fact]
    public void Meeting_page_shows_header_items_decisions_and_attachments()
    {
        var doc = _site.Page("direktionen/2024-11-13/index.html");
        var main = doc.QuerySelector("main")!;
        var text = main.TextContent;
        Assert.Contains("Onsdag den 13. november 2024", text);
        Assert.Contains("kl. 09:00–13:00", text);
        Assert.Contains("Mødelokale 250, rådhuset", text);
        Assert.Contains("Fællesforvaltningsdirektør Kim Bruun Nielsen", text);

        var h2 = main.QuerySelectorAll("h2[id^=punkt-]").Select(h => (h.Id, h.TextContent.Trim())).ToList();
        Assert.Equal([
            ("punkt-1", "1. OPENCONTROLTITLE Beslutningsprotokoller og dagsordener"),
            ("punkt-2", "2. Personalesag — Lukket sag"),
            ("punkt-3", "3. Lukket punkt — Lukket sag"),
        ], h2);

        var h3 = main.QuerySelectorAll("h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Sagsfremstilling", "Indstilling", "Beslutning i Direktionen den 13-11-2024", "Bilag", "Beslutning"], h3);
        Assert.Contains("OPENCONTROLPUBLICDECISION", main.QuerySelectorAll("h2")[2].ParentElement!.TextContent);

        var bilag = main.QuerySelectorAll(".bilagsliste li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(2, bilag.Count);
        Assert.Equal("1. OPENCONTROLBILAGTITLE Notat om beredskab (PDF, 32 byte) Dok.nr. 108223/24", System.Text.RegularExpressions.Regex.Replace(bilag[0], @"\s+", " "));
        Assert.Equal("2. (Lukket bilag)", bilag[1]);
        Assert.Equal("/direktionen/2024-11-13/bilag/punkt-1-bilag-1.pdf", main.QuerySelector(".bilagsliste a")!.GetAttribute("href"));
        Assert.NotNull(main.QuerySelector("a[href='/direktionen/2024-11-13/punkt-1/']"));
        Assert.Null(main.QuerySelector("a[href*='punkt-2/'], a[href*='punkt-3/']"));
    }

    [Fact]
    public void Corrections_are_shown_before_the_agenda()
    {
        var main = _site.Page("direktionen/2024-11-13/index.html").QuerySelector("main")!;
        var box = main.QuerySelector(".notits-rettelser")!;
        Assert.Equal("Rettelser", box.QuerySelector("h2")!.TextContent);
        Assert.Contains("20. november 2024", box.TextContent);
        Assert.Contains("OPENCONTROLRETTELSE Punkt 1 er rettet.", box.TextContent);
        Assert.True(box.CompareDocumentPosition(main.QuerySelector("#punkt-1")!).HasFlag(DocumentPositions.Following));
    }

    [Fact]
    public void A_dagsorden_is_labelled_and_has_no_decisions()
    {
        var main = _site.Page("oekonomiudvalget/2024-12-03/index.html").QuerySelector("main")!;
        Assert.StartsWith("Dagsorden:", main.QuerySelector("h1")!.TextContent);
        Assert.Contains("Dagsorden – referatet er ikke offentliggjort endnu", main.QuerySelector(".notits-dagsorden")!.TextContent);
        Assert.DoesNotContain(main.QuerySelectorAll("h2, h3"), h => h.TextContent.StartsWith("Beslutning", StringComparison.Ordinal));
        Assert.Equal("2. Salg af grund — Lukket sag", main.QuerySelector("#punkt-2")!.TextContent);
    }

    [Fact]
    public void Meeting_pages_link_previous_and_next_meeting_of_the_committee()
    {
        var newer = _site.Page("direktionen/2024-11-13/index.html").QuerySelector("a[rel=prev]")!;
        Assert.Equal("/direktionen/2023-09-06/", newer.GetAttribute("href"));
        var older = _site.Page("direktionen/2023-09-06/index.html");
        Assert.Equal("/direktionen/2024-11-13/", older.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Null(older.QuerySelector("a[rel=prev]"));
    }

    [Fact]
    public void Item_page_has_full_text_decision_and_a_way_back()
    {
        var main = _site.Page("direktionen/2024-11-13/punkt-1/index.html").QuerySelector("main")!;
        Assert.Equal("1. OPENCONTROLTITLE Beslutningsprotokoller og dagsordener", main.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Sagsfremstilling", "Indstilling", "Beslutning i Direktionen den 13-11-2024", "Bilag"],
            main.QuerySelectorAll("h2").Select(h => h.TextContent.Trim()));
        Assert.Contains("OPENCONTROLTEXT", main.TextContent);
        Assert.NotNull(main.QuerySelector("a[href='/direktionen/2024-11-13/#punkt-1']"));
    }

    [Fact]
    public void Front_page_lists_newest_meetings_committees_with_counts_and_years()
    {
        var main = _site.Page("index.html").QuerySelector("main")!;
        Assert.Equal(["/oekonomiudvalget/2024-12-03/", "/direktionen/2024-11-13/", "/direktionen/2023-09-06/"],
            main.QuerySelectorAll(".moedeliste a").Select(a => a.GetAttribute("href")));
        var udvalg = main.QuerySelectorAll(".udvalgsliste li").Select(li => li.TextContent.Trim()).ToList();
        Assert.StartsWith("Direktionen 2 møder", udvalg[0]);
        Assert.Equal("Økonomiudvalget 1 møde", udvalg[1]);
        Assert.Equal("Kultur- og Fritidsudvalget Ingen møder endnu", udvalg[2]);
        Assert.Equal(["/aar/2024/", "/aar/2023/"], main.QuerySelectorAll(".aarsliste a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void Committee_pages_group_meetings_by_year_or_say_there_are_none()
    {
        var dir = _site.Page("direktionen/index.html").QuerySelector("main")!;
        Assert.Equal(["2024", "2023"], dir.QuerySelectorAll("h2").Select(h => h.TextContent));
        Assert.Contains("Kommunens øverste administrative ledelse.", dir.TextContent);
        var empty = _site.Page("kultur-og-fritidsudvalget/index.html").QuerySelector("main")!;
        Assert.Contains("Der er endnu ikke offentliggjort møder fra Kultur- og Fritidsudvalget.", empty.TextContent);
    }

    [Fact]
    public void Year_page_lists_that_years_meetings_of_all_committees()
    {
        var main = _site.Page("aar/2024/index.html").QuerySelector("main")!;
        Assert.Equal("Møder i 2024", main.QuerySelector("h1")!.TextContent);
        Assert.Equal(["December", "November"], main.QuerySelectorAll("h2[id]").Select(h => h.TextContent));
        Assert.Equal(["/oekonomiudvalget/2024-12-03/", "/direktionen/2024-11-13/"], main.QuerySelectorAll(".moedeliste a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void About_page_links_the_accessibility_statement_and_explains_closed_items()
    {
        var main = _site.Page("om/index.html").QuerySelector("main")!;
        Assert.NotNull(main.QuerySelector("a[href='https://www.was.digst.dk/referater-testrup-example']"));
        Assert.Contains("Lukkede punkter", main.TextContent);
        Assert.NotNull(_site.Page("404.html").QuerySelector("main a[href='/']"));
        var soeg = _site.Page("soeg/index.html").QuerySelector("main")!;
        Assert.Equal("Søg", soeg.QuerySelector("h1")!.TextContent);
        Assert.NotNull(soeg.QuerySelector("form[role=search] input[name=q]"));
    }

    [Fact]
    public void Stylesheet_is_small_and_self_contained()
    {
        var css = _site.Files().Single(f => f.StartsWith("assets/site.", StringComparison.Ordinal));
        var text = _site.Read(css);
        // Print rules and the search page's suggestions and counts (issue 17) brought it past 10 KB.
        Assert.True(text.Length < 12_000, $"{text.Length} bytes");
        Assert.DoesNotContain("@import", text);
        Assert.DoesNotContain("@font-face", text);
        Assert.DoesNotContain("url(", text);
        Assert.Contains("@media print", text);
    }
}

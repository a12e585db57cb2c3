using System.Text.RegularExpressions;

namespace SiteGen.Tests.Rendering;

/// <summary>Case pages (/sager/), "Sagens forløb" on items and "Kommende møder" (issue 16).</summary>
public sealed partial class CasePageTests(CaseSite fixture) : IClassFixture<CaseSite>
{
    private BuiltSite Site => fixture.Site;

    [GeneratedRegex(@"lkq|777\d\d", RegexOptions.IgnoreCase)]
    private static partial Regex Closed();

    [Fact]
    public void The_case_page_lists_every_open_treatment_in_date_order_across_committees()
    {
        Assert.True(Site.Result.Succeeded, string.Join("\n", Site.Result.Diagnostics));
        var page = Site.Page("sager/24-7615/index.html");
        var main = page.QuerySelector("main")!;
        // The title is the latest open item's (the agenda of Kommunalbestyrelsen).
        Assert.Equal("Sag 24/7615: Kloge kvadratmeter, endelig godkendelse", main.QuerySelector("h1")!.TextContent);
        var treatments = main.QuerySelectorAll("ol.sagsforloeb > li h3 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(
        [
            "/direktionen/2024-11-13/punkt-1/", "/oekonomiudvalget/2024-11-20/punkt-1/",
            "/kommunalbestyrelsen/2024-12-10/punkt-1/",
        ], treatments);
        var text = main.TextContent;
        Assert.Contains("Direktionen anbefaler projektet & sender det videre.", text);
        Assert.Contains("Anbefales over for Kommunalbestyrelsen med 2 mio. kr.", text);
        Assert.Contains("Projektbeskrivelse", text);        // the open attachment …
        Assert.DoesNotContain("Lukket bilag", text);        // … and nothing of the closed one
        Assert.Contains("ØK, KB", main.QuerySelector("dl.sagsinfo")!.TextContent);
        Assert.NotNull(page.QuerySelector("link[rel=alternate][href='/sager/24-7615/feed.xml']"));
    }

    [Fact]
    public void Items_link_to_their_case_and_the_case_links_back()
    {
        foreach (var item in new[] { "direktionen/2024-11-13/punkt-1/", "oekonomiudvalget/2024-11-20/punkt-1/",
                     "kommunalbestyrelsen/2024-12-10/punkt-1/" })
        {
            var link = Site.Page(item + "index.html").QuerySelectorAll("main a")
                .Single(a => a.TextContent == "Sagens forløb");
            Assert.Equal("/sager/24-7615/", link.GetAttribute("href"));
            Assert.NotNull(Site.Page("sager/24-7615/index.html").QuerySelector($"main a[href='/{item}']"));
        }
        // A case with one treatment has a page, but its item has nothing to follow.
        Assert.True(File.Exists(Path.Combine(Site.Output, "sager", "24-8100", "index.html")));
        Assert.DoesNotContain("Sagens forløb", Site.Read("direktionen/2024-11-13/punkt-3/index.html"));
    }

    [Fact]
    public void The_case_list_shows_open_cases_newest_first_and_no_closed_case_number()
    {
        var list = Site.Page("sager/index.html");
        var links = list.QuerySelectorAll("ul.sagsliste a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/sager/24-7615/", "/sager/24-8100/"], links);
        // The cases' own folders, the year they were treated in (/sager/2024/) and the entry page.
        Assert.Equal(["2024", "24-7615", "24-8100", "index.html"],
            Directory.EnumerateFileSystemEntries(Path.Combine(Site.Output, "sager")).Select(Path.GetFileName).Order());
        // The filter box is a progressive enhancement: hidden in the HTML, shown by the script.
        Assert.NotNull(list.QuerySelector("form.sagsfilter[hidden] input[type=search]"));
        Assert.NotNull(list.QuerySelector("script[src^='/assets/sager.']"));
        Assert.DoesNotMatch(Closed(), Site.Read("sager/index.html"));
    }

    [Fact]
    public void Upcoming_agendas_are_above_the_latest_meetings_on_the_front_and_committee_pages()
    {
        var front = Site.Page("index.html");
        var kommende = front.GetElementById("kommende")!.ParentElement!;
        Assert.Equal(["/kommunalbestyrelsen/2024-12-10/"],
            kommende.QuerySelectorAll("ul.moedeliste a").Select(a => a.GetAttribute("href")));
        Assert.True(front.Body!.InnerHtml.IndexOf("id=\"kommende\"", StringComparison.Ordinal)
            < front.Body.InnerHtml.IndexOf("id=\"seneste\"", StringComparison.Ordinal));
        Assert.NotNull(kommende.QuerySelector("a[href='/moeder.ics']"));
        Assert.NotNull(Site.Page("kommunalbestyrelsen/index.html").GetElementById("kommende"));
        Assert.Null(Site.Page("direktionen/index.html").GetElementById("kommende"));
    }

    [Fact]
    public void Kommende_moeder_follows_the_build_date_and_a_rebuild_is_byte_identical()
    {
        using var later = new BuiltSite("site-cases", new DateOnly(2024, 12, 11));
        Assert.Null(later.Page("index.html").GetElementById("kommende"));
        // The agenda's own day still counts as coming (Copenhagen date).
        using var sameDay = new BuiltSite("site-cases", new DateOnly(2024, 12, 10));
        Assert.NotNull(sameDay.Page("index.html").GetElementById("kommende"));

        var second = Path.Combine(Site.Dir, "output-again");
        Assert.True(Site.Build(second).Succeeded);
        var (a, b) = (BuiltSite.Snapshot(Site.Output), BuiltSite.Snapshot(second));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs");
    }

    [Fact]
    public void Meeting_pages_link_their_calendar_and_data()
    {
        var page = Site.Page("oekonomiudvalget/2024-11-20/index.html");
        Assert.NotNull(page.QuerySelector("main a[href='/oekonomiudvalget/2024-11-20/moede.ics']"));
        Assert.NotNull(page.QuerySelector("main a[href='/data/oekonomiudvalget/2024-11-20.json']"));
        Assert.True(File.Exists(Path.Combine(Site.Output, "oekonomiudvalget", "2024-11-20", "moede.ics")));
    }

    [Fact]
    public void No_closed_case_number_or_sentinel_in_any_output_byte()
    {
        Assert.Contains("sager/24-7615/feed.xml", Site.Files());
        foreach (var file in Site.Files())
        {
            Assert.DoesNotMatch(Closed(), file);
            Assert.DoesNotMatch(Closed(), File.ReadAllText(Path.Combine(Site.Output, file)));
        }
    }
}

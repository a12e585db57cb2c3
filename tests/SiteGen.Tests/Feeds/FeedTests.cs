using System.Text.Json;
using System.Xml.Linq;
using SiteGen.Tests.Rendering;
using static SiteGen.Tests.Feeds.ReadLeakSite;

namespace SiteGen.Tests.Feeds;

/// <summary>RSS feeds of Fixtures/site-leak as feedparser (a real feed reader library) reads them.</summary>
public sealed class FeedTests(ReadLeakSite fixture) : IClassFixture<ReadLeakSite>
{
    private readonly JsonElement _report = fixture.Report;
    private readonly BuiltSite _site = fixture.Site;

    private static readonly string[] AllFeeds =
    [
        "feed.xml", "beslutninger.xml", "direktionen/feed.xml", "oekonomiudvalget/feed.xml", "kultur-og-fritidsudvalget/feed.xml",
        "sager/24-7615/feed.xml",
    ];

    [Fact]
    public void Every_feed_parses_without_errors_as_RSS_2_in_Danish_with_a_self_link()
    {
        var feeds = _report.Props("feeds").ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(AllFeeds.Order(StringComparer.Ordinal), feeds.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, feed) in feeds)
        {
            Assert.False(feed.GetProperty("bozo").GetBoolean(), $"{name}: {feed.GetProperty("bozo_exception")}");
            Assert.Equal("rss20", feed.Str("version"));
            Assert.Equal("da", feed.Str("language"));
            Assert.Equal([$"{BaseUrl}/{name}"], feed.GetProperty("self").EnumerateArray().Select(s => s.GetString()));
            Assert.StartsWith(BaseUrl + "/", feed.Str("link"));
            Assert.False(string.IsNullOrWhiteSpace(feed.Str("title")));
        }
    }

    [Fact]
    public void Site_feed_has_one_entry_per_meeting_newest_publication_first()
    {
        var entries = _report.Entries("feed.xml");
        Assert.Equal(
        [
            "Dagsorden: Økonomiudvalget 3. december 2024",
            "Referat: Direktionen 13. november 2024 (rettet 20. november 2024)",
            "Referat: Direktionen 6. september 2023",
        ], entries.Select(e => e.Str("title")));
        // Default publication time is the meeting's date at its end time, Copenhagen time (here winter and summer time).
        Assert.Equal(["2024-12-03T15:30:00+00:00", "2024-11-13T12:00:00+00:00", "2023-09-06T15:00:00+00:00"],
            entries.Select(e => e.Str("published")));
        Assert.Equal([$"{BaseUrl}/oekonomiudvalget/2024-12-03/", $"{BaseUrl}/direktionen/2024-11-13/", $"{BaseUrl}/direktionen/2023-09-06/"],
            entries.Select(e => e.Str("link")));
    }

    [Fact]
    public void Committee_feeds_hold_only_their_committee_and_an_empty_committee_has_an_empty_valid_feed()
    {
        Assert.Equal(["Referat: Direktionen 13. november 2024 (rettet 20. november 2024)", "Referat: Direktionen 6. september 2023"],
            _report.Entries("direktionen/feed.xml").Select(e => e.Str("title")));
        Assert.Equal(["Dagsorden: Økonomiudvalget 3. december 2024"], _report.Entries("oekonomiudvalget/feed.xml").Select(e => e.Str("title")));
        Assert.Empty(_report.Entries("kultur-og-fritidsudvalget/feed.xml"));
        Assert.All(_report.Entries("direktionen/feed.xml"), e => Assert.Equal(["Direktionen"], e.GetProperty("tags").EnumerateArray().Select(t => t.GetString())));
    }

    [Fact]
    public void Every_link_resolves_to_a_built_page_and_guids_are_unique_permanent_links()
    {
        foreach (var feed in AllFeeds)
        {
            var entries = _report.Entries(feed);
            Assert.Equal(entries.Count, entries.Select(e => e.Str("id")).Distinct(StringComparer.Ordinal).Count());
            foreach (var e in entries)
            {
                var link = e.Str("link");
                // A referat's guid is its page; an agenda's (and a correction's) is not a page of its own, so the
                // referat that replaces it is a new entry (issue 16).
                if (e.Str("id") != link)
                    Assert.Matches("^tag:referater\\.testrup\\.example,\\d{4}-\\d\\d-\\d\\d:"
                        + System.Text.RegularExpressions.Regex.Escape(link[BaseUrl.Length..])
                        + @"(dagsorden|rettelse-\d+)$", e.Str("id"));
                var file = Readers.FileFor(BaseUrl, link, _site.Output);
                Assert.True(file is not null && File.Exists(file), $"{feed}: {link} is not a built page");
                var hash = link.IndexOf('#');
                if (hash >= 0) Assert.NotNull(Repo.Parse(File.ReadAllText(file)).GetElementById(link[(hash + 1)..]));
            }
        }
        // The channel links too.
        foreach (var feed in AllFeeds)
            Assert.True(File.Exists(Readers.FileFor(BaseUrl, _report.GetProperty("feeds").GetProperty(feed).Str("link"), _site.Output)));
    }

    [Fact]
    public void Description_lists_every_item_with_its_decision_and_closed_items_as_placeholders()
    {
        var referat = _report.Entries("feed.xml")[1].Str("summary");
        Assert.Contains("1. OPENCONTROLTITLE Beslutningsprotokoller og dagsordener", referat);
        Assert.Contains("OPENCONTROLDECISION Punkterne til møderne blev behandlet.", referat);
        Assert.Contains("2. Personalesag — Lukket sag", referat);
        Assert.Contains("OPENCONTROLPUBLICDECISION", referat);
        Assert.Contains("3. Lukket punkt — Lukket sag", referat);
        Assert.Contains("OPENCONTROLRETTELSE", referat);
        Assert.Contains($"href=\"{BaseUrl}/direktionen/2024-11-13/punkt-1/\"", referat);

        var dagsorden = _report.Entries("feed.xml")[0].Str("summary");
        Assert.Contains("1. OPENCONTROLAGENDA Budgetopfølgning", dagsorden);
        Assert.Contains("2. Salg af grund — Lukket sag", dagsorden);
        Assert.DoesNotContain("Beslutning:", dagsorden);
    }

    [Fact]
    public void Decisions_feed_has_one_entry_per_public_decision_linking_to_its_item()
    {
        var entries = _report.Entries("beslutninger.xml");
        Assert.Equal(
        [
            // The correction names no item, so it concerns the whole meeting (issue 16).
            "Direktionen 13. november 2024, punkt 1: OPENCONTROLTITLE Beslutningsprotokoller og dagsordener (rettet 20. november 2024)",
            "Direktionen 13. november 2024, punkt 2: Personalesag (lukket sag) (rettet 20. november 2024)",
            "Direktionen 6. september 2023, punkt 1: Økonomi",
        ], entries.Select(e => e.Str("title")));
        Assert.Equal(
        [
            $"{BaseUrl}/direktionen/2024-11-13/punkt-1/", $"{BaseUrl}/direktionen/2024-11-13/#punkt-2", $"{BaseUrl}/direktionen/2023-09-06/punkt-1/",
        ], entries.Select(e => e.Str("link")));
        Assert.Contains("OPENCONTROLDECISION", entries[0].Str("summary"));
        Assert.Contains("OPENCONTROLPUBLICDECISION", entries[1].Str("summary"));
        // Closed item 3 has no public decision, and a dagsorden has no decisions at all.
        Assert.DoesNotContain(entries, e => e.Str("link").Contains("oekonomiudvalget", StringComparison.Ordinal) || e.Str("link").EndsWith("#punkt-3", StringComparison.Ordinal));
    }

    [Fact]
    public void Last_build_date_comes_from_the_content_not_the_clock()
    {
        var feeds = _report.GetProperty("feeds");
        Assert.Equal("2024-12-03T15:30:00+00:00", feeds.GetProperty("feed.xml").Str("updated"));
        // The correction of 20 November is the newest change in Direktionen's feed.
        Assert.Equal("2024-11-20T11:00:00+00:00", feeds.GetProperty("direktionen/feed.xml").Str("updated"));
        Assert.Equal(JsonValueKind.Null, feeds.GetProperty("kultur-og-fritidsudvalget/feed.xml").GetProperty("updated").ValueKind);
    }

    [Fact]
    public void Every_page_links_its_feeds_in_the_head_and_visibly()
    {
        foreach (var page in _site.Pages)
        {
            var doc = _site.Page(page);
            var alternates = doc.QuerySelectorAll("head link[rel=alternate][type='application/rss+xml']").Select(l => l.GetAttribute("href")).ToList();
            Assert.Contains("/feed.xml", alternates);
            Assert.Contains("/beslutninger.xml", alternates);
            foreach (var href in alternates) Assert.True(File.Exists(Path.Combine(_site.Output, href!.TrimStart('/'))), $"{page}: {href}");
            Assert.NotNull(doc.QuerySelector("footer a[href='/feed.xml']"));
            Assert.NotNull(doc.QuerySelector("footer a[href='/data/moeder.json']"));
        }
        foreach (var page in new[] { "direktionen/index.html", "direktionen/2024-11-13/index.html", "direktionen/2024-11-13/punkt-1/index.html" })
            Assert.NotNull(_site.Page(page).QuerySelector("head link[rel=alternate][href='/direktionen/feed.xml']"));

        var committee = _site.Page("direktionen/index.html").QuerySelector("main")!;
        foreach (var href in new[] { "/direktionen/feed.xml", "/direktionen/moeder.ics", "/data/direktionen/moeder.json" })
        {
            Assert.NotNull(committee.QuerySelector($"a[href='{href}']"));
            Assert.True(File.Exists(Path.Combine(_site.Output, href.TrimStart('/'))), href);
        }
    }

    [Fact]
    public void Feeds_are_well_formed_xml_with_the_atom_namespace_and_no_byte_order_mark()
    {
        foreach (var feed in AllFeeds)
        {
            var bytes = File.ReadAllBytes(Path.Combine(_site.Output, feed));
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, $"{feed} has a BOM");
            var doc = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes));
            Assert.Equal("2.0", doc.Root!.Attribute("version")!.Value);
            Assert.NotNull(doc.Root.Element("channel")!.Element(XName.Get("link", "http://www.w3.org/2005/Atom")));
        }
    }
}

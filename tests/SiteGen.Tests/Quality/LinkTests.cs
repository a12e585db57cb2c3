namespace SiteGen.Tests.Quality;

/// <summary>Gate 4: internal links in every page, feed, sitemap and data file resolve to built files.</summary>
[Collection("Built outputs")]
public class LinkTests(BuiltOutputs built)
{
    public static TheoryData<string> Sites() => new("sample", "corpus-confidential", "corpus-injection");

    [Theory]
    [MemberData(nameof(Sites))]
    public void Every_internal_link_resolves_to_a_built_file(string name)
    {
        var site = built.All.Single(s => s.Name == name);
        var report = LinkChecker.Check(site.Output, site.BaseUrl);
        var broken = report.Broken;
        Assert.True(broken.Count == 0, $"{broken.Count} broken internal links:\n" + string.Join("\n", broken.Take(50)));
        Assert.True(report.Links >= site.Pages.Count() * 5, $"only {report.Links} links found in {report.Files} files");
    }

    /// <summary>The checker itself: a missing page, file, fragment or feed target is reported, in every file type.</summary>
    [Fact]
    public void Checker_reports_broken_links_in_pages_feeds_data_and_calendars()
    {
        var dir = Directory.CreateTempSubdirectory("sitegen-links-").FullName;
        try
        {
            const string baseUrl = "https://example.test";
            Directory.CreateDirectory(Path.Combine(dir, "a"));
            File.WriteAllText(Path.Combine(dir, "a", "index.html"), "<h1 id=top>A</h1>");
            File.WriteAllText(Path.Combine(dir, "index.html"),
                "<a href=\"/a/\">ok</a><a href=\"a/#top\">ok</a><a href=\"/missing/\">1</a><img src=\"/x.png\"><a href=\"/a/#nope\">2</a><a href=\"https://other.test/\">ext</a>");
            File.WriteAllText(Path.Combine(dir, "feed.xml"),
                $"<rss><channel><link>{baseUrl}/a/</link><item><link>{baseUrl}/gone/</link><description>&lt;a href=\"/also-gone/\"&gt;x&lt;/a&gt;</description></item></channel></rss>");
            File.WriteAllText(Path.Combine(dir, "data.json"), "{\"url\":\"/a/\",\"list\":[{\"pdf\":\"/bilag/none.pdf\"}]}");
            File.WriteAllText(Path.Combine(dir, "cal.ics"), $"BEGIN:VEVENT\r\nURL:{baseUrl}/mo\r\n ede/\r\nEND:VEVENT\r\n");
            File.WriteAllText(Path.Combine(dir, "robots.txt"), $"Sitemap: {baseUrl}/sitemap.xml\n");
            var report = LinkChecker.Check(dir, baseUrl);
            var broken = string.Join("\n", report.Broken);
            foreach (var expected in new[] { "/index.html: /missing/", "/index.html: /x.png", "/index.html: /a/#nope", "/feed.xml: https://example.test/gone/",
                         "/feed.xml: /also-gone/", "/data.json: /bilag/none.pdf", "/cal.ics: https://example.test/moede/", "/robots.txt: https://example.test/sitemap.xml" })
                Assert.Contains(expected, broken);
            Assert.Equal(8, report.Broken.Count);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

using System.Text.Json;
using SiteGen.Tests.Rendering;

namespace SiteGen.Tests.Feeds;

/// <summary>The shipped input/ and an empty site, through the same readers: what goes live must read cleanly.</summary>
public sealed class ShippedSiteFeedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-feeds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (string Output, JsonElement Report) Build(string input)
    {
        var output = Path.Combine(_dir, "output");
        var result = Pipeline.Build(new BuildOptions(input, output, Search: false), TextWriter.Null);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return (output, Readers.Read(output));
    }

    private static void AssertReadsCleanly(JsonElement report)
    {
        foreach (var feed in report.GetProperty("feeds").EnumerateObject())
            Assert.False(feed.Value.GetProperty("bozo").GetBoolean(), $"{feed.Name}: {feed.Value.GetProperty("bozo_exception")}");
        foreach (var cal in report.GetProperty("calendars").EnumerateObject())
        {
            Assert.Equal(["Europe/Copenhagen"], cal.Value.GetProperty("timezones").EnumerateArray().Select(t => t.GetString()));
            Assert.InRange(cal.Value.GetProperty("longest_line").GetInt32(), 1, 75);
        }
        foreach (var file in report.GetProperty("data").GetProperty("files").EnumerateObject())
            Assert.True(file.Value.GetProperty("errors").GetArrayLength() == 0, $"{file.Name}: {file.Value.GetProperty("errors")}");
    }

    [Fact]
    public void The_shipped_site_has_feeds_calendars_and_data_that_read_cleanly_and_link_to_built_pages()
    {
        var (output, report) = Build(Path.Combine(Repo.Root, "input"));
        AssertReadsCleanly(report);
        const string baseUrl = "https://referater.norddjurs.dk";
        var meetings = Directory.EnumerateFiles(Path.Combine(Repo.Root, "input", "referater"), "*.md", SearchOption.AllDirectories).Count();
        Assert.Equal(Math.Min(meetings, SiteGen.Feeds.FeedWriter.MaxMeetingEntries), report.Entries("feed.xml").Count);
        // One per committee in site.yml, one for all (/moeder.ics) and one per meeting.
        Assert.Equal(9 + 1 + meetings, report.GetProperty("calendars").EnumerateObject().Count());
        foreach (var feed in report.GetProperty("feeds").EnumerateObject())
        {
            Assert.Equal([$"{baseUrl}/{feed.Name}"], feed.Value.GetProperty("self").EnumerateArray().Select(s => s.GetString()));
            var ids = feed.Value.GetProperty("entries").EnumerateArray().Select(e => e.Str("id")).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            foreach (var e in feed.Value.GetProperty("entries").EnumerateArray())
                Assert.True(File.Exists(Readers.FileFor(baseUrl, e.Str("link"), output)), $"{feed.Name}: {e.Str("link")}");
        }
        Assert.Contains($"Sitemap: {baseUrl}/sitemap.xml", File.ReadAllText(Path.Combine(output, "robots.txt")));
    }

    [Fact]
    public void A_site_without_meetings_still_has_valid_empty_feeds_calendars_and_data()
    {
        var input = Path.Combine(_dir, "input");
        Directory.CreateDirectory(input);
        File.Copy(Path.Combine(Repo.Root, "tests", "SiteGen.Tests", "Fixtures", "site-leak", "site.yml"), Path.Combine(input, "site.yml"));
        Repo.CopyDir(Repo.Templates, Path.Combine(input, "templates"));
        Repo.CopyDir(Repo.Assets, Path.Combine(input, "assets"));
        var (_, report) = Build(input);
        AssertReadsCleanly(report);
        Assert.Equal(5, report.GetProperty("feeds").EnumerateObject().Count());
        Assert.All(report.GetProperty("feeds").EnumerateObject(), f => Assert.Equal(0, f.Value.GetProperty("entries").GetArrayLength()));
        Assert.All(report.GetProperty("calendars").EnumerateObject(), c => Assert.Equal(0, c.Value.GetProperty("events").GetArrayLength()));
        Assert.Equal(0, report.GetProperty("data").GetProperty("files").GetProperty("data/moeder.json").GetProperty("doc").GetProperty("data").GetArrayLength());
    }
}

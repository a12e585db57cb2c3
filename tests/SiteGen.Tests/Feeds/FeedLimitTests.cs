using SiteGen.Feeds;
using SiteGen.Tests.Rendering;
using static SiteGen.Tests.Feeds.ReadLeakSite;

namespace SiteGen.Tests.Feeds;

/// <summary>A long archive: feeds keep the most recently published or corrected meetings; the rest stays
/// in the open data, calendars and sitemap.</summary>
public sealed class FeedLimitTests : IDisposable
{
    private const int Extra = 60;
    private readonly BuiltSite _site = new("site-leak");

    public void Dispose() => _site.Dispose();

    /// <summary>Adds <see cref="Extra"/> weekly Direktionen meetings from January 2022, all older than the fixture's own.</summary>
    private IReadOnlyList<DateOnly> AddOldMeetings()
    {
        var template = File.ReadAllText(Path.Combine(_site.Input, "referater", "2023", "2023-09-06-direktionen.md"));
        var dates = Enumerable.Range(0, Extra).Select(i => new DateOnly(2022, 1, 5).AddDays(7 * i)).ToList();
        foreach (var d in dates)
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(_site.Input, "referater", $"{d.Year}")).FullName, $"{d:yyyy-MM-dd}-direktionen.md"),
                template.Replace("dato: 2023-09-06", $"dato: {d:yyyy-MM-dd}", StringComparison.Ordinal));
        return dates;
    }

    [Fact]
    public void Feeds_hold_the_newest_meetings_and_a_corrected_old_meeting_comes_back_as_updated()
    {
        var dates = AddOldMeetings();
        var output = Path.Combine(_site.Dir, "output-long");
        var result = _site.Build(output);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Take(5)));
        var report = Readers.Read(output);

        var all = report.Entries("feed.xml");
        Assert.Equal(FeedWriter.MaxMeetingEntries, all.Count);
        Assert.Equal(FeedWriter.MaxMeetingEntries, report.Entries("direktionen/feed.xml").Count);
        var published = all.Select(e => e.Str("published")).ToList();
        Assert.Equal(published.OrderDescending(StringComparer.Ordinal), published);
        var oldest = $"{BaseUrl}/direktionen/{dates[0]:yyyy-MM-dd}/";
        Assert.DoesNotContain(all, e => e.Str("link") == oldest);
        // Decisions: one per old meeting, one in 2023, two on 13 November 2024 (below the limit of 100).
        Assert.Equal(Extra + 3, report.Entries("beslutninger.xml").Count);
        // The archive is complete elsewhere.
        Assert.Equal(Extra + 2, report.GetProperty("calendars").GetProperty("direktionen/moeder.ics").GetProperty("events").GetArrayLength());
        Assert.Equal(Extra + 3, report.GetProperty("data").GetProperty("files").GetProperty("data/moeder.json").GetProperty("doc").GetProperty("data").GetArrayLength());

        // A correction to the oldest meeting brings it back into the feeds, marked as changed.
        var file = Path.Combine(_site.Input, "referater", "2022", $"{dates[0]:yyyy-MM-dd}-direktionen.md");
        File.WriteAllText(file, File.ReadAllText(file).Replace("punkter:", "rettelser:\n  - dato: 2024-12-10\n    tekst: Navn rettet.\npunkter:", StringComparison.Ordinal));
        var output2 = Path.Combine(_site.Dir, "output-long-2");
        Assert.True(_site.Build(output2).Succeeded);
        var after = Readers.Read(output2);
        foreach (var feed in new[] { "feed.xml", "direktionen/feed.xml" })
        {
            var entries = after.Entries(feed);
            Assert.Equal(FeedWriter.MaxMeetingEntries, entries.Count);
            var back = Assert.Single(entries, e => e.Str("link") == oldest);
            Assert.Equal("2024-12-10T11:00:00+00:00", back.Str("updated"));
            Assert.Contains("(rettet 10. december 2024)", back.Str("title"));
            Assert.Equal(oldest, entries[^1].Str("link")); // still ordered by publication time
        }
        Assert.Equal("2024-12-10T11:00:00+00:00", after.GetProperty("feeds").GetProperty("direktionen/feed.xml").Str("updated"));
    }
}

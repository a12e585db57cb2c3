using System.Text.Json;
using SiteGen.Tests.Rendering;

namespace SiteGen.Tests.Feeds;

/// <summary>Case feeds, the all-committee and per-meeting calendars, and what an agenda turning into a referat or
/// a correction of one item does to feeds and calendars, read with feedparser and icalendar (issue 16).</summary>
public sealed class CaseFeedTests : IDisposable
{
    private const string BaseUrl = CaseSite.BaseUrl;
    private readonly BuiltSite _site = new("site-cases", CaseSite.Today);
    private string Agenda => Path.Combine(_site.Input, "referater", "2024", "2024-12-10-kommunalbestyrelsen.md");

    public void Dispose() => _site.Dispose();

    private JsonElement Read(string? output = null)
    {
        Assert.True(_site.Result.Succeeded, string.Join("\n", _site.Result.Diagnostics));
        return Readers.Read(output ?? _site.Output);
    }

    private JsonElement Rebuild(Func<string, string> edit)
    {
        File.WriteAllText(Agenda, edit(File.ReadAllText(Agenda)));
        var output = Path.Combine(_site.Dir, "output-2");
        var result = _site.Build(output);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return Readers.Read(output);
    }

    /// <summary>The agenda after the meeting: a referat with a decision, published on 11 December.</summary>
    private static string ToReferat(string agenda) => agenda
        .Replace("type: dagsorden\n", "", StringComparison.Ordinal)
        .Replace("publiceret: 2024-12-03T09:00:00+01:00", "publiceret: 2024-12-11T14:00:00+01:00",
            StringComparison.Ordinal)
        .Replace("Det indstilles, at projektet godkendes.\n",
            "Det indstilles, at projektet godkendes.\n\n### Beslutning\n\nGodkendt.\n", StringComparison.Ordinal);

    private static JsonElement Event(JsonElement report, string calendar, string uidStart) =>
        report.GetProperty("calendars").GetProperty(calendar).GetProperty("events").EnumerateArray()
            .Single(e => e.Str("uid").StartsWith(uidStart, StringComparison.Ordinal));

    [Fact]
    public void The_case_feed_has_one_entry_per_treatment_and_per_correction_newest_first()
    {
        var report = Read();
        var feed = report.GetProperty("feeds").GetProperty("sager/24-7615/feed.xml");
        Assert.False(feed.GetProperty("bozo").GetBoolean(), feed.ToString());
        Assert.Equal(
        [
            "Dagsorden: Kommunalbestyrelsen 10. december 2024, punkt 1: Kloge kvadratmeter, endelig godkendelse",
            "Rettelse 25. november 2024: Økonomiudvalget 20. november 2024, punkt 1: Kloge kvadratmeter, økonomi",
            "Referat: Økonomiudvalget 20. november 2024, punkt 1: Kloge kvadratmeter, økonomi",
            "Referat: Direktionen 13. november 2024, punkt 1: Kloge kvadratmeter",
        ], report.Entries("sager/24-7615/feed.xml").Select(e => e.Str("title")));
        foreach (var e in report.Entries("sager/24-7615/feed.xml"))
        {
            var file = Readers.FileFor(BaseUrl, e.Str("link"), _site.Output);
            Assert.True(file is not null && File.Exists(file), e.Str("link"));
        }
        // The agenda's date is its publication time, not the meeting's.
        Assert.Equal("2024-12-03T08:00:00+00:00", report.Entries("sager/24-7615/feed.xml")[0].Str("published"));
        Assert.Contains("Beløbet i punkt 1 er rettet.", report.Entries("sager/24-7615/feed.xml")[1].Str("summary"));
    }

    [Fact]
    public void An_agenda_that_becomes_a_referat_is_a_new_entry_and_a_new_calendar_sequence()
    {
        var before = Read();
        var after = Rebuild(ToReferat);
        const string meeting = BaseUrl + "/kommunalbestyrelsen/2024-12-10/";
        foreach (var feed in new[] { "feed.xml", "kommunalbestyrelsen/feed.xml" })
        {
            var old = before.Entries(feed).Single(e => e.Str("link") == meeting);
            var now = after.Entries(feed).Single(e => e.Str("link") == meeting);
            Assert.StartsWith("Dagsorden: ", old.Str("title"), StringComparison.Ordinal);
            Assert.Equal("Referat: Kommunalbestyrelsen 10. december 2024", now.Str("title"));
            Assert.NotEqual(old.Str("id"), now.Str("id"));   // a new entry for feed readers, not a silent change
            Assert.Equal("2024-12-03T08:00:00+00:00", old.Str("published"));
            Assert.Equal("2024-12-11T13:00:00+00:00", now.Str("published"));
        }
        var caseEntry = after.Entries("sager/24-7615/feed.xml")[0];
        Assert.StartsWith("Referat: Kommunalbestyrelsen", caseEntry.Str("title"), StringComparison.Ordinal);
        Assert.NotEqual(before.Entries("sager/24-7615/feed.xml")[0].Str("id"), caseEntry.Str("id"));
        Assert.Contains("Godkendt.", caseEntry.Str("summary"));

        foreach (var calendar in new[] { "moeder.ics", "kommunalbestyrelsen/moeder.ics",
                     "kommunalbestyrelsen/2024-12-10/moede.ics" })
        {
            var (old, now) = (Event(before, calendar, "kommunalbestyrelsen-2024-12-10@"),
                Event(after, calendar, "kommunalbestyrelsen-2024-12-10@"));
            Assert.Equal(old.Str("uid"), now.Str("uid"));
            Assert.True(now.GetProperty("sequence").GetInt32() > old.GetProperty("sequence").GetInt32(), calendar);
        }
    }

    [Fact]
    public void A_correction_naming_one_item_marks_only_that_decision_and_raises_the_sequence()
    {
        var report = Read();
        var decisions = report.Entries("beslutninger.xml");
        var corrected = decisions.Single(e => e.Str("link") == BaseUrl + "/oekonomiudvalget/2024-11-20/punkt-1/");
        var other = decisions.Single(e => e.Str("link") == BaseUrl + "/oekonomiudvalget/2024-11-20/punkt-3/");
        Assert.EndsWith("(rettet 25. november 2024)", corrected.Str("title"), StringComparison.Ordinal);
        Assert.Equal("2024-11-25T11:00:00+00:00", corrected.Str("updated"));
        Assert.DoesNotContain("rettet", other.Str("title"), StringComparison.Ordinal);
        Assert.Equal("2024-11-21T09:00:00+00:00", other.Str("updated"));
        // Referat (1) + one correction.
        Assert.Equal(2, Event(report, "moeder.ics", "oekonomiudvalget-2024-11-20@").GetProperty("sequence").GetInt32());
        Assert.Equal(1, Event(report, "moeder.ics", "direktionen-2024-11-13@").GetProperty("sequence").GetInt32());
        Assert.Equal(0, Event(report, "moeder.ics", "kommunalbestyrelsen-2024-12-10@").GetProperty("sequence")
            .GetInt32());
    }

    [Fact]
    public void Every_feed_and_calendar_reads_cleanly_and_holds_no_closed_text()
    {
        var report = Read();
        Assert.Equal(3, report.GetProperty("calendars").GetProperty("moeder.ics").GetProperty("events")
            .GetArrayLength());
        foreach (var feed in report.GetProperty("feeds").EnumerateObject())
        {
            Assert.False(feed.Value.GetProperty("bozo").GetBoolean(), feed.Name);
            Assert.DoesNotContain("lkq", feed.Value.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("777", feed.Value.ToString(), StringComparison.Ordinal);
        }
        foreach (var calendar in report.GetProperty("calendars").EnumerateObject())
        {
            Assert.DoesNotContain("lkq", calendar.Value.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.True(calendar.Value.GetProperty("longest_line").GetInt32() <= 75, calendar.Name);
        }
    }
}

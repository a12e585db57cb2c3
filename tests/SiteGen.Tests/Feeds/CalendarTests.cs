using System.Text.Json;
using SiteGen.Tests.Rendering;
using static SiteGen.Tests.Feeds.ReadLeakSite;

namespace SiteGen.Tests.Feeds;

/// <summary>Each committee's moeder.ics as the icalendar package (a real RFC 5545 parser) reads it.</summary>
public sealed class CalendarTests(ReadLeakSite fixture) : IClassFixture<ReadLeakSite>
{
    private readonly JsonElement _calendars = fixture.Report.GetProperty("calendars");
    private readonly BuiltSite _site = fixture.Site;

    private IReadOnlyList<JsonElement> Events(string cal) => _calendars.GetProperty(cal).GetProperty("events").EnumerateArray().ToList();

    [Fact]
    public void Every_committee_has_a_calendar_that_parses_with_its_time_zone_and_line_rules()
    {
        // One per committee, one for all (/moeder.ics) and one per meeting (issue 16).
        Assert.Equal(["direktionen/2023-09-06/moede.ics", "direktionen/2024-11-13/moede.ics", "direktionen/moeder.ics",
                "kultur-og-fritidsudvalget/moeder.ics", "moeder.ics", "oekonomiudvalget/2024-12-03/moede.ics",
                "oekonomiudvalget/moeder.ics"],
            _calendars.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var cal in _calendars.EnumerateObject())
        {
            var c = cal.Value;
            Assert.Equal("2.0", c.Str("version"));
            Assert.Equal(["Europe/Copenhagen"], c.GetProperty("timezones").EnumerateArray().Select(t => t.GetString()));
            Assert.True(c.GetProperty("ends_with_crlf").GetBoolean(), cal.Name);
            Assert.False(c.GetProperty("bare_lf").GetBoolean(), $"{cal.Name}: a line ends without CR");
            Assert.InRange(c.GetProperty("longest_line").GetInt32(), 1, 75);
        }
        Assert.Empty(Events("kultur-og-fritidsudvalget/moeder.ics"));
    }

    [Fact]
    public void Events_have_Copenhagen_times_location_and_a_link_to_the_meeting_page()
    {
        var events = Events("direktionen/moeder.ics");
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("Europe/Copenhagen", e.Str("tzid")));
        // 09:00 in summer time is 07:00 UTC; in winter time 08:00 UTC.
        Assert.Equal(["2023-09-06T07:00:00+00:00", "2024-11-13T08:00:00+00:00"], events.Select(e => e.Str("start_utc")));
        Assert.Equal(["2023-09-06T15:00:00+00:00", "2024-11-13T12:00:00+00:00"], events.Select(e => e.Str("end_utc")));
        Assert.All(events, e => Assert.Equal("Mødelokale 250, rådhuset", e.Str("location")));
        Assert.All(events, e => Assert.Equal("Møde i Direktionen", e.Str("summary")));
        foreach (var e in events)
        {
            var file = Readers.FileFor(BaseUrl, e.Str("url"), _site.Output);
            Assert.True(file is not null && File.Exists(file), e.Str("url"));
            Assert.Contains(e.Str("url"), e.Str("description"));
        }
    }

    [Fact]
    public void UIDs_are_unique_and_stable_across_builds_and_changes()
    {
        var all = _calendars.EnumerateObject().Where(c => c.Name.EndsWith("/moeder.ics", StringComparison.Ordinal))
            .SelectMany(c => c.Value.GetProperty("events").EnumerateArray()).Select(e => e.Str("uid")).ToList();
        Assert.Equal(3, all.Count);
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("direktionen-2024-11-13@referater.testrup.example", all);

        // Another meeting in the committee does not change the existing UIDs.
        var copy = new BuiltSite("site-leak");
        try
        {
            var src = Path.Combine(copy.Input, "referater", "2023", "2023-09-06-direktionen.md");
            var newer = Path.Combine(copy.Input, "referater", "2023", "2023-10-04-direktionen.md");
            File.WriteAllText(newer, File.ReadAllText(src).Replace("dato: 2023-09-06", "dato: 2023-10-04", StringComparison.Ordinal));
            Assert.True(copy.Build(Path.Combine(copy.Dir, "output-2")).Succeeded);
            var uids = Readers.Read(Path.Combine(copy.Dir, "output-2")).GetProperty("calendars").GetProperty("direktionen/moeder.ics")
                .GetProperty("events").EnumerateArray().Select(e => e.Str("uid")).ToList();
            Assert.Equal(["direktionen-2023-09-06@referater.testrup.example", "direktionen-2023-10-04@referater.testrup.example",
                "direktionen-2024-11-13@referater.testrup.example"], uids);
        }
        finally { copy.Dispose(); }
    }

    [Fact]
    public void An_upcoming_meeting_brings_its_agenda_with_closed_items_by_public_title_only()
    {
        var ev = Assert.Single(Events("oekonomiudvalget/moeder.ics"));
        Assert.Equal("2024-12-03T13:00:00+00:00", ev.Str("start_utc"));
        Assert.Equal("Byrådssalen", ev.Str("location"));
        var description = ev.Str("description");
        Assert.Contains("Dagsorden:", description);
        Assert.Contains("1. OPENCONTROLAGENDA Budgetopfølgning", description);
        Assert.Contains("2. Salg af grund — Lukket sag", description);
    }
}

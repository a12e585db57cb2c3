using SiteGen.Publishing;
using SiteGen.Search;

namespace SiteGen.Tests.Search;

/// <summary>How the archive is split into search shards (issue 18): a small newest shard (the recent whole years
/// up to a bound, in /pagefind/ itself, what a first search reads); older shards of whole years, oldest first, up to
/// a bound; a year above a bound split at dates.</summary>
public class SearchShardsTests
{
    private static readonly PublicUdvalg A = new("Økonomiudvalget", "oekonomiudvalget", null);
    private static readonly PublicUdvalg B = new("Børneudvalget", "boerneudvalget", null);

    private static PublicMeeting Meeting(PublicUdvalg u, string dato) => new(u, DateOnly.Parse(dato),
        new TimeOnly(9, 0), new TimeOnly(10, 0), "Rådhuset", [], [], default, DateTimeOffset.UnixEpoch, [], []);

    [Fact]
    public void Whole_years_fill_a_shard_up_to_the_bound_and_the_newest_is_the_main_bundle()
    {
        var meetings = new[]
        {
            Meeting(A, "2021-03-01"), Meeting(A, "2022-03-01"), Meeting(B, "2022-03-01"),
            Meeting(A, "2023-03-01"), Meeting(A, "2024-01-10"), Meeting(A, "2024-02-10"),
        };
        var shards = SearchShards.Plan(meetings, 3);
        Assert.Equal(["pagefind", "pagefind/del-2021-03-01"], shards.Select(s => s.Folder));
        Assert.Equal("*/{2023-[0-9][0-9]-[0-9][0-9],2024-[0-9][0-9]-[0-9][0-9]}/index.html", shards[0].Glob);
        Assert.Equal(["boerneudvalget/2022-03-01/index.html", "oekonomiudvalget/2021-03-01/index.html",
            "oekonomiudvalget/2022-03-01/index.html"], shards[1].Pages.Order(StringComparer.Ordinal));
        // The same meetings in another order: the same shards (a function of the dates alone).
        Assert.Equal(shards.Select(s => (s.Folder, s.Glob, string.Join(",", s.Pages))),
            SearchShards.Plan(meetings.Reverse(), 3).Select(s => (s.Folder, s.Glob, string.Join(",", s.Pages))));
    }

    [Fact]
    public void A_year_above_the_bound_is_split_at_dates_and_a_date_is_never_split()
    {
        var meetings = new[]
        {
            Meeting(A, "2024-01-10"), Meeting(B, "2024-01-10"), Meeting(A, "2024-02-10"), Meeting(A, "2024-03-10"),
        };
        var shards = SearchShards.Plan(meetings, 1);
        Assert.Equal(3, shards.Length);
        Assert.Equal("*/2024-03-10/index.html", shards[0].Glob);
        Assert.Equal("*/2024-01-10/index.html", shards[2].Glob);
        Assert.Equal(2, shards[2].Pages.Length);
        Assert.Equal("""{"shards":["/pagefind/","/pagefind/del-2024-02-10/","/pagefind/del-2024-01-10/"],""" +
            """ "perioder":[["2024-03-10","2024-03-10"],["2024-02-10","2024-02-10"],""".TrimStart() +
            """["2024-01-10","2024-01-10"]]}"""
            + "\n",
            SearchShards.ListJson(shards));
    }

    /// <summary>A municipality's archive: <paramref name="perYear"/> meetings a year from 2004 to 2026, on
    /// <paramref name="upTo"/> of the last year; one meeting a day, on the weekdays in order.</summary>
    private static List<PublicMeeting> Archive(int perYear, DateOnly upTo)
    {
        var meetings = new List<PublicMeeting>();
        for (var year = 2004; year <= upTo.Year; year++)
        {
            var day = new DateOnly(year, 1, 2);
            for (var n = 0; n < perYear && day <= upTo && day.Year == year; n++, day = day.AddDays(1))
                meetings.Add(Meeting(n % 2 == 0 ? A : B, day.ToString("yyyy-MM-dd")));
        }
        return meetings;
    }

    [Fact]
    public void The_newest_shard_is_the_recent_whole_years_up_to_about_a_thousand_meetings_whatever_the_season()
    {
        foreach (var upTo in new[] { new DateOnly(2026, 1, 5), new DateOnly(2026, 6, 1), new DateOnly(2026, 12, 31) })
        {
            var shards = SearchShards.Plan(Archive(300, upTo), SearchShards.DefaultMaxMeetings);
            var newest = shards[0];
            Assert.Equal("pagefind", newest.Folder);
            Assert.InRange(newest.Pages.Length, SearchShards.NewestMeetings / 2, SearchShards.NewestMeetings);
            Assert.Equal(new DateOnly(newest.Fra!.Value.Year, 1, 2), newest.Fra); // whole years
            Assert.Equal(upTo.Year, newest.Til!.Value.Year);
            // The older shards are whole years from the oldest, each at most the bound, and together the rest.
            Assert.All(shards.Skip(1), s => Assert.InRange(s.Pages.Length, 1, SearchShards.DefaultMaxMeetings));
            Assert.Equal(new DateOnly(2004, 1, 2), shards[^1].Fra);
            Assert.Equal(Archive(300, upTo).Count, shards.Sum(s => s.Pages.Length));
        }
    }

    [Fact]
    public void With_the_default_bound_an_older_shard_is_one_year_of_a_busy_archive_and_a_few_of_a_small_one()
    {
        // An edit of an old referat re-indexes its shard: about one year of a weekly-meeting archive
        // (docs/perf-notes-s9-full.md), whole years grouped when they are small.
        var busy = SearchShards.Plan(Archive(300, new DateOnly(2026, 6, 1)), SearchShards.DefaultMaxMeetings);
        Assert.All(busy.Skip(1), s => Assert.Equal(s.Fra!.Value.Year, s.Til!.Value.Year));
        Assert.Equal(2025 - 2004, busy.Length - 1);
        var small = SearchShards.Plan(Archive(150, new DateOnly(2026, 6, 1)), SearchShards.DefaultMaxMeetings);
        Assert.All(small.Skip(1), s => Assert.InRange(s.Til!.Value.Year - s.Fra!.Value.Year, 0, 2));
        Assert.Contains(small.Skip(1), s => s.Til!.Value.Year - s.Fra!.Value.Year == 2);
        Assert.All(small.Skip(1), s => Assert.InRange(s.Pages.Length, 1, SearchShards.DefaultMaxMeetings));
    }

    [Fact]
    public void A_usual_new_meeting_changes_only_the_newest_shard()
    {
        var before = SearchShards.Plan(Archive(300, new DateOnly(2026, 3, 1)), SearchShards.DefaultMaxMeetings);
        var after = SearchShards.Plan(Archive(300, new DateOnly(2026, 3, 2)), SearchShards.DefaultMaxMeetings);
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(before[0].Pages.Length + 1, after[0].Pages.Length);
        for (var i = 1; i < before.Length; i++)
            Assert.Equal((before[i].Folder, before[i].Glob, string.Join(",", before[i].Pages)),
                (after[i].Folder, after[i].Glob, string.Join(",", after[i].Pages)));
    }

    [Fact]
    public void A_year_bigger_than_the_newest_bound_gives_a_newest_shard_of_its_last_dates_and_never_a_tiny_one()
    {
        // A national archive: 3,000 meetings a year (several a day). Early in January the newest shard still
        // holds about half the bound or more, taken from the end of the year before.
        var meetings = new List<PublicMeeting>();
        foreach (var year in new[] { 2024, 2025 })
            for (var d = new DateOnly(year, 1, 1); meetings.Count < (year - 2023) * 3000; d = d.AddDays(1))
                for (var n = 0; n < 10; n++)
                    meetings.Add(Meeting(new PublicUdvalg($"U{n}", $"u{n}", null), d.ToString("yyyy-MM-dd")));
        meetings.Add(Meeting(A, "2026-01-02"));
        var shards = SearchShards.Plan(meetings, SearchShards.DefaultMaxMeetings);
        Assert.InRange(shards[0].Pages.Length, SearchShards.NewestMeetings / 2, 3 * SearchShards.NewestMeetings / 2);
        Assert.Equal(new DateOnly(2026, 1, 2), shards[0].Til);
        Assert.Equal(2025, shards[0].Fra!.Value.Year);
        Assert.Equal(meetings.Count, shards.Sum(s => s.Pages.Length));
        Assert.Equal(meetings.Count, shards.SelectMany(s => s.Pages).Distinct().Count());
    }

    [Fact]
    public void Thousands_of_meetings_on_one_date_stay_one_shard_and_nothing_is_lost()
    {
        var meetings = Enumerable.Range(0, 3000)
            .Select(n => Meeting(new PublicUdvalg($"U{n}", $"u{n}", null), "2025-05-05")).ToList();
        meetings.Add(Meeting(A, "2024-12-31"));
        var shards = SearchShards.Plan(meetings, SearchShards.DefaultMaxMeetings);
        Assert.Equal(3000, shards[0].Pages.Length); // a date is never split, whatever its size
        Assert.Equal("*/2025-[0-9][0-9]-[0-9][0-9]/index.html", shards[0].Glob);
        Assert.Equal(new[] { "oekonomiudvalget/2024-12-31/index.html" }, shards[1].Pages.ToArray());
    }

    [Fact]
    public void An_empty_archive_has_one_shard_over_every_meeting_page()
    {
        var shard = Assert.Single(SearchShards.Plan([], 1000));
        Assert.Equal(("pagefind", Urls.MeetingPagesGlob), (shard.Folder, shard.Glob));
    }
}

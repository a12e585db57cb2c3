using SiteGen.Publishing;
using SiteGen.Search;

namespace SiteGen.Tests.Search;

/// <summary>How the archive is split into search shards (issue 18): whole years, oldest first, up to a bound;
/// a year above the bound split at dates; the newest shard in /pagefind/ itself.</summary>
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
        Assert.Equal("""{"shards":["/pagefind/","/pagefind/del-2024-02-10/","/pagefind/del-2024-01-10/"]}""" + "\n",
            SearchShards.ListJson(shards));
    }

    [Fact]
    public void An_empty_archive_has_one_shard_over_every_meeting_page()
    {
        var shard = Assert.Single(SearchShards.Plan([], 1000));
        Assert.Equal(("pagefind", Urls.MeetingPagesGlob), (shard.Folder, shard.Glob));
    }
}

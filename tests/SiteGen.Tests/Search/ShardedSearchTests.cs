using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteGen.Search;
using SiteGen.Tests.Browser;
using Xunit.Abstractions;

namespace SiteGen.Tests.Search;

/// <summary>The sample site with its search index in three shards, one meeting (one year) each: 2025 in
/// /pagefind/, 2024 and 2023 in older bundles that search.js merges in.</summary>
public sealed class ShardedSampleSite : SampleSite
{
    protected override int ShardMeetings => 1;
}

/// <summary>Every search page test again, on the sharded index: the page must behave the same.</summary>
public class ShardedSearchPageTests(ShardedSampleSite site, ITestOutputHelper output)
    : SearchPageTests(site, output), IClassFixture<ShardedSampleSite>;

/// <summary>What only shards can break: words of the oldest shard, filters and a date sort across shards.</summary>
public class ShardedSearchTests(ShardedSampleSite site) : IClassFixture<ShardedSampleSite>
{
    private async Task<WatchedPage> Open(string query)
    {
        var watched = await site.Browser.NewPageAsync();
        await watched.Page.GotoAsync(site.Url + "/soeg/" + query);
        try
        {
            await Assertions.Expect(watched.Page.GetByRole(AriaRole.Status))
                .ToHaveTextAsync(new Regex("resultat|Ingen", RegexOptions.IgnoreCase), new() { Timeout = 30_000 });
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException($"{e.Message}\nBrowser: {string.Join("\n", watched.Errors)}", e);
        }
        return watched;
    }

    private static Task<string[]> Hrefs(IPage page) => page.Locator("#resultater > li h2 a")
        .EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");

    [Fact]
    public void The_index_is_three_bundles_listed_newest_first()
    {
        Assert.Equal(3, site.Result.Summary!.SearchShards);
        Assert.Equal("""{"shards":["/pagefind/","/pagefind/del-2024-11-13/","/pagefind/del-2023-09-06/"],""" +
            """ "perioder":[["2025-03-26","2025-03-26"],["2024-11-13","2024-11-13"],["2023-09-06","2023-09-06"]]}""".TrimStart(),
            File.ReadAllText(Path.Combine(site.Output, SearchShards.ListFile)).Trim());
    }

    [Fact]
    public async Task A_word_only_in_the_oldest_shard_is_found()
    {
        await using var watched = await Open("?q=fastholdelseskonsulent");
        var hrefs = await Hrefs(watched.Page);
        // The word itself is only in 2023; its parts (fastholdelse, konsulent) are in other years too, so the 2023
        // meeting is the best match and comes first.
        Assert.NotEmpty(hrefs);
        Assert.StartsWith("/direktionen/2023-09-06/", hrefs[0], StringComparison.Ordinal);
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task A_word_in_every_shard_finds_a_meeting_of_each()
    {
        await using var watched = await Open("?q=direktionen");
        var dates = (await Hrefs(watched.Page)).Select(h => Regex.Match(h, @"\d{4}-\d{2}-\d{2}").Value).ToHashSet();
        Assert.Equal(["2023-09-06", "2024-11-13", "2025-03-26"], dates.Order(StringComparer.Ordinal));
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task Year_filters_of_two_shards_give_the_meetings_of_both_and_nothing_else()
    {
        await using var watched = await Open("?aar=2023&aar=2025");
        var hrefs = await Hrefs(watched.Page);
        Assert.Contains(hrefs, h => h.StartsWith("/direktionen/2023-09-06/", StringComparison.Ordinal));
        Assert.Contains(hrefs, h => h.StartsWith("/direktionen/2025-03-26/", StringComparison.Ordinal));
        Assert.DoesNotContain(hrefs, h => h.Contains("2024-", StringComparison.Ordinal));
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task A_date_sort_orders_results_across_shards_both_ways()
    {
        foreach (var (order, descending) in new[] { ("nyeste", true), ("aeldste", false) })
        {
            await using var watched = await Open($"?q=direktionen&sortering={order}");
            var dates = (await Hrefs(watched.Page)).Select(h => Regex.Match(h, @"\d{4}-\d{2}-\d{2}").Value).ToList();
            Assert.Equal(3, dates.Distinct().Count());
            var sorted = descending ? dates.OrderDescending(StringComparer.Ordinal) : dates.Order(StringComparer.Ordinal);
            Assert.Equal(sorted, dates);
            Assert.Empty(watched.Errors);
        }
    }
}

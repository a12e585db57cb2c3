using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteGen.Bench;
using SiteGen.Search;
using SiteGen.Tests.Browser;

namespace SiteGen.Tests.Search;

/// <summary>An archive big enough for the newest shard to answer alone: 130 generated meetings of Økonomiudvalget
/// (weekly, June 2023 to 3 Dec 2025) plus the sample's three Direktionen meetings, in shards of at most 60: 2025 (50
/// meetings) in /pagefind/, 2024 (53) and 2023 (30) in older bundles.</summary>
public sealed class LazyArchiveSite : ServedSite
{
    protected override int ShardMeetings => 60;

    protected override string PrepareInput(string scratch)
    {
        var input = Path.Combine(scratch, "input");
        Directory.CreateDirectory(input);
        File.Copy(Path.Combine(TestPaths.SampleInput, "site.yml"), Path.Combine(input, "site.yml"));
        foreach (var folder in new[] { "templates", "assets", "referater" })
            TestPaths.CopyDirectory(Path.Combine(TestPaths.SampleInput, folder), Path.Combine(input, folder));
        ArchiveGenerator.Generate(input, ["Økonomiudvalget"], 130, seed: 2024);
        return input;
    }
}

/// <summary>Lazy loading of the older shards (issue 18): a first search reads the newest shard alone and says so;
/// the whole archive is searched when the citizen asks, when the newest shard finds less than a page, or when a
/// filter or the sort needs older meetings.</summary>
public class LazySearchTests(LazyArchiveSite site) : IClassFixture<LazyArchiveSite>
{
    private const string Common = "%C3%B8konomiudvalget"; // in every generated meeting
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 30_000 };

    /// <summary>Opens the search page and records every URL the page and its worker request.</summary>
    private async Task<(WatchedPage Watched, List<string> Requested)> Open(string query)
    {
        var watched = await site.Browser.NewPageAsync();
        var requested = new List<string>();
        watched.Page.Context.Request += (_, r) => { lock (requested) requested.Add(new Uri(r.Url).AbsolutePath); };
        await watched.Page.GotoAsync(site.Url + "/soeg/" + query);
        return (watched, requested);
    }

    private static async Task<string> Status(IPage page, string pattern = "resultat|Ingen")
    {
        var status = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(status).ToHaveTextAsync(new Regex(pattern), Patient);
        return (await status.TextContentAsync())!;
    }

    private static int Count(string status) => int.Parse(Regex.Match(status, @"^(\d+) resultat").Groups[1].Value,
        CultureInfo.InvariantCulture);

    private static async Task<List<string>> Dates(IPage page) =>
        [.. (await page.Locator("#resultater > li .resultat-meta").AllTextContentsAsync())
            .Select(m => Regex.Match(m, @"\d{4}$").Value)];

    private static bool OlderShard(string path) => path.StartsWith("/pagefind/del-", StringComparison.Ordinal);

    [Fact]
    public void The_newest_shard_is_2025_and_the_older_ones_2024_and_2023()
    {
        Assert.Matches("""^\{"shards":\["/pagefind/","/pagefind/del-2024-01-03/","/pagefind/del-2023-\d\d-\d\d/"\],""" +
            """ "perioder":\[\["2025-01-01","2025-12-03"\],""".TrimStart(),
            File.ReadAllText(Path.Combine(site.Output, SearchShards.ListFile)));
    }

    [Fact]
    public async Task A_common_word_first_shows_the_newest_meetings_says_so_and_requests_no_older_shard()
    {
        var (watched, requested) = await Open("?q=" + Common);
        await using var _ = watched;
        var page = watched.Page;
        var status = await Status(page);
        Assert.Matches(
            "^\\d+ resultater for »økonomiudvalget« i møderne fra 2025 og frem\\. Ældre møder er ikke søgt\\.$",
            status);
        var newest = Count(status);
        Assert.InRange(newest, 49, 50); // 2025's 49 generated meetings (and the sample's, if it names the committee)
        Assert.All(await Dates(page), y => Assert.Equal("2025", y));
        var whole = page.GetByRole(AriaRole.Button, new() { Name = "Søg i hele arkivet (fra 2023)" });
        await Assertions.Expect(whole).ToBeVisibleAsync();
        // The counts are those of the newest shard, and say so; older years show no number rather than a wrong one.
        var years = page.GetByRole(AriaRole.Group, new() { Name = "År" });
        await Assertions.Expect(years.GetByText($"2025 ({newest})")).ToBeVisibleAsync();
        await Assertions.Expect(years.Locator("label[data-vaerdi='2024']")).ToHaveTextAsync("2024");
        await Assertions.Expect(page.Locator("#antal-note"))
            .ToHaveTextAsync("Antallene gælder møderne fra 2025 og frem.");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        lock (requested) Assert.DoesNotContain(requested, OlderShard);
        lock (requested) Assert.Contains("/pagefind/shards.json", requested);

        // The whole archive, on request: older meetings are found, and the choice is in the address.
        await whole.ClickAsync();
        status = await Status(page, "^\\d+ resultater for »økonomiudvalget«\\.$");
        var total = Count(status);
        Assert.InRange(total, 130, 133); // 130 generated meetings (and the sample's, if they name the committee)
        Assert.Contains("arkiv=alle", page.Url);
        Assert.False(await whole.IsVisibleAsync());
        Assert.False(await page.Locator("#antal-note").IsVisibleAsync());
        lock (requested) Assert.Contains(requested, OlderShard);
        // Filter counts span the shards and add up to the results.
        await Assertions.Expect(years.GetByText(new Regex(@"^2023 \(\d+\)$"))).ToBeVisibleAsync();
        var counts = (await years.Locator("label").AllTextContentsAsync())
            .Select(l => int.Parse(Regex.Match(l, @"\((\d+)\)$").Groups[1].Value, CultureInfo.InvariantCulture)).Sum();
        Assert.Equal(total, counts);
        // A year of an older shard narrows to its meetings.
        var label2023 = await years.Locator("label[data-vaerdi='2023']").TextContentAsync();
        var in2023 = Regex.Match(label2023!, @"\((\d+)\)").Groups[1].Value;
        await years.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("^2023") }).CheckAsync();
        await Status(page, $"^{in2023} resultat(er)? for »økonomiudvalget«\\.$");
        Assert.All(await Dates(page), y => Assert.Equal("2023", y));
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task The_whole_archive_choice_in_the_url_is_restored()
    {
        var (watched, requested) = await Open($"?q={Common}&arkiv=alle&sortering=nyeste");
        await using var _ = watched;
        var status = await Status(watched.Page);
        Assert.Matches("^\\d+ resultater for »økonomiudvalget«\\.$", status);
        Assert.True(Count(status) > 50);
        Assert.False(await watched.Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("hele arkivet") })
            .IsVisibleAsync());
        lock (requested) Assert.Contains(requested, OlderShard);

        // A new search from the box keeps the choice.
        await watched.Page.GetByLabel("Søg i referater og dagsordener").FillAsync("budget");
        await watched.Page.GetByLabel("Søg i referater og dagsordener").PressAsync("Enter");
        await Status(watched.Page, "for »budget«\\.$");
        Assert.Contains("arkiv=alle", watched.Page.Url);
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task A_word_only_in_the_oldest_shard_is_found_without_asking()
    {
        var (watched, _) = await Open("?q=lederudviklingssamtale"); // only in the sample's 2023 meeting
        await using var __ = watched;
        var status = await Status(watched.Page);
        Assert.DoesNotContain("Ældre møder er ikke søgt", status);
        var first = await watched.Page.Locator("#resultater > li h2 a").First.GetAttributeAsync("href");
        Assert.StartsWith("/direktionen/2023-09-06/", first, StringComparison.Ordinal);
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task Oldest_first_and_a_year_of_an_older_shard_search_the_whole_archive_at_once()
    {
        var (watched, _) = await Open($"?q={Common}&sortering=aeldste");
        await using var __ = watched;
        Assert.InRange(Count(await Status(watched.Page)), 130, 133);
        Assert.Equal("2023", (await Dates(watched.Page))[0]);

        var (byYear, ___) = await Open($"?q={Common}&aar=2024");
        await using var ____ = byYear;
        Assert.Matches("^\\d+ resultater for »økonomiudvalget«\\.$", await Status(byYear.Page));
        Assert.All(await Dates(byYear.Page), y => Assert.Equal("2024", y));
        Assert.Empty(watched.Errors);
        Assert.Empty(byYear.Errors);
    }

    [Fact]
    public async Task More_results_than_the_newest_shard_has_go_on_into_the_older_meetings_in_date_order()
    {
        var (watched, requested) = await Open($"?q={Common}&sortering=nyeste");
        await using var _ = watched;
        var page = watched.Page;
        var newest = Count(await Status(page));
        Assert.InRange(newest, 49, 50);
        var more = page.GetByRole(AriaRole.Button, new() { Name = "Vis flere resultater" });
        for (var shown = 10; shown < newest; shown += 10)
        {
            await more.ClickAsync();
            await Assertions.Expect(page.Locator("#resultater > li")).ToHaveCountAsync(Math.Min(newest, shown + 10));
        }
        lock (requested) Assert.DoesNotContain(requested, OlderShard);
        await Assertions.Expect(more).ToHaveTextAsync("Vis flere resultater fra ældre møder");
        await more.ClickAsync();
        await Assertions.Expect(page.Locator("#resultater > li"))
            .ToHaveCountAsync(newest + 10, new() { Timeout = 30_000 });
        var dates = await page.Locator("#resultater > li .resultat-meta").AllTextContentsAsync();
        Assert.EndsWith("2024", dates[newest]);
        Assert.EndsWith("december 2024", dates[newest]); // the newest meeting before 2025 comes next
        Assert.Contains("arkiv=alle", page.Url);
        Assert.InRange(Count(await Status(page, "resultater.* i hele arkivet")), 130, 133);
        // Focus moved to the first new result, as for any "Vis flere".
        Assert.Equal(await page.Locator("#resultater > li").Nth(newest).Locator("h2 a").GetAttributeAsync("href"),
            await page.EvaluateAsync<string>("document.activeElement.getAttribute('href')"));
        Assert.Empty(watched.Errors);
    }
}

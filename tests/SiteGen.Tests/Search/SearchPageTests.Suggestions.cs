using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteGen.Tests.Browser;

namespace SiteGen.Tests.Search;

/// <summary>Filter counts that add up and "Mente du …?" (issue 17.1–2), on the built sample site in Chromium
/// (the same site as the rest of SearchPageTests).</summary>
public partial class SearchPageTests
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 15_000 };

    private static async Task<string> Status(IPage page)
    {
        var status = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(status).ToHaveTextAsync(new Regex("resultat|Ingen", RegexOptions.IgnoreCase), Patient);
        return (await status.TextContentAsync())!;
    }

    private static int ResultCount(string status)
    {
        var m = Regex.Match(status, @"^(\d+) resultat");
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Value → count, from the labels of one filter group ("2024 (1)").</summary>
    private static async Task<Dictionary<string, int>> Counts(IPage page, string group)
    {
        var labels = await page.GetByRole(AriaRole.Group, new() { Name = group }).Locator("label").AllTextContentsAsync();
        return labels.Select(l => Regex.Match(l, @"^(.*) \((\d+)\)$"))
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Filter_counts_follow_the_query_and_ticking_a_value_gives_that_many_results()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(site.Url + "/soeg/?q=sygefrav%C3%A6r");
        var total = ResultCount(await Status(page));
        Assert.True(total >= 1);
        var yearGroup = page.GetByRole(AriaRole.Group, new() { Name = "År" });
        // The counts follow once the results are shown: the sample's 2024 meeting has no sygefravær.
        await Assertions.Expect(yearGroup.GetByText("2024 (0)")).ToBeVisibleAsync();
        var years = await Counts(page, "År");
        Assert.Equal(total, years.Values.Sum()); // one year per meeting: the counts add up to the results
        Assert.Contains(years, y => y.Value == 0); // not every year has sygefravær: the counts are not the totals
        Assert.Equal(total, (await Counts(page, "Udvalg")).Values.Sum());

        foreach (var (year, count) in years)
        {
            var box = page.GetByRole(AriaRole.Group, new() { Name = "År" }).GetByRole(AriaRole.Checkbox, new() { Name = year });
            await box.CheckAsync();
            var status = page.GetByRole(AriaRole.Status);
            await Assertions.Expect(status).ToHaveTextAsync(count == 0 ? new Regex("^Ingen resultater")
                : new Regex($"^{count} resultat(er)? for »sygefravær«"), Patient);
            Assert.Equal(count, await Results(page).CountAsync());
            // The ticked value keeps its count; the other groups count within the ticked year.
            await Assertions.Expect(yearGroup.GetByText($"{year} ({count})")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Type" }).GetByText($"Referat ({count})"))
                .ToBeVisibleAsync();
            await box.UncheckAsync();
            await Assertions.Expect(status).ToHaveTextAsync(new Regex($"^{total} resultat"), Patient);
        }
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task Without_a_query_the_counts_are_the_whole_archive()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(site.Url + "/soeg/");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "År" }).Locator("label")).Not.ToHaveCountAsync(0);
        var years = await Counts(page, "År");
        Assert.Equal(3, years.Values.Sum()); // the sample's three meetings
        Assert.Empty(watched.Errors);
    }

    [Theory]
    [InlineData("%C3%B8konommi", "økonomi")]          // økonommi: a letter too many
    [InlineData("udm%C3%B8ntingsplan", "udmøntningsplan")] // a letter missing
    [InlineData("sygefravaer", "sygefravær")]          // æ written as ae
    [InlineData("bugettet", "budgettet")]              // a letter missing, no result at all
    [InlineData("sygefrav%C3%A6rsbudgetet", "sygefraværsbudgettet")] // a compound: known part + misspelt part
    public async Task A_misspelt_word_gets_a_suggestion_and_clicking_it_searches(string query, string suggested)
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync($"{site.Url}/soeg/?q={query}");
        var suggestion = page.Locator("#forslag");
        await Assertions.Expect(suggestion).ToHaveTextAsync($"Mente du {suggested}?", Patient);
        Assert.Contains($"Mente du »{suggested}«?", await Status(page)); // announced in the live region too

        await suggestion.GetByRole(AriaRole.Button, new() { Name = suggested }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex($"resultat(er)? for »{suggested}«"), Patient);
        Assert.Equal(suggested, await page.GetByLabel("Søg i referater og dagsordener").InputValueAsync());
        Assert.Contains("q=" + Uri.EscapeDataString(suggested), page.Url);
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task A_known_word_gets_no_suggestion_and_the_word_list_is_not_fetched()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        var fetched = new List<string>();
        page.Request += (_, r) => { lock (fetched) fetched.Add(new Uri(r.Url).AbsolutePath); };
        await page.GotoAsync(site.Url + "/soeg/?q=budget");
        Assert.True(ResultCount(await Status(page)) >= 3);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(await page.Locator("#forslag").IsHiddenAsync());
        lock (fetched) Assert.DoesNotContain(fetched, f => f.StartsWith("/soeg/ord/", StringComparison.Ordinal));
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public void The_word_list_holds_public_words_with_frequencies_in_small_files_by_first_letter()
    {
        var dir = Path.Combine(site.Output, "soeg", "ord");
        var files = Directory.GetFiles(dir, "*.json");
        Assert.Contains(files, f => Path.GetFileName(f) == "o.json"); // økonomi → oekonomi
        Assert.All(files, f => Assert.Matches("^[a-z_]\\.json$", Path.GetFileName(f)));
        var o = File.ReadAllText(Path.Combine(dir, "o.json"));
        Assert.Matches("\\[\"økonomi\",\\d+\\]", o);
        Assert.DoesNotContain("\\u00", o); // Danish letters as themselves
    }
}

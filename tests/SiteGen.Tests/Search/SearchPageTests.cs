using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteGen.Tests.Browser;
using Xunit.Abstractions;

namespace SiteGen.Tests.Search;

/// <summary>The search page on the built sample site (real Pagefind index), in Chromium under the
/// production CSP, used the way a citizen would: type, press Enter, tick a filter, follow a result.</summary>
public partial class SearchPageTests(SampleSite site, ITestOutputHelper output) : IClassFixture<SampleSite>
{
    private const string SearchBox = "Søg i referater og dagsordener";

    private async Task<WatchedPage> Open(string query)
    {
        var watched = await site.Browser.NewPageAsync();
        await watched.Page.GotoAsync(site.Url + "/soeg/" + query);
        return watched;
    }

    /// <summary>Waits until the live region reports a finished search, and returns its text.</summary>
    private static async Task<string> StatusAfterSearch(IPage page)
    {
        var status = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(status).ToHaveTextAsync(new Regex("resultat|Ingen", RegexOptions.IgnoreCase));
        return (await status.TextContentAsync())!;
    }

    private static ILocator Results(IPage page) => page.Locator("#resultater > li");

    [Fact]
    public async Task Sygefravaeret_in_the_url_finds_the_2023_item_about_sickness_absence_and_lands_on_it()
    {
        await using var watched = await Open("?q=sygefrav%C3%A6ret");
        var page = watched.Page;
        Assert.Contains("for »sygefraværet«", await StatusAfterSearch(page));
        Assert.Equal("sygefraværet", await page.GetByLabel(SearchBox).InputValueAsync());

        var first = Results(page).First;
        var link = first.GetByRole(AriaRole.Link).First;
        Assert.Equal("/direktionen/2023-09-06/#punkt-3", await link.GetAttributeAsync("href"));
        Assert.Equal("3. Punkter til behandling", (await link.TextContentAsync())!.Trim());
        var meta = await first.Locator(".resultat-meta").TextContentAsync();
        Assert.Contains("Direktionen", meta);
        Assert.Contains("6. september 2023", meta);
        var marks = await first.Locator(".uddrag mark").AllTextContentsAsync();
        Assert.NotEmpty(marks);
        Assert.All(marks, m => Assert.StartsWith("sygefravær", m, StringComparison.OrdinalIgnoreCase));

        await link.ClickAsync();
        await page.WaitForURLAsync(site.Url + "/direktionen/2023-09-06/#punkt-3");
        await Assertions.Expect(page.Locator("h2#punkt-3")).ToHaveTextAsync("3. Punkter til behandling");
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task A_Danish_inflected_form_finds_its_base_form()
    {
        // The genitive "udmøntningsplanens" is nowhere in the sample; the base form "Udmøntningsplan" is.
        var texts = Directory.EnumerateFiles(Path.Combine(TestPaths.SampleInput, "referater"), "*.md", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.DoesNotContain(texts, t => t.Contains("udmøntningsplanens", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(texts, t => Regex.IsMatch(t, @"\budmøntningsplan\b", RegexOptions.IgnoreCase));
        await using var watched = await Open("?q=udm%C3%B8ntningsplanens");
        var page = watched.Page;
        await StatusAfterSearch(page);
        Assert.True(await Results(page).CountAsync() >= 1);
        var marks = await page.Locator("#resultater .uddrag mark").AllTextContentsAsync();
        Assert.Contains(marks, m => m.StartsWith("Udmøntningsplan", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(await page.Locator("#resultater a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))"),
            href => href.StartsWith("/direktionen/2025-03-26/", StringComparison.Ordinal));
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task A_year_filter_narrows_the_results_and_is_kept_in_the_url()
    {
        await using var watched = await Open("?q=direktionen");
        var page = watched.Page;
        await StatusAfterSearch(page);
        var all = await Results(page).CountAsync();
        Assert.True(all >= 3, $"expected every meeting, got {all}");

        // Keyboard only: Tab to the filter, Space to tick it.
        var year = page.GetByRole(AriaRole.Group, new() { Name = "År" }).GetByRole(AriaRole.Checkbox, new() { Name = "2023" });
        await year.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex("^1 resultat for »direktionen«"));
        Assert.Equal(1, await Results(page).CountAsync());
        Assert.Contains("2023", await Results(page).First.Locator(".resultat-meta").TextContentAsync());
        Assert.Contains("aar=2023", page.Url);

        // The narrowed search is a link of its own.
        await using var shared = await Open(new Uri(page.Url).Query);
        await StatusAfterSearch(shared.Page);
        Assert.Equal(1, await Results(shared.Page).CountAsync());
        Assert.True(await shared.Page.GetByRole(AriaRole.Checkbox, new() { Name = "2023" }).IsCheckedAsync());
        Assert.Empty(watched.Errors);
        Assert.Empty(shared.Errors);
    }

    [Fact]
    public async Task Sorting_by_meeting_date_orders_the_results()
    {
        await using var watched = await Open("?q=direktionen&sortering=nyeste");
        var page = watched.Page;
        await StatusAfterSearch(page);
        var hrefs = await page.Locator("#resultater > li h2 a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");
        var dates = hrefs.Select(h => Regex.Match(h, @"\d{4}-\d{2}-\d{2}").Value).ToList();
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
        Assert.Equal("nyeste", await page.GetByLabel("Sortér efter").InputValueAsync());

        await page.GetByLabel("Sortér efter").SelectOptionAsync("aeldste");
        await Assertions.Expect(page.Locator("#resultater > li h2 a").First).ToHaveAttributeAsync("href", new Regex("^/direktionen/2023-09-06/"));
        Assert.Contains("sortering=aeldste", page.Url);
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task The_header_search_form_of_any_page_leads_to_the_search_page_with_the_query()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(site.Url + "/direktionen/2024-11-13/");
        var box = page.GetByRole(AriaRole.Search, new() { Name = "Søg på sitet" }).GetByRole(AriaRole.Searchbox);
        await box.FillAsync("sygefravær");
        await box.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex(@"/soeg/\?q=sygefrav"));
        Assert.Contains("for »sygefravær«", await StatusAfterSearch(page));
        Assert.True(await Results(page).CountAsync() >= 1);

        // A new search from the page's own box goes into the address, so it can be shared.
        await page.GetByLabel(SearchBox).FillAsync("økonomi");
        await page.GetByLabel(SearchBox).PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("for »økonomi«");
        Assert.Equal("?q=%C3%B8konomi", new Uri(page.Url).Query);
        await page.GoBackAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("for »sygefravær«");
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task More_results_are_loaded_on_request_and_focus_moves_to_the_first_new_one()
    {
        // Filter-only search (no words): every meeting of 2023-2025, newest first.
        await using var watched = await Open("?type=Referat");
        var page = watched.Page;
        var status = await StatusAfterSearch(page);
        var total = int.Parse(Regex.Match(status, @"^\d+").Value);
        Assert.Equal(total, await Results(page).CountAsync()); // the sample has fewer than 10
        Assert.False(await page.GetByRole(AriaRole.Button, new() { Name = "Vis flere resultater" }).IsVisibleAsync());
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task Without_javascript_the_page_says_so_and_links_to_the_archive()
    {
        await using var watched = await site.Browser.NewPageAsync(new BrowserNewContextOptions { Locale = "da-DK", JavaScriptEnabled = false });
        var page = watched.Page;
        await page.GotoAsync(site.Url + "/soeg/?q=sygefrav%C3%A6ret");
        // Playwright's text and role engines skip <noscript>; CSS reaches its content, which Chromium
        // renders (and parses as elements) only when scripts are off.
        var notice = page.Locator("main noscript p");
        await Assertions.Expect(notice).ToBeVisibleAsync();
        Assert.StartsWith("Søgningen kræver JavaScript.", await notice.TextContentAsync());
        Assert.Equal("efter udvalg", await notice.Locator("a[href='/#udvalg']").TextContentAsync());
        Assert.Equal("efter år", await notice.Locator("a[href='/#arkiv']").TextContentAsync());
        Assert.False(await page.Locator("#soegning").IsVisibleAsync());
        Assert.True(await page.GetByLabel(SearchBox).IsVisibleAsync());
    }

    [Fact]
    public async Task The_search_controls_have_accessible_names_and_results_are_announced()
    {
        await using var watched = await Open("?q=budget");
        var page = watched.Page;
        await StatusAfterSearch(page);
        Assert.Equal("polite", await page.GetByRole(AriaRole.Status).GetAttributeAsync("aria-live"));
        Assert.Equal(1, await page.GetByRole(AriaRole.Search, new() { Name = "Søg i referaterne" }).CountAsync());
        foreach (var group in new[] { "Udvalg", "År", "Type" })
            Assert.True(await page.GetByRole(AriaRole.Group, new() { Name = group }).GetByRole(AriaRole.Checkbox).CountAsync() >= 1, group);
        Assert.Equal(1, await page.GetByRole(AriaRole.Combobox, new() { Name = "Sortér efter" }).CountAsync());
        // Every result's title is a heading with a link, reachable by heading navigation.
        var headings = page.Locator("#resultater > li").GetByRole(AriaRole.Heading, new() { Level = 2 });
        Assert.Equal(await Results(page).CountAsync(), await headings.CountAsync());
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task Search_works_under_the_production_csp_which_allows_only_what_pagefind_needs()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        var response = await page.GotoAsync(site.Url + "/soeg/?q=budget");
        var csp = (await response!.AllHeadersAsync())["content-security-policy"];
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ') + 1)..]);
        Assert.Equal("'self' 'wasm-unsafe-eval'", directives["script-src"]); // WebAssembly, no inline or eval
        Assert.Equal("'self'", directives["worker-src"]);                     // pagefind-worker.js, no blob:
        Assert.Equal("'self'", directives["connect-src"]);                    // the index, same origin
        Assert.Equal("'self'", directives["style-src"]);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("'unsafe-eval'", csp);

        await StatusAfterSearch(page);
        Assert.True(await Results(page).CountAsync() >= 1);
        // Pagefind ran in its web worker (a CSP refusal would show as a console warning and a fallback).
        Assert.Contains(page.Workers, w => w.Url.EndsWith("/pagefind/pagefind-worker.js", StringComparison.Ordinal));
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task A_compound_word_that_is_not_in_the_archive_finds_its_first_part_but_a_nonsense_word_finds_nothing()
    {
        await using var watched = await Open("?q=sygefrav%C3%A6rsstatistik");
        var page = watched.Page;
        await StatusAfterSearch(page);
        Assert.True(await Results(page).CountAsync() >= 1);
        Assert.All(await page.Locator("#resultater .uddrag mark").AllTextContentsAsync(),
            m => Assert.StartsWith("sygefravær", m, StringComparison.OrdinalIgnoreCase));

        // Pagefind would answer with the longest indexed word the query starts with ("se"): that is noise.
        await page.GetByLabel(SearchBox).FillAsync("sekvensanalysator");
        await page.GetByLabel(SearchBox).PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex("^Ingen resultater for »sekvensanalysator«"));
        Assert.Equal(0, await Results(page).CountAsync());
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task The_first_search_transfers_less_than_250_kB()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var (files, bytes) = await FirstQueryTransfer(watched.Page, site.Url + "/soeg/?q=sygefrav%C3%A6ret");
        var index = Directory.EnumerateFiles(Path.Combine(site.Output, "pagefind"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        output.WriteLine($"index: {index} bytes; first query: {files.Count} files, {bytes} bytes");
        foreach (var (url, size) in files) output.WriteLine($"  {size,8} {url}");
        Assert.True(bytes < 250_000, $"{bytes} bytes");
        Assert.Contains(files, f => f.Url.Contains("/pagefind/fragment/", StringComparison.Ordinal));
        Assert.Empty(watched.Errors);
    }

    /// <summary>Bytes of search.js and every /pagefind/ file the browser fetched (page and worker) until the
    /// results of the query in <paramref name="url"/> are shown.</summary>
    internal static async Task<(List<(string Url, long Size)> Files, long Bytes)> FirstQueryTransfer(IPage page, string url)
    {
        var pending = new List<Task<(string, long)>>();
        page.Context.Response += (_, r) =>
        {
            if (r.Url.Contains("/pagefind/", StringComparison.Ordinal) || r.Url.Contains("/assets/search.", StringComparison.Ordinal))
                lock (pending) pending.Add(Task.Run(async () => (r.Url, (long)(await r.BodyAsync()).Length)));
        };
        await page.GotoAsync(url);
        await StatusAfterSearch(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Task<(string, long)>[] all;
        lock (pending) all = [.. pending];
        var sizes = await Task.WhenAll(all);
        var files = sizes.Select(s => (Url: new Uri(s.Item1).AbsolutePath, Size: s.Item2)).OrderBy(f => f.Url, StringComparer.Ordinal).ToList();
        return (files, files.Sum(f => f.Size));
    }
}

using System.Text.Json;
using Microsoft.Playwright;
using SiteGen.Tests.Browser;
using SiteGen.Tests.Quality;

namespace SiteGen.Tests.Search;

/// <summary>The search page's filter choices come from /soeg/filtre.json (written from the public model) instead
/// of Pagefind's filters(), which downloads every filter file first. They must be exactly what Pagefind has.</summary>
public class SearchFiltersTests(ConfidentialSite site) : IClassFixture<ConfidentialSite>
{
    [Fact]
    public async Task The_site_s_filter_choices_and_counts_are_exactly_pagefind_s()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(site.Url + "/soeg/");
        var fromPagefind = await page.EvaluateAsync<string>(
            "async () => { const pf = await import('/pagefind/pagefind.js'); await pf.init(); return JSON.stringify(await pf.filters()); }");
        var fromSite = await File.ReadAllTextAsync(Path.Combine(site.Output, "soeg", "filtre.json"));

        var expected = Normalise(fromPagefind);
        Assert.Equal(expected, Normalise(fromSite));
        // The fixture has three committees (one with "Ø"), two years and both types: the comparison means something.
        Assert.Contains("udvalg=Økonomiudvalget:2", expected);
        Assert.Contains("type=Dagsorden:1", expected);
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task The_search_page_shows_the_filters_without_downloading_pagefind_s_filter_files()
    {
        // Before any search the choices and counts are the site's; Pagefind's filter files are loaded only for the
        // counts of a query (issue 17: counts that add up), after its results are shown.
        await using var watched = await site.Browser.NewPageAsync();
        var requested = new List<string>();
        watched.Page.Request += (_, r) => { lock (requested) requested.Add(new Uri(r.Url).AbsolutePath); };
        await watched.Page.GotoAsync(site.Url + "/soeg/");
        await Assertions.Expect(watched.Page.GetByLabel("Økonomiudvalget (2)")).ToBeVisibleAsync();
        await Assertions.Expect(watched.Page.GetByLabel("Dagsorden (1)")).ToBeVisibleAsync();
        await watched.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        lock (requested) Assert.DoesNotContain(requested, f => f.StartsWith("/pagefind/filter/", StringComparison.Ordinal));
        Assert.Empty(watched.Errors);
    }

    /// <summary>"filter=value:count" lines, sorted: independent of key order and formatting.</summary>
    private static string Normalise(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var lines = doc.RootElement.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.Object)
            .SelectMany(f => f.Value.EnumerateObject().Select(v => $"{f.Name}={v.Name}:{v.Value.GetInt32()}"))
            .Order(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }
}

using Microsoft.Playwright;
using SiteGen.Preview;
using SiteGen.Tests.Browser;

namespace SiteGen.Tests.Preview;

/// <summary>The secretariat's preview in a real browser: `serve` with the production headers (CSP
/// included) reloads the open page when a referat is saved, shows errors over the page, and nothing
/// it serves (search included) violates the Content-Security-Policy.</summary>
public sealed class PreviewBrowserTests : IAsyncLifetime
{
    private readonly BrowserFixture _browser = new();
    private string _input = "";
    private PreviewServer _server = null!;

    // Records every CSP violation the page reports, across reloads (init scripts run on each navigation).
    private const string CspRecorder = """
        document.addEventListener("securitypolicyviolation", (e) => {
          const list = JSON.parse(sessionStorage.getItem("csp") || "[]");
          list.push(e.violatedDirective + " " + e.blockedURI);
          sessionStorage.setItem("csp", JSON.stringify(list));
        });
        """;

    public async Task InitializeAsync()
    {
        _input = TestPaths.CopyOfInput();
        _server = await PreviewServer.StartAsync(
            new PreviewOptions(_input, 0, Path.Combine(TestPaths.RepoRoot, "netlify.toml")), TextWriter.Null);
        await _browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_input, true);
    }

    private async Task<WatchedPage> OpenAsync(string path)
    {
        var watched = await _browser.NewPageAsync();
        await watched.Page.AddInitScriptAsync(CspRecorder);
        var response = await watched.Page.GotoAsync(_server.Url + path);
        Assert.Equal(200, response!.Status);
        Assert.Contains("default-src 'self'", await response.HeaderValueAsync("content-security-policy") ?? "");
        return watched;
    }

    private static async Task<string> CspViolations(IPage page) =>
        await page.EvaluateAsync<string>("sessionStorage.getItem('csp') || '[]'");

    [Fact]
    public async Task Saving_a_referat_reloads_the_open_page_and_an_error_shows_over_the_last_good_version()
    {
        await using var watched = await OpenAsync("/direktionen/2024-11-13/");
        var page = watched.Page;
        Assert.Equal(0, await page.GetByText("Rettet ordlyd i forhåndsvisningen").CountAsync());
        // Let the page's event stream connect before saving, as a person would have the page open.
        await page.Locator("html[data-sitegen-preview=connected]").WaitForAsync(
            new() { State = WaitForSelectorState.Attached, Timeout = 10_000 });

        var file = Path.Combine(_input, "referater", "2024", "2024-11-13-direktionen.md");
        var original = await File.ReadAllTextAsync(file);
        var changed = original.Replace("Punkterne til møderne blev behandlet.", "Rettet ordlyd i forhåndsvisningen.", StringComparison.Ordinal);
        Assert.NotEqual(original, changed);
        await File.WriteAllTextAsync(file, changed);

        // No reload by the test: the page reloads itself when the rebuild is done.
        await page.GetByText("Rettet ordlyd i forhåndsvisningen.").First.WaitForAsync(new() { Timeout = 15_000 });

        // An error: the overlay names the file and line; the page keeps the last good text.
        await File.WriteAllTextAsync(file, changed.Replace("status: åben", "staus: åben", StringComparison.Ordinal));
        var overlay = page.Locator("#sitegen-overlay[role=alert]");
        await overlay.WaitForAsync(new() { Timeout = 15_000 });
        var text = await overlay.InnerTextAsync();
        Assert.Contains("2024-11-13-direktionen.md(", text);
        Assert.Contains("staus", text);
        Assert.True(await page.GetByText("Rettet ordlyd i forhåndsvisningen.").First.IsVisibleAsync());

        Assert.Equal("[]", await CspViolations(page));
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task On_a_phone_the_overlay_leaves_most_of_the_page_visible_and_folds_away_with_the_keyboard()
    {
        await using var watched = await OpenAsync("/direktionen/2024-11-13/");
        var page = watched.Page;
        await page.SetViewportSizeAsync(375, 667);
        await page.Locator("html[data-sitegen-preview=connected]").WaitForAsync(
            new() { State = WaitForSelectorState.Attached, Timeout = 10_000 });
        // Many errors at once: the list is longer than the screen.
        var file = Path.Combine(_input, "referater", "2024", "2024-11-13-direktionen.md");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file))
            .Replace("status: åben", "staus: åben", StringComparison.Ordinal)
            .Replace("### Beslutning", "### Beslutnig", StringComparison.Ordinal));
        var overlay = page.Locator("#sitegen-overlay[role=alert]");
        await overlay.WaitForAsync(new() { Timeout = 15_000 });
        Assert.Contains("Referatet har fejl", await overlay.InnerTextAsync());
        var open = await overlay.BoundingBoxAsync();
        Assert.True(open!.Height <= 667 * 0.41, $"the overlay is {open.Height} px high on a 667 px screen");

        // The button is the last control on the page: Shift+Tab from the top reaches it.
        await page.Keyboard.PressAsync("Shift+Tab");
        var toggle = overlay.Locator("button");
        Assert.Equal("BUTTON", await page.EvaluateAsync<string>("document.activeElement.tagName"));
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-expanded"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("false", await toggle.GetAttributeAsync("aria-expanded"));
        Assert.Equal("Vis fejlene", await toggle.InnerTextAsync());
        Assert.False(await page.Locator("#sitegen-overlay-list").IsVisibleAsync());
        Assert.True((await overlay.BoundingBoxAsync())!.Height < open.Height / 2);
        await page.Keyboard.PressAsync("Space");
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-expanded"));
        Assert.True(await page.Locator("#sitegen-overlay-list").IsVisibleAsync());
        Assert.Equal("[]", await CspViolations(page));
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task Every_page_type_through_serve_has_no_CSP_violation_or_console_error()
    {
        foreach (var path in new[] { "/", "/direktionen/", "/direktionen/2023-09-06/", "/om/", "/soeg/" })
        {
            await using var watched = await OpenAsync(path);
            await watched.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Equal("[]", await CspViolations(watched.Page));
            Assert.Empty(watched.Errors);
        }
    }

    [Fact]
    public async Task Search_works_through_serve_under_the_production_CSP()
    {
        // serve refreshes the search index in the background after the pages: wait until it is there.
        using var http = new HttpClient { BaseAddress = new Uri(_server.Url) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(await http.GetAsync("/pagefind/pagefind-entry.json")).IsSuccessStatusCode && clock.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(200);

        await using var watched = await OpenAsync("/soeg/?q=sygefrav%C3%A6ret");
        var first = watched.Page.Locator("#resultater > li").First;
        await first.WaitForAsync(new() { Timeout = 20_000 });
        Assert.Equal("/direktionen/2023-09-06/#punkt-3", await first.Locator("a").First.GetAttributeAsync("href"));
        Assert.Equal("[]", await CspViolations(watched.Page));
        Assert.Empty(watched.Errors);
    }
}

using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SiteGen.Tests.Browser;

namespace SiteGen.Tests.Quality;

/// <summary>Gates 1 and 2: every page type in real Chromium under the production headers (status, console,
/// keyboard, phone width, screenshots) and axe-core's WCAG 2.1 A/AA rules. The sample content has no
/// agenda, so the agenda-only meeting (dagsorden) comes from the confidentiality corpus.</summary>
public class PageTypeTests(SampleSite sample, ConfidentialSite corpus) : IClassFixture<SampleSite>, IClassFixture<ConfidentialSite>
{
    public sealed record PageType(string Name, bool FromCorpus, string Path, int Status);

    public static readonly PageType[] Types =
    [
        new("forside", false, "/", 200),
        new("udvalg", false, "/direktionen/", 200),
        new("moede", false, "/direktionen/2024-11-13/", 200),
        new("punkt", false, "/direktionen/2024-11-13/punkt-2/", 200),
        new("dagsorden", true, "/kommunalbestyrelsen/2024-03-12/", 200),
        new("aar", false, "/aar/2024/", 200),
        new("sager", false, "/sager/", 200),
        new("sager-aar", false, "/sager/2025/", 200), // a year's page of the case list
        new("sag", false, "/sager/24-7615/", 200),
        new("kommende", true, "/", 200),          // front page with "Kommende møder"
        new("udvalg-kommende", true, "/kommunalbestyrelsen/", 200),
        new("om", false, "/om/", 200),
        new("soeg", false, "/soeg/?q=beredskab", 200),
        new("404", false, "/findes-ikke/", 404),
    ];

    public static TheoryData<string> TypeNames() => new(Types.Select(t => t.Name));

    private static readonly string ScreenshotDir = System.IO.Path.Combine(TestPaths.RepoRoot, "artifacts", "screenshots");

    private ServedSite SiteOf(PageType type) => type.FromCorpus ? corpus : sample;

    private static PageType Type(string name) => Types.Single(t => t.Name == name);

    /// <summary>Opens the page and waits until it is what a user would see: for search, the result list.</summary>
    private async Task<IResponse> OpenAsync(WatchedPage watched, PageType type)
    {
        var site = SiteOf(type);
        var response = await watched.Page.GotoAsync(site.Url + type.Path, new() { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        if (type.Name == "soeg") await WaitForSearchAsync(watched.Page);
        return response;
    }

    /// <summary>The search page with a query: the checks run on the results list (links to meetings in main).</summary>
    private static async Task WaitForSearchAsync(IPage page)
    {
        Assert.True(await page.Locator("main input[type=search]").CountAsync() > 0, "the search page has no search field");
        await page.Locator("main a[href^='/direktionen/']").First.WaitForAsync(new() { Timeout = 15_000 });
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public async Task Page_type_loads_with_its_status_and_no_console_errors(string name)
    {
        var type = Type(name);
        Directory.CreateDirectory(ScreenshotDir);
        await using (var watched = await SiteOf(type).Browser.NewPageAsync(new() { Locale = "da-DK", ViewportSize = new() { Width = 1280, Height = 800 } }))
        {
            var response = await OpenAsync(watched, type);
            Assert.Equal(type.Status, response.Status);
            Assert.False(string.IsNullOrWhiteSpace(await watched.Page.InnerTextAsync("h1")), "page has no h1 text");
            await watched.Page.ScreenshotAsync(new() { Path = System.IO.Path.Combine(ScreenshotDir, $"{name}-desktop.png"), FullPage = true });
            Assert.Empty(watched.Errors);
        }
        await using (var phone = await SiteOf(type).Browser.NewPageAsync(Phone))
        {
            await OpenAsync(phone, type);
            await phone.Page.ScreenshotAsync(new() { Path = System.IO.Path.Combine(ScreenshotDir, $"{name}-phone.png"), FullPage = true });
            Assert.Empty(phone.Errors);
        }
        Assert.True(new FileInfo(System.IO.Path.Combine(ScreenshotDir, $"{name}-phone.png")).Length > 1000);
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public async Task Keyboard_reaches_skip_link_then_main_content_and_the_search_box(string name)
    {
        var type = Type(name);
        await using var watched = await SiteOf(type).Browser.NewPageAsync();
        var page = watched.Page;
        await OpenAsync(watched, type);

        // The first Tab lands on the skip link, which then becomes visible.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Gå til indhold", await page.EvaluateAsync<string>("document.activeElement.textContent.trim()"));
        var box = await page.Locator("a.spring").BoundingBoxAsync();
        Assert.True(box is { Width: > 1, Height: > 1 } && box.Y >= 0 && box.X >= 0, "the focused skip link is not visible");

        // Enter moves focus to main; the next Tab stays in the main content.
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("indhold", await page.EvaluateAsync<string>("document.activeElement.id"));
        var mainHasFocusable = await page.EvaluateAsync<bool>(
            "!!document.querySelector('main').querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])')");
        if (mainHasFocusable)
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await page.EvaluateAsync<bool>("!!document.activeElement.closest('main')"), "Tab after the skip link left the main content");
        }

        // From the top of the page, the search box is reached with Tab alone.
        await page.EvaluateAsync("document.activeElement.blur(); window.scrollTo(0, 0)");
        await page.ReloadAsync();
        if (type.Name == "soeg") await WaitForSearchAsync(page);
        var reached = false;
        for (var i = 0; i < 6 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("document.activeElement.matches('input[type=search]')");
        }
        Assert.True(reached, "the search box was not reached within 6 Tab presses");
        Assert.Empty(watched.Errors);
    }

    private static readonly BrowserNewContextOptions Phone = new()
    {
        Locale = "da-DK",
        ViewportSize = new() { Width = 320, Height = 640 }, // WCAG 1.4.10 reflow width
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
    };

    [Theory]
    [MemberData(nameof(TypeNames))]
    public async Task Phone_viewport_has_no_horizontal_scrolling(string name)
    {
        var type = Type(name);
        await using var watched = await SiteOf(type).Browser.NewPageAsync(Phone);
        await OpenAsync(watched, type);
        var overflow = await watched.Page.EvaluateAsync<int>(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth");
        var wide = await watched.Page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))
            """);
        Assert.True(overflow <= 0, $"{name}: page is {overflow}px wider than a 320px phone; too wide: {string.Join(", ", wide)}");
    }

    public static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        ResultTypes = [ResultType.Violations],
    };

    [Theory]
    [MemberData(nameof(TypeNames))]
    public async Task Page_type_has_no_axe_wcag21_aa_violations(string name)
    {
        var type = Type(name);
        await using var watched = await SiteOf(type).Browser.NewPageAsync();
        await OpenAsync(watched, type);
        var result = await watched.Page.RunAxe(Wcag21AA);
        Assert.True(result.Violations.Length == 0, $"{name}: " + Describe(result));
    }

    /// <summary>The case list's filter box, on /sager/ and on a year's page: shown once the script runs, it narrows
    /// the page's list as one types; the list itself is in the HTML, so without the script every case is there. A
    /// case number that is not on the page (a journalist's typical search) gets a link to the case's own page.
    /// </summary>
    [Theory]
    [InlineData("/sager/")]
    [InlineData("/sager/2025/")]
    public async Task The_case_filter_narrows_the_list_as_one_types(string path)
    {
        await using var watched = await sample.Browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(sample.Url + path);
        var box = page.Locator("main input[type=search]");
        await box.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 15_000 });
        var items = page.Locator("#sagsliste li");
        var all = await items.CountAsync();
        Assert.True(all >= 1);
        await box.FillAsync("udmøntningsplan 24/7615");
        Assert.Equal(all, await page.Locator("#sagsliste li:visible").CountAsync());
        await box.FillAsync("findesikkesomord");
        Assert.Equal(0, await page.Locator("#sagsliste li:visible").CountAsync());
        Assert.Equal("0 sager passer", await page.InnerTextAsync(".sagsfilter-antal"));
        await box.FillAsync("19/42");
        Assert.Equal(0, await page.Locator("#sagsliste li:visible").CountAsync());
        var jump = page.Locator(".sagsfilter-antal a");
        Assert.Equal("Gå til sag 19/42", await jump.InnerTextAsync());
        Assert.Equal("/sager/19-42/", await jump.GetAttributeAsync("href"));
        Assert.Empty(watched.Errors);
    }

    /// <summary>The same rules on every page of the sample site and the corpus, not just one per type.</summary>
    [Fact]
    public async Task Every_built_page_has_no_axe_wcag21_aa_violations()
    {
        var failures = new List<string>();
        var checkedPages = 0;
        foreach (var site in new ServedSite[] { sample, corpus })
        {
            await using var watched = await site.Browser.NewPageAsync();
            foreach (var file in Directory.EnumerateFiles(site.Output, "*.html", SearchOption.AllDirectories).Order())
            {
                var rel = System.IO.Path.GetRelativePath(site.Output, file).Replace('\\', '/');
                var url = site.Url + "/" + (rel.EndsWith("index.html", StringComparison.Ordinal) ? rel[..^"index.html".Length] : rel);
                await watched.Page.GotoAsync(url);
                var result = await watched.Page.RunAxe(Wcag21AA);
                checkedPages++;
                if (result.Violations.Length > 0) failures.Add(rel + ": " + Describe(result));
            }
        }
        Assert.True(checkedPages >= 40, $"only {checkedPages} pages checked");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Describe(AxeResult result) =>
        string.Join("; ", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target + " " + n.Html))}"));
}

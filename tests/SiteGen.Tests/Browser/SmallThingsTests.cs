using Microsoft.Playwright;

namespace SiteGen.Tests.Browser;

/// <summary>Issue 17 item 6, as a keyboard user, a phone user and the browser console see the sample site.</summary>
public class SmallThingsTests(SampleSite site) : IClassFixture<SampleSite>
{
    private const string Meeting = "/direktionen/2024-11-13/";

    private static readonly string[] EveryPageType =
    [
        "/", "/direktionen/", Meeting, Meeting + "punkt-3/", "/aar/2024/", "/om/", "/soeg/", "/findes-ikke/",
    ];

    [Fact]
    public async Task No_page_type_logs_a_console_error_or_a_failed_request_favicon_included()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var icons = new List<(string Url, int Status)>();
        watched.Page.Response += (_, r) =>
        {
            if (r.Url.Contains("favicon", StringComparison.Ordinal)) lock (icons) icons.Add((r.Url, r.Status));
        };
        foreach (var path in EveryPageType)
        {
            await watched.Page.GotoAsync(site.Url + path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            var icon = await watched.Page.GetAttributeAsync("link[rel=icon]", "href");
            Assert.NotNull(icon);
            Assert.StartsWith("/assets/favicon.", icon); // our own file, fingerprinted: no other host
            var response = await watched.Page.APIRequest.GetAsync(site.Url + icon);
            Assert.Equal(200, response.Status);
            Assert.Equal("image/svg+xml", response.Headers["content-type"].Split(';')[0]);
        }
        Assert.Empty(watched.Errors);
        Assert.DoesNotContain(icons, i => i.Status >= 400);
    }

    [Fact]
    public async Task The_skip_link_moves_focus_to_the_content_without_framing_all_of_main()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(site.Url + Meeting);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");

        Assert.Equal("indhold", await page.EvaluateAsync<string>("document.activeElement.id"));
        var main = await page.EvaluateAsync<string[]>("""
            (() => { const s = getComputedStyle(document.activeElement);
                     return [s.outlineStyle, s.boxShadow]; })()
            """);
        Assert.Equal(["none", "none"], main);

        // Where focus landed is still visible (WCAG 2.4.7): the heading gets the focus frame, a small box.
        Assert.Equal("solid", await Outline(page, "document.querySelector('main h1')"));
        var box = await page.Locator("main h1").BoundingBoxAsync();
        var mainBox = await page.Locator("main").BoundingBoxAsync();
        Assert.True(box!.Height * 10 < mainBox!.Height, $"h1 {box.Height}px high, main {mainBox.Height}px");

        // The next Tab reaches the first link of the content, whose own focus is visible.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("!!document.activeElement.closest('main')"));
        Assert.Equal("solid", await Outline(page, "document.activeElement"));
        Assert.Equal("none", await Outline(page, "document.querySelector('main h1')"));
    }

    [Fact]
    public async Task A_mouse_click_in_the_content_frames_nothing()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(site.Url + Meeting);
        await page.Locator("main h1").ClickAsync();
        Assert.Equal("none", await Outline(page, "document.querySelector('main')"));
        Assert.Equal("none", await Outline(page, "document.querySelector('main h1')"));
    }

    private static Task<string> Outline(IPage page, string element) =>
        page.EvaluateAsync<string>($"getComputedStyle({element}).outlineStyle");

    private static readonly BrowserNewContextOptions Phone = new()
    {
        Locale = "da-DK",
        ViewportSize = new() { Width = 390, Height = 844 },
        DeviceScaleFactor = 3,
        IsMobile = true,
        HasTouch = true,
    };

    [Fact]
    public async Task On_a_phone_the_first_items_title_is_on_the_first_screen()
    {
        await using var watched = await site.Browser.NewPageAsync(Phone);
        var page = watched.Page;
        await page.GotoAsync(site.Url + Meeting);
        var title = await page.Locator("h2#punkt-1").BoundingBoxAsync();
        Assert.NotNull(title);
        Assert.True(title.Y >= 0 && title.Y + title.Height <= 844,
            $"item 1's title is at {title.Y}–{title.Y + title.Height}px, the screen is 844px");

        // The members are folded, one tap away.
        var members = page.Locator("details.deltagere");
        Assert.Equal("3 medlemmer", (await members.Locator("summary").InnerTextAsync()).Trim());
        Assert.False(await page.GetByText("Velfærdsdirektør Lene Mehlsen Thomsen").IsVisibleAsync());
        await members.Locator("summary").ClickAsync();
        Assert.True(await page.GetByText("Velfærdsdirektør Lene Mehlsen Thomsen").IsVisibleAsync());
    }

    [Fact]
    public async Task Item_pages_step_to_the_previous_and_next_item()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(site.Url + Meeting + "punkt-3/");
        await page.GetByRole(AriaRole.Link,
            new() { Name = "Næste punkt: 4. Eventuelt, herunder punkter til næste møde" }).ClickAsync();
        Assert.EndsWith(Meeting + "punkt-4/", page.Url);
        await page.GetByRole(AriaRole.Link, new() { Name = "Forrige punkt: 3. Punkter til behandling" }).ClickAsync();
        Assert.EndsWith(Meeting + "punkt-3/", page.Url);
        Assert.Empty(watched.Errors);
    }
}

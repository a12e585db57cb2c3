using Microsoft.Playwright;

namespace SiteGen.Tests.Browser;

/// <summary>One headless Debian Chromium (/usr/bin/chromium, never a downloaded browser) shared by a test class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run `apt-get install -y chromium` (.ci/run does).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>A fresh page that records console errors, page errors and failed requests.</summary>
    public async Task<WatchedPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { Locale = "da-DK" });
        var page = await context.NewPageAsync();
        return new WatchedPage(context, page);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>A page plus every console error, uncaught exception and failed request it produced.</summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    public IPage Page { get; }
    public List<string> Errors { get; } = [];

    public WatchedPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, m) => { if (m.Type is "error" or "warning" && !IsNoise(m.Text)) lock (Errors) Errors.Add($"console {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => { lock (Errors) Errors.Add("page error: " + e); };
        page.RequestFailed += (_, r) => { lock (Errors) Errors.Add($"request failed: {r.Url} {r.Failure}"); };
        // A missing image, stylesheet or script is an error even though the console line for it is not
        // (IsNoise); only the page itself may be the 404 page.
        page.Response += (_, r) => { if (r.Status >= 400 && r.Request.ResourceType != "document") lock (Errors) Errors.Add($"HTTP {r.Status}: {r.Url}"); };
    }

    // The 404 page is loaded on purpose in some tests; its status line is not an error of the page.
    private static bool IsNoise(string text) => text.Contains("status of 404", StringComparison.Ordinal);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}

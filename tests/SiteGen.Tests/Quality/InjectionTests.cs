using AngleSharp.Html.Parser;
using Microsoft.Playwright;
using SiteGen.Tests.Browser;

namespace SiteGen.Tests.Quality;

/// <summary>Gate 6, on files: nothing executable in any page, feed, data or calendar file of the sample
/// site or the corpora; the injection corpus's text is shown as text.</summary>
[Collection("Built outputs")]
public class InjectionFileTests(BuiltOutputs built)
{
    private static readonly string[] FeedTypes = [".xml", ".json", ".ics"];

    [Fact]
    public void No_page_contains_scripts_handlers_frames_styles_or_javascript_urls()
    {
        var problems = new List<string>();
        var pages = 0;
        foreach (var site in built.All)
            foreach (var page in site.Pages)
            {
                pages++;
                problems.AddRange(ExecutableContent.InHtml(File.ReadAllText(site.FullPath(page)), page: true).Select(p => $"{site.Name}/{page}: {p}"));
            }
        Assert.True(pages >= 50);
        Assert.True(problems.Count == 0, "Executable content published:\n" + string.Join("\n", problems.Distinct().Take(60)));
    }

    [Fact]
    public void No_feed_data_or_calendar_file_contains_executable_content()
    {
        var problems = new List<string>();
        foreach (var site in built.All)
            foreach (var file in site.Files().Where(f => FeedTypes.Contains(Path.GetExtension(f))))
                problems.AddRange(ExecutableContent.InFeed(Path.GetExtension(file), File.ReadAllText(site.FullPath(file))).Select(p => $"{site.Name}/{file}: {p}"));
        Assert.True(problems.Count == 0, "Executable content published:\n" + string.Join("\n", problems.Distinct().Take(60)));
    }

    [Fact]
    public void Injection_corpus_text_is_shown_as_text()
    {
        var doc = new HtmlParser().ParseDocument(File.ReadAllText(built.Injection.FullPath("direktionen/2024-05-01/index.html")));
        Assert.Contains("1. Titel <script>alert('titel')</script> <img src=x onerror=alert('titel-img')>", doc.QuerySelector("#punkt-1")!.TextContent);
        Assert.Contains("3 < 4 & 5 > 2", doc.QuerySelector("main")!.TextContent);
        Assert.Contains("<script>alert('sted')</script> Mødelokale \"250\" & ", doc.QuerySelector(".moedeinfo")!.TextContent);
        Assert.Contains("<script>alert('kode')</script>", doc.QuerySelector("main code")!.TextContent);
    }

    /// <summary>The checker itself flags every kind of payload, and passes the site's own script files.</summary>
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<script src=\"https://evil.example/x.js\"></script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\" java&#x09;script:alert(1)\">x</a>")]
    [InlineData("<a href=\"data:text/html,x\">x</a>")]
    [InlineData("<iframe src=\"/\"></iframe>")]
    [InlineData("<style>body{}</style>")]
    [InlineData("<p style=\"color:red\">x</p>")]
    [InlineData("<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"0;url=/\">")]
    [InlineData("<form action=\"https://evil.example/\"></form>")]
    [InlineData("<object data=\"x.swf\"></object>")]
    [InlineData("<base href=\"https://evil.example/\">")]
    public void Checker_flags_payload(string html)
    {
        Assert.NotEmpty(ExecutableContent.InHtml("<!DOCTYPE html><html><head></head><body>" + html + "</body></html>", page: true));
        Assert.NotEmpty(ExecutableContent.InFeed(".xml", "<rss><channel><item><description>" + System.Security.SecurityElement.Escape(html) + "</description></item></channel></rss>"));
    }

    [Fact]
    public void Checker_passes_the_sites_own_script_files_and_search_form()
    {
        const string page = "<!DOCTYPE html><html><head><script src=\"/assets/search.1234.js\" defer></script><link rel=stylesheet href=\"/assets/site.css\"></head>"
                          + "<body><form action=\"/soeg/\" method=\"get\"><input name=q></form><a href=\"mailto:a@b.dk\">m</a><a href=\"#x\">x</a></body></html>";
        Assert.Empty(ExecutableContent.InHtml(page, page: true));
    }
}

/// <summary>Gate 6, in a browser: every page of the injection corpus under the production CSP logs no
/// error (a blocked inline script or handler would), and with the CSP switched off no payload runs.</summary>
public class InjectionBrowserTests(InjectionSite site) : IClassFixture<InjectionSite>
{
    private IEnumerable<string> PageUrls() =>
        Directory.EnumerateFiles(site.Output, "*.html", SearchOption.AllDirectories).Order().Select(f =>
        {
            var rel = Path.GetRelativePath(site.Output, f).Replace('\\', '/');
            return site.Url + "/" + (rel.EndsWith("index.html", StringComparison.Ordinal) ? rel[..^"index.html".Length] : rel);
        });

    // Fire the events a reader would cause, so a surviving handler (onmouseover, onfocus, ...) would run.
    private const string FireEvents = """
        document.querySelectorAll('body *').forEach(e => {
          for (const t of ['mouseover', 'mouseenter', 'focus', 'toggle', 'animationstart'])
            e.dispatchEvent(new Event(t, { bubbles: true }));
        })
        """;

    [Fact]
    public async Task No_payload_runs_even_without_the_content_security_policy()
    {
        await using var watched = await site.Browser.NewPageAsync(new BrowserNewContextOptions { Locale = "da-DK", BypassCSP = true });
        var dialogs = Watch(watched.Page);
        var pages = 0;
        foreach (var url in PageUrls())
        {
            await watched.Page.GotoAsync(url);
            await watched.Page.EvaluateAsync(FireEvents);
            pages++;
        }
        Assert.True(pages >= 8);
        Assert.True(dialogs.Count == 0, "Payloads ran: " + string.Join(", ", dialogs));
    }

    [Fact]
    public async Task Pages_log_no_errors_under_the_production_csp()
    {
        var errors = new List<string>();
        foreach (var url in PageUrls())
        {
            await using var watched = await site.Browser.NewPageAsync();
            await watched.Page.GotoAsync(url);
            errors.AddRange(watched.Errors.Select(e => $"{url}: {e}"));
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>The detector works: a payload that does run is seen.</summary>
    [Fact]
    public async Task A_running_payload_is_detected()
    {
        await using var watched = await site.Browser.NewPageAsync(new BrowserNewContextOptions { BypassCSP = true });
        var dialogs = Watch(watched.Page);
        await watched.Page.GotoAsync(site.Url + "/");
        await watched.Page.SetContentAsync("<img src=x onerror=\"alert('control')\"><b onmouseover=\"alert('hover')\">x</b>");
        await watched.Page.EvaluateAsync(FireEvents);
        await watched.Page.WaitForTimeoutAsync(200);
        Assert.Contains("control", dialogs);
        Assert.Contains("hover", dialogs);
    }

    private static List<string> Watch(IPage page)
    {
        var dialogs = new List<string>();
        page.Dialog += async (_, d) => { lock (dialogs) dialogs.Add(d.Message); await d.DismissAsync(); };
        return dialogs;
    }
}

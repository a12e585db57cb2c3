namespace SiteGen.Tests.Browser;

/// <summary>The browser infrastructure itself: the sample site loads in Chromium under the production CSP.</summary>
public class SmokeTests(SampleSite site) : IClassFixture<SampleSite>
{
    [Fact]
    public async Task Front_page_loads_in_chromium_without_console_errors()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var response = await watched.Page.GotoAsync(site.Url + "/");
        Assert.Equal(200, response!.Status);
        Assert.Equal("da", await watched.Page.GetAttributeAsync("html", "lang"));
        Assert.Empty(watched.Errors);
    }
}

using System.Collections.Immutable;
using SiteGen.Publishing;
using SiteGen.Rendering;
using static SiteGen.Tests.Publishing.SampleSource;

namespace SiteGen.Tests.Rendering;

/// <summary>PageRenderer on public models built in code, with the repository's real templates.</summary>
public sealed class PageRendererTests : IDisposable
{
    private readonly RenderFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Site_without_meetings_still_has_every_fixed_page_and_says_so()
    {
        var site = Publisher.Publish(Config(), []);
        var (diags, writer) = _f.Render(site);
        Assert.Empty(diags);
        Assert.Equal(
            ["404.html", "direktionen/index.html", "index.html", "kultur-og-fritidsudvalget/index.html", "oekonomiudvalget/index.html", "om/index.html", "sager/index.html", "soeg/index.html"],
            writer.Files.Where(f => f.EndsWith(".html", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("Der er endnu ikke offentliggjort nogen møder.", _f.Page("index.html").QuerySelector("main")!.TextContent);
        Assert.Null(_f.Page("index.html").QuerySelector("#arkiv"));
    }

    [Fact]
    public void Open_attachment_files_are_copied_and_assets_fingerprinted()
    {
        var site = _f.SampleSite();
        var (diags, writer) = _f.Render(site);
        Assert.Empty(diags);
        var file = PageRenderer.OpenFiles(site).Single();
        Assert.Equal(new FileInfo(file.SourcePath).Length, new FileInfo(Path.Combine(_f.Out, file.OutputPath)).Length);

        var css = Assert.Single(writer.Files, f => f.StartsWith("assets/site.", StringComparison.Ordinal));
        var expectedHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(Repo.Assets, "site.css"))))[..8];
        Assert.Equal($"assets/site.{expectedHash}.css", css);
        Assert.Equal("/" + css, _f.Page("index.html").QuerySelector("link[rel=stylesheet]")!.GetAttribute("href"));
    }

    [Fact]
    public void Text_from_the_secretariat_is_escaped_in_every_template()
    {
        var dir = U("Direktionen");
        var evil = "<script>alert(1)</script>";
        var site = Publisher.Publish(Config(dir), [Referat(dir, new(2024, 11, 13), [
            Open(1, $"Titel {evil}", OpenBilag(1, $"Bilag {evil}", null, $"1/24{evil}")) with { Sagsgang = evil },
            Closed(2, $"Offentlig {evil}"),
        ], rettelser: [new SiteGen.Content.Rettelse(new(2024, 11, 14), $"Rettet {evil}")]) with { Sted = evil, Medlemmer = [evil] }]);
        var (diags, writer) = _f.Render(site);
        Assert.Empty(diags);
        foreach (var page in writer.Files.Where(f => f.EndsWith(".html", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("<script>", _f.Read(page), StringComparison.OrdinalIgnoreCase);
            // The only script elements are the search page's and the case list's own files (assets/*.js).
            Assert.All(_f.Page(page).QuerySelectorAll("script"), s =>
                Assert.Matches(@"^/assets/(search|sager)\.", s.GetAttribute("src")));
        }
        Assert.Contains("Titel <script>alert(1)</script>", _f.Page("direktionen/2024-11-13/index.html").QuerySelector("#punkt-1")!.TextContent);
    }

    [Fact]
    public void Rendering_twice_gives_identical_pages()
    {
        var site = _f.SampleSite();
        var first = _f.Render(site).Writer.Files.ToDictionary(f => f, _f.Read);
        var second = new RenderFixture();
        try
        {
            var files = second.Render(site).Writer.Files;
            Assert.Equal(first.Keys.Order(), files.Order());
            foreach (var f in files.Where(f => f.EndsWith(".html", StringComparison.Ordinal))) Assert.Equal(first[f], second.Read(f));
        }
        finally { second.Dispose(); }
    }

    [Theory]
    [InlineData(999, "999 byte")]
    [InlineData(245_000, "245 kB")]
    [InlineData(1_500, "2 kB")]
    [InlineData(3_450_000, "3,5 MB")]
    public void File_sizes_read_in_Danish(long bytes, string expected) => Assert.Equal(expected, Pages.Size(bytes));
}

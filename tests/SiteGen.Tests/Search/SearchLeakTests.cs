using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteGen.Tests.Browser;

namespace SiteGen.Tests.Search;

/// <summary>Fixtures/site-leak (closed items carry SENTINEL words) built with the real Pagefind index.</summary>
public sealed class LeakSearchSite() : FixtureSite("site-leak");

/// <summary>Nothing closed reaches the search index: neither its (compressed) files nor a search in the browser.</summary>
public class SearchLeakTests(LeakSearchSite site) : IClassFixture<LeakSearchSite>
{
    // Words and numbers that only occur in closed items, their case data and closed attachments.
    private static readonly string[] ClosedStrings =
    [
        "SENTINEL", "19/99992", "19/99993", "99991/19", "99992/19", "Afskedigelse", "Køb af ejendom", "Storegade",
    ];

    private static readonly byte[] GzipMagic = [0x1f, 0x8b];

    /// <summary>Every file of the index as text: Pagefind's index, fragment, filter and meta files are gzip
    /// and start with "pagefind_dcd" once decompressed; the rest (pagefind.js, wasm, entry json) are plain.</summary>
    private Dictionary<string, string> IndexFiles()
    {
        var dir = Path.Combine(site.Output, "pagefind");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            var name = Path.GetRelativePath(site.Output, file).Replace('\\', '/');
            if (bytes.AsSpan().StartsWith(GzipMagic))
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                bytes = plain.ToArray();
                Assert.True(bytes.AsSpan().StartsWith("pagefind_dcd"u8), $"{name} is gzip but not a Pagefind file");
            }
            files[name] = Encoding.UTF8.GetString(bytes);
        }
        return files;
    }

    [Fact]
    public void The_decompressed_index_holds_open_text_and_nothing_closed()
    {
        var files = IndexFiles();
        var fragments = files.Where(f => f.Key.StartsWith("pagefind/fragment/", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, fragments.Count); // one per meeting page; item pages and other pages are not indexed
        Assert.True(files.Keys.Count(k => k.EndsWith(".pf_index", StringComparison.Ordinal)) >= 1);

        // The decompression works: open text is found in the index (else the leak check would prove nothing).
        var all = string.Concat(files.Values);
        foreach (var word in new[] { "OPENCONTROLTEXT", "OPENCONTROLDECISION", "OPENCONTROLPUBLICDECISION", "OPENCONTROLRETTELSE", "OPENCONTROLBILAGTITLE" })
            Assert.Contains(word, all);
        // The word index (.pf_index) stores stems; an open word's stem is there, lower-cased.
        Assert.Contains(files.Where(f => f.Key.EndsWith(".pf_index", StringComparison.Ordinal)), f => f.Value.Contains("opencontroltext", StringComparison.Ordinal));

        foreach (var (name, text) in files)
            foreach (var s in ClosedStrings)
            {
                Assert.False(name.Contains(s, StringComparison.OrdinalIgnoreCase), $"'{s}' in the name {name}");
                Assert.False(text.Contains(s, StringComparison.OrdinalIgnoreCase), $"'{s}' in {name}");
            }
    }

    [Fact]
    public void Boilerplate_is_not_indexed()
    {
        var fragments = IndexFiles().Where(f => f.Key.StartsWith("pagefind/fragment/", StringComparison.Ordinal)).Select(f => f.Value).ToList();
        foreach (var text in fragments)
        {
            foreach (var boilerplate in new[] { "Gå til indhold", "Hovedmenu", "Om referaterne", "Tilgængelighedserklæring", "på en side for sig", "lukkede døre", "Forrige møde", "Næste møde" })
                Assert.DoesNotContain(boilerplate, text);
        }
        Assert.Contains(fragments, f => f.Contains("\"id\":\"punkt-1\"", StringComparison.Ordinal)); // items are anchors
    }

    [Fact]
    public async Task A_word_from_a_closed_item_finds_nothing_while_open_words_are_found()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        var status = page.GetByRole(AriaRole.Status);

        await page.GotoAsync(site.Url + "/soeg/?q=OPENCONTROLTEXT");
        await Assertions.Expect(status).ToHaveTextAsync(new Regex("^1 resultat for »OPENCONTROLTEXT«"));
        Assert.Equal("/direktionen/2024-11-13/#punkt-1", await page.Locator("#resultater > li h2 a").GetAttributeAsync("href"));

        foreach (var sentinel in new[] { "SENTINELCLOSEDTEXT2", "SENTINELCLOSEDDECISION3", "SENTINELCLOSEDTITLE2", "Afskedigelse", "SENTINELCLOSEDBILAGTITLE1" })
        {
            await page.GetByLabel("Søg i referater og dagsordener").FillAsync(sentinel);
            await page.GetByLabel("Søg i referater og dagsordener").PressAsync("Enter");
            await Assertions.Expect(status).ToHaveTextAsync($"Ingen resultater for »{sentinel}«. Prøv et andet ord, eller fjern et filter.");
            Assert.Equal(0, await page.Locator("#resultater > li").CountAsync());
        }

        // The closed item's public title and public decision are searchable, as they are published.
        await page.GetByLabel("Søg i referater og dagsordener").FillAsync("OPENCONTROLPUBLICDECISION");
        await page.GetByLabel("Søg i referater og dagsordener").PressAsync("Enter");
        await Assertions.Expect(status).ToHaveTextAsync(new Regex("^1 resultat"));
        Assert.Equal("/direktionen/2024-11-13/#punkt-2", await page.Locator("#resultater > li h2 a").GetAttributeAsync("href"));
        Assert.Empty(watched.Errors);
    }
}

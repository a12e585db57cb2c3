using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SiteGen.Diagnostics;

namespace SiteGen.Tests.Search;

/// <summary>Search inside open attachments (issue 17.3): their text is in a second Pagefind bundle
/// (/pagefind-bilag/), merged into the search when the citizen ticks "Søg også i bilag", or when the meeting
/// search finds nothing. Closed attachments' files are never opened.</summary>
public class AttachmentSearchTests(AttachmentSite site) : IClassFixture<AttachmentSite>
{
    private const string SearchBox = "Søg i referater og dagsordener";
    private const string PdfUrl = "/direktionen/2024-11-13/bilag/punkt-1-bilag-1.pdf";

    private static ILocator Results(IPage page) => page.Locator("#resultater > li");

    private static async Task<string> Status(IPage page)
    {
        var status = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(status).ToHaveTextAsync(new Regex("resultat|Ingen", RegexOptions.IgnoreCase),
            new() { Timeout = 15_000 });
        return (await status.TextContentAsync())!;
    }

    [Fact]
    public void The_build_warns_about_the_scanned_and_the_broken_pdf_by_name_and_never_reads_closed_files()
    {
        Assert.True(site.Result.Succeeded); // the closed PDFs hold CPR numbers: reading them would fail the build
        var all = string.Join("\n", site.Result.Diagnostics);
        Assert.Contains(site.Result.Diagnostics, d => d.Code == Codes.BilagTextNone && d.Severity == Severity.Warning
            && d.File.EndsWith("referater/2024/bilag/scannet-brev.pdf", StringComparison.Ordinal));
        Assert.Contains(site.Result.Diagnostics, d => d.Code == Codes.BilagTextUnreadable
            && d.Severity == Severity.Warning && d.File.EndsWith("bilag/beskadiget.pdf", StringComparison.Ordinal)
            && d.Message.Contains("PDF", StringComparison.Ordinal));
        Assert.DoesNotContain("SENTINEL", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(site.Result.Diagnostics, d => d.Code == Codes.Cpr);
    }

    [Fact]
    public async Task A_word_only_in_an_open_pdf_is_found_without_the_tick_when_the_meetings_have_nothing()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync($"{site.Url}/soeg/?q={AttachmentSite.OpenWord}");
        Assert.Contains("i bilag", await Status(page));
        Assert.Equal(1, await Results(page).CountAsync());
        var hit = Results(page).First;
        var link = hit.Locator("h2 a");
        Assert.Equal("Bilag: OPENCONTROLBILAGTITLE Notat om beredskab", (await link.TextContentAsync())!.Trim());
        Assert.Equal(PdfUrl + "#page=2", await link.GetAttributeAsync("href"));
        var meta = (await hit.Locator(".resultat-meta").TextContentAsync())!;
        Assert.Contains("Punkt 1. OPENCONTROLTITLE", meta);
        Assert.Contains("Direktionen", meta);
        Assert.Contains("13. november 2024", meta);
        Assert.Contains("side 2", meta);
        Assert.Equal("/direktionen/2024-11-13/punkt-1/",
            await hit.Locator(".resultat-meta a").GetAttributeAsync("href"));
        Assert.StartsWith(AttachmentSite.OpenWord, await hit.Locator(".uddrag mark").First.TextContentAsync());

        var file = await page.APIRequest.GetAsync(site.Url + PdfUrl);
        Assert.Equal(200, file.Status);
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public async Task With_the_tick_attachments_are_searched_with_the_meetings_and_the_tick_is_in_the_url()
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(site.Url + "/soeg/?q=beredskab");
        await Status(page);
        Assert.DoesNotContain("Bilag:", string.Concat(await Results(page).Locator("h2").AllTextContentsAsync()));

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Søg også i bilag" }).CheckAsync();
        await Assertions.Expect(Results(page).Locator("h2", new() { HasText = "Bilag:" })).ToHaveCountAsync(1,
            new() { Timeout = 15_000 });
        Assert.Contains("bilag=1", page.Url);
        Assert.True(await Results(page).CountAsync() >= 2); // the meeting page and the attachment

        await page.GetByLabel(SearchBox).FillAsync(AttachmentSite.OpenWord);
        await page.GetByLabel(SearchBox).PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex("^1 resultat for"),
            new() { Timeout = 15_000 });
        Assert.Equal(PdfUrl + "#page=2", await Results(page).First.Locator("h2 a").GetAttributeAsync("href"));
        Assert.Empty(watched.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&bilag=1")]
    public async Task A_word_of_a_closed_pdf_is_never_found(string tick)
    {
        await using var watched = await site.Browser.NewPageAsync();
        var page = watched.Page;
        foreach (var word in new[] { AttachmentSite.ClosedWord, AttachmentSite.ClosedWord + "OFCLOSEDITEM", "fortroligt" })
        {
            await page.GotoAsync($"{site.Url}/soeg/?q={word}{tick}");
            Assert.StartsWith($"Ingen resultater for »{word}«", await Status(page));
            Assert.Equal(0, await Results(page).CountAsync());
        }
        Assert.Empty(watched.Errors);
    }

    [Fact]
    public void No_byte_of_a_closed_pdf_is_in_any_output_file_including_both_decompressed_indexes()
    {
        var files = Directory.EnumerateFiles(site.Output, "*", SearchOption.AllDirectories).ToList();
        var bilagIndex = files.Where(f => f.Contains("/pagefind-bilag/", StringComparison.Ordinal)).ToList();
        Assert.Contains(bilagIndex, f => f.Contains("/fragment/", StringComparison.Ordinal));
        var openSeen = false;
        foreach (var file in files)
        {
            var text = Encoding.UTF8.GetString(Decompressed(File.ReadAllBytes(file)));
            var name = Path.GetRelativePath(site.Output, file);
            if (file.Contains("/pagefind-bilag/", StringComparison.Ordinal))
                openSeen |= text.Contains(AttachmentSite.OpenWord, StringComparison.OrdinalIgnoreCase);
            foreach (var s in new[] { "SENTINEL", "010190", "020290", "fortroligt" })
            {
                Assert.False(name.Contains(s, StringComparison.OrdinalIgnoreCase), $"'{s}' in the name {name}");
                Assert.False(text.Contains(s, StringComparison.OrdinalIgnoreCase), $"'{s}' in {name}");
            }
        }
        Assert.True(openSeen, "the open PDF's word is in the decompressed attachment index");
    }

    /// <summary>Pagefind's index, fragment, filter and meta files are gzip.</summary>
    internal static byte[] Decompressed(byte[] bytes)
    {
        if (bytes is not [0x1f, 0x8b, ..]) return bytes;
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}

using Microsoft.Playwright;
using UglyToad.PdfPig;
using Xunit.Abstractions;

namespace SiteGen.Tests.Browser;

/// <summary>A citizen prints a meeting from Chromium on A4: the printout says what and where it is from, wastes no
/// pages and numbers them. Read back from the PDF with PdfPig, as a reader of the paper would see it.</summary>
public class PrintTests(SampleSite site, ITestOutputHelper output) : IClassFixture<SampleSite>
{
    private const string Meeting = "/direktionen/2024-11-13/";

    /// <summary>The pages of the printed meeting, each as its lines of text (top to bottom).</summary>
    private async Task<List<List<string>>> PrintAsync(string path)
    {
        await using var watched = await site.Browser.NewPageAsync();
        await watched.Page.GotoAsync(site.Url + path);
        // What the print dialog does with its default settings: A4, the page's own @page margins.
        var pdf = await watched.Page.PdfAsync(new() { Format = "A4", PreferCSSPageSize = true });
        Assert.Empty(watched.Errors);
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => p.GetWords()
                .GroupBy(w => Math.Round(w.BoundingBox.Bottom / 3)) // words on one baseline (±1.5 pt) are one line
                .OrderByDescending(g => g.Key)
                .Select(g => string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)))
                .ToList())
            .ToList();
    }

    private void Describe(List<List<string>> pages)
    {
        output.WriteLine($"{pages.Count} pages; lines per page: {string.Join(", ", pages.Select(p => p.Count))}; " +
            $"characters per page: {string.Join(", ", pages.Select(p => p.Sum(l => l.Length)))}");
    }

    [Fact]
    public async Task A_printed_meeting_fills_its_pages_instead_of_starting_each_item_on_a_new_one()
    {
        var pages = await PrintAsync(Meeting);
        Describe(pages);
        // Before issue 17 the meeting printed on 10 pages, page 1 holding only the title and the facts.
        Assert.True(pages.Count < 10, $"{pages.Count} pages");
        // How full a page is: its lines of text (a heading or a short list entry fills a line as much as a
        // long sentence does), against the fullest page.
        var fullest = pages.Max(p => p.Count);
        for (var i = 0; i < pages.Count - 1; i++)
            Assert.True(pages[i].Count * 3 >= fullest,
                $"page {i + 1} of {pages.Count} holds {pages[i].Count} lines, less than a third of the fullest " +
                $"({fullest})");
    }

    [Fact]
    public async Task The_first_printed_page_names_the_committee_the_date_and_the_web_address()
    {
        var first = string.Join("\n", (await PrintAsync(Meeting))[0]);
        Assert.Contains("Direktionen", first);
        Assert.Contains("13. november 2024", first);
        Assert.Contains("https://referater.norddjurs.dk/direktionen/2024-11-13/", first);
        // The members, folded on screen, are printed.
        Assert.Contains("Velfærdsdirektør Lene Mehlsen Thomsen", first);
        // The list of items is printed too, so the paper copy has a table of contents.
        Assert.Contains("1. Beslutningsprotokoller og dagsordener", first);
    }

    [Fact]
    public async Task Every_printed_page_carries_its_number_and_the_page_count()
    {
        var pages = await PrintAsync(Meeting);
        for (var i = 0; i < pages.Count; i++)
            Assert.Contains($"Side {i + 1} af {pages.Count}", pages[i]);
    }
}

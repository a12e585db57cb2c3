using System.Text;
using System.Text.Json;
using SiteGen.Tests.Feeds;
using SiteGen.Tests.Rendering;

namespace SiteGen.Tests.Data;

/// <summary>Fixtures/site-hidden built once and read by the Python readers.</summary>
public sealed class HiddenTextSite : IDisposable
{
    public BuiltSite Site { get; } = new("site-hidden");
    public JsonElement Report { get; }

    public HiddenTextSite()
    {
        Assert.True(Site.Result.Succeeded, string.Join("\n", Site.Result.Diagnostics));
        Report = Readers.Read(Site.Output);
    }

    public void Dispose() => Site.Dispose();
}

/// <summary>Open data, feeds and calendars carry what the pages publish, never the source Markdown: what the
/// Markdown holds but a page hides (an HTML comment, a link title, an image address, a script, an attribute)
/// is in none of them, while the text around it is. Each section is rendered on its own, as on the page, so a
/// link reference defined in one decision section is not a link in the next.</summary>
public sealed class HiddenTextTests(HiddenTextSite fixture) : IClassFixture<HiddenTextSite>
{
    private readonly BuiltSite _site = fixture.Site;
    private readonly JsonElement _report = fixture.Report;

    private static readonly string[] Hidden = ["HIDDENCOMMENT", "HIDDENTITLE", "HIDDENIMG", "HIDDENSCRIPT", "HIDDENATTR", "HIDDENCLOSED",
        "HIDDENREFDEF"];

    private const string Meeting = "data/direktionen/2024-11-13.json";

    private IReadOnlyList<string> MachineFiles => _site.Files()
        .Where(f => f.StartsWith("data/", StringComparison.Ordinal) || f.EndsWith(".xml", StringComparison.Ordinal)
                    || f.EndsWith(".ics", StringComparison.Ordinal))
        .ToList();

    /// <summary>The file as text, and what a reader decodes from it: JSON strings unescaped (so \u escapes hide
    /// nothing), iCalendar lines unfolded.</summary>
    private IEnumerable<string> Texts(string file)
    {
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_site.Output, file)));
        yield return text.Replace("\r\n ", "", StringComparison.Ordinal);
        if (file.EndsWith(".json", StringComparison.Ordinal))
            foreach (var s in AllStrings(JsonDocument.Parse(text).RootElement)) yield return s;
    }

    [Fact]
    public void Nothing_a_page_hides_is_in_any_data_file_feed_or_calendar()
    {
        Assert.Contains(Meeting, MachineFiles);
        Assert.Contains("feed.xml", MachineFiles);
        Assert.Contains("direktionen/moeder.ics", MachineFiles);
        foreach (var file in MachineFiles)
            foreach (var text in Texts(file))
                foreach (var word in Hidden)
                    Assert.False(text.Contains(word, StringComparison.OrdinalIgnoreCase), $"'{word}' in {file}");
        // What feed readers, calendar apps and data users decode (entities resolved, escapes undone).
        foreach (var value in AllStrings(_report))
            foreach (var word in Hidden)
                Assert.False(value.Contains(word, StringComparison.OrdinalIgnoreCase), $"'{word}' decoded by a reader");
    }

    [Fact]
    public void What_the_page_shows_is_in_the_data_feeds_and_calendar()
    {
        string Of(string file) => string.Join("\n", Texts(file));
        var data = Of(Meeting);
        foreach (var w in new[]
                 {
                     "VISIBLETEXT", "VISIBLELINK", "VISIBLEALT", "VISIBLESPAN", "VISIBLEBOLD", "VISIBLEITEM", "VISIBLECELL",
                     "VISIBLEDECISION", "VISIBLESECOND", "VISIBLEPUBLICDECISION", "VISIBLERETTELSE", "https://e.dk",
                 })
            Assert.Contains(w, data);
        foreach (var w in new[] { "VISIBLETITLE", "VISIBLEDECISION", "VISIBLESECOND", "VISIBLELINK", "VISIBLEPUBLICDECISION", "VISIBLESPAN" })
        {
            Assert.Contains(w, Of("feed.xml"));
            Assert.Contains(w, Of("beslutninger.xml"));
        }
        Assert.Contains("VISIBLETITLE", Of("direktionen/moeder.ics"));
    }

    [Fact]
    public void Sections_and_decisions_are_published_as_plain_text_and_as_the_pages_html()
    {
        var files = _report.GetProperty("data").GetProperty("files");
        foreach (var f in files.EnumerateObject())
            Assert.True(f.Value.GetProperty("errors").GetArrayLength() == 0, $"{f.Name}: {f.Value.GetProperty("errors")}");
        var items = files.GetProperty(Meeting).GetProperty("doc").GetProperty("agendaItem").EnumerateArray().ToList();

        var sections = items[0].GetProperty("sitegen:sektioner").EnumerateArray().ToList();
        Assert.Equal(["Sagsfremstilling", "Beslutning", "Beslutning"], sections.Select(s => s.Str("navn")));
        // Plain text, not HTML-escaped (issue 16); lists and table rows on lines of their own.
        Assert.Equal(
            "VISIBLETEXT Se VISIBLELINK og VISIBLEALT.\n\nEt VISIBLESPAN og VISIBLEBOLD.\n\n"
            + "- VISIBLEITEM første\n- anden & tredje\n\nPost | Beløb\nVISIBLECELL | 1.000",
            sections[0].Str("tekst"));
        Assert.Equal("VISIBLEDECISION Godkendt. VISIBLELINK VISIBLEALT VISIBLESPAN\n\n"
            + "VISIBLESECOND [VISIBLEREF][hiddenref]: a reference defined in another section is not a link on the page.",
            items[0].Str("resolutionText"));
        Assert.Equal(sections[1].Str("html") + "\n" + sections[2].Str("html"), items[0].Str("sitegen:resolutionHtml"));
        Assert.Equal("VISIBLEPUBLICDECISION VISIBLELINK VISIBLEALT VISIBLESPAN slut.", items[1].Str("resolutionText"));

        // The HTML is the meeting page's, element for element.
        var page = _site.Page("direktionen/2024-11-13/index.html");
        string Normal(string html)
        {
            var div = page.CreateElement("div");
            div.InnerHtml = html;
            return div.InnerHtml.Trim();
        }
        var item1 = page.GetElementById("punkt-1")!.ParentElement!.QuerySelectorAll("div.tekst").ToList();
        Assert.Equal(sections.Select(s => Normal(s.Str("html"))), item1.Select(d => Normal(d.InnerHtml)));
        var item2 = page.GetElementById("punkt-2")!.ParentElement!.QuerySelector("div.tekst")!;
        Assert.Equal(Normal(item2.InnerHtml), Normal(items[1].Str("sitegen:resolutionHtml")));
        Assert.Contains("<a href=\"https://e.dk\"", items[1].Str("sitegen:resolutionHtml"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_schema_rejects_html_with_what_a_page_never_shows()
    {
        var negative = _report.GetProperty("data").GetProperty("negative");
        Assert.True(negative.GetProperty("html_with_comment_rejected").GetBoolean());
        Assert.True(negative.GetProperty("html_with_link_title_rejected").GetBoolean());
        Assert.True(negative.GetProperty("html_with_image_rejected").GetBoolean());
        Assert.True(negative.GetProperty("html_with_script_rejected").GetBoolean());
    }

    private static IEnumerable<string> AllStrings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => AllStrings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(AllStrings),
        JsonValueKind.String => [e.GetString()!],
        _ => [],
    };
}

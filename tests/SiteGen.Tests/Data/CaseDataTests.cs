using System.Text.Json;
using SiteGen.Tests.Feeds;
using SiteGen.Tests.Rendering;

namespace SiteGen.Tests.Data;

/// <summary>Open data for data journalists (issue 16): plain-text JSON, a Paper per case, beslutninger.csv.
/// </summary>
public sealed class CaseDataTests(CaseSite fixture) : IClassFixture<CaseSite>
{
    private const string BaseUrl = CaseSite.BaseUrl;
    private JsonElement? _report;
    private JsonElement Report => _report ??= Readers.Read(fixture.Site.Output);

    private JsonElement Doc(string rel) =>
        Report.GetProperty("data").GetProperty("files").GetProperty(rel).GetProperty("doc");

    [Fact]
    public void Every_data_file_is_valid_against_the_shipped_schema()
    {
        foreach (var f in Report.GetProperty("data").GetProperty("files").EnumerateObject())
            Assert.True(f.Value.GetProperty("errors").GetArrayLength() == 0, $"{f.Name}: {f.Value.GetProperty("errors")}");
        Assert.Equal("Paper", Report.GetProperty("data").GetProperty("files").GetProperty("data/sager/24-7615.json")
            .Str("kind"));
    }

    [Fact]
    public void Json_text_is_plain_text_and_html_only_in_the_fields_named_so()
    {
        var item = Doc("data/direktionen/2024-11-13.json").GetProperty("agendaItem")[2];
        Assert.Equal("Vej & Park <b>fed</b> \"citat\"", item.Str("name"));   // as the page shows it, not &amp;
        var first = Doc("data/direktionen/2024-11-13.json").GetProperty("agendaItem")[0];
        Assert.Equal("Direktionen anbefaler projektet & sender det videre.", first.Str("resolutionText"));
        Assert.Contains("&amp;", first.Str("sitegen:resolutionHtml"), StringComparison.Ordinal);
        Assert.Equal("DIR, ØK, KB", first.Str("sitegen:sagsgang"));
        var raw = File.ReadAllText(Path.Combine(fixture.Site.Output, "data", "direktionen", "2024-11-13.json"));
        Assert.DoesNotContain("&amp;amp;", raw, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"Vej & Park", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_is_an_OParl_Paper_with_its_open_consultations_in_date_order()
    {
        var paper = Doc("data/sager/24-7615.json");
        Assert.Equal("24/7615", paper.Str("reference"));
        Assert.Equal(BaseUrl + "/sager/24-7615/", paper.Str("web"));
        var consultations = paper.GetProperty("consultation").EnumerateArray().ToList();
        Assert.Equal(
        [
            BaseUrl + "/data/direktionen/2024-11-13.json#punkt-1", BaseUrl + "/data/oekonomiudvalget/2024-11-20.json#punkt-1",
            BaseUrl + "/data/kommunalbestyrelsen/2024-12-10.json#punkt-1",
        ], consultations.Select(c => c.Str("agendaItem")));
        Assert.False(consultations[2].TryGetProperty("resolutionText", out _)); // an agenda has no decision yet
        var list = Doc("data/sager.json").GetProperty("data").EnumerateArray().Select(p => p.Str("reference"));
        Assert.Equal(["24/7615", "24/8100"], list);
    }

    [Fact]
    public void The_csv_opens_with_pythons_csv_module_with_one_row_per_open_decision()
    {
        var csv = Report.GetProperty("csv").GetProperty("data/beslutninger.csv");
        Assert.True(csv.GetProperty("bom").GetBoolean());
        Assert.True(csv.GetProperty("crlf_records").GetBoolean());
        var rows = csv.GetProperty("rows").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()).ToList();
        Assert.Equal(["dato", "udvalg", "punkt", "titel", "sagsnr", "beslutning", "url"], rows[0]);
        // Open items with a decision: Økonomiudvalget 1 and 3, Direktionen 1 and 3; no closed item, no agenda.
        Assert.Equal(
        [
            "2024-11-20 1", "2024-11-20 3", "2024-11-13 1", "2024-11-13 3",
        ], rows.Skip(1).Select(r => $"{r[0]} {r[2]}"));
        var tricky = rows.Single(r => r[0] == "2024-11-13" && r[2] == "3");
        Assert.Equal("Vej & Park <b>fed</b> \"citat\"", tricky[3]);
        Assert.Equal("24/8100", tricky[4]);
        Assert.Equal("", rows.Single(r => r[0] == "2024-11-20" && r[2] == "3")[4]);
        // A formula is kept from running in a spreadsheet; the text and its line break survive.
        Assert.Equal("'=SUM(1+1), og \"mere\", på to\r\n\r\nlinjer.", tricky[5]);
        Assert.Equal("Økonomiudvalget", rows[1][1]);
        Assert.Equal("24/7615", rows[1][4]);
        Assert.Equal(BaseUrl + "/oekonomiudvalget/2024-11-20/punkt-1/", rows[1][6]);
        var bytes = File.ReadAllText(Path.Combine(fixture.Site.Output, "data", "beslutninger.csv"));
        Assert.DoesNotContain("lkq", bytes, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("777", bytes, StringComparison.Ordinal);
    }
}

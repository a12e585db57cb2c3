using System.Text.RegularExpressions;
using System.Text.Json;
using System.Xml.Linq;
using SiteGen.Tests.Feeds;
using SiteGen.Tests.Rendering;
using static SiteGen.Tests.Feeds.ReadLeakSite;

namespace SiteGen.Tests.Data;

/// <summary>The OParl-shaped JSON under /data (validated by the jsonschema package against the shipped
/// schema), sitemap.xml and robots.txt of Fixtures/site-leak.</summary>
public sealed class OpenDataTests(ReadLeakSite fixture) : IClassFixture<ReadLeakSite>
{
    private readonly JsonElement _data = fixture.Report.GetProperty("data");
    private readonly BuiltSite _site = fixture.Site;

    private JsonElement Doc(string path) => _data.GetProperty("files").GetProperty(path).GetProperty("doc");

    [Fact]
    public void Every_data_file_validates_against_the_shipped_schema()
    {
        Assert.Equal("data/schema/oparl-data.schema.json", _data.Str("schema"));
        Assert.Equal(1, _data.GetProperty("schemas").GetInt32());
        var files = _data.GetProperty("files").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(
        [
            "data/direktionen/2023-09-06.json", "data/direktionen/2024-11-13.json", "data/direktionen/moeder.json",
            "data/kultur-og-fritidsudvalget/moeder.json", "data/moeder.json", "data/oekonomiudvalget/2024-12-03.json",
            "data/oekonomiudvalget/moeder.json", "data/sager.json", "data/sager/24-7615.json", "data/udvalg.json",
        ], files.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, f) in files)
            Assert.True(f.GetProperty("errors").GetArrayLength() == 0, $"{name}: {f.GetProperty("errors")}");
    }

    [Fact]
    public void The_schema_rejects_closed_items_that_carry_more_than_their_placeholder_and_unescaped_markup()
    {
        var negative = _data.GetProperty("negative");
        Assert.True(negative.GetProperty("closed_item_with_case_number_rejected").GetBoolean());
        Assert.True(negative.GetProperty("closed_item_with_files_rejected").GetBoolean());
        Assert.True(negative.GetProperty("meeting_without_id_rejected").GetBoolean());
        Assert.True(negative.GetProperty("plain_text_with_angle_brackets_accepted").GetBoolean()); // plain text (issue 16)
    }

    [Fact]
    public void The_shipped_schema_is_the_source_file()
    {
        var source = File.ReadAllBytes(Path.Combine(Repo.Root, "src", "SiteGen", "Data", "Schema", "oparl-data.schema.json"));
        Assert.Equal(source, File.ReadAllBytes(Path.Combine(_site.Output, "data", "schema", "oparl-data.schema.json")));
    }

    [Fact]
    public void The_index_lists_every_meeting_and_ids_are_urls_of_built_files()
    {
        var index = Doc("data/moeder.json");
        var meetings = index.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(3, index.GetProperty("pagination").GetProperty("totalElements").GetInt32());
        Assert.Equal(
        [
            $"{BaseUrl}/data/oekonomiudvalget/2024-12-03.json", $"{BaseUrl}/data/direktionen/2024-11-13.json", $"{BaseUrl}/data/direktionen/2023-09-06.json",
        ], meetings.Select(m => m.Str("id")));
        foreach (var m in meetings)
        {
            Assert.True(File.Exists(Readers.FileFor(BaseUrl, m.Str("id"), _site.Output)), m.Str("id"));
            Assert.True(File.Exists(Readers.FileFor(BaseUrl, m.Str("web"), _site.Output)), m.Str("web"));
            // The full meeting file has the same id as its entry in the list.
            var rel = m.Str("id")[(BaseUrl.Length + 1)..];
            Assert.Equal(m.Str("id"), Doc(rel).Str("id"));
        }
        var udvalg = Doc("data/udvalg.json").GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["Direktionen", "Økonomiudvalget", "Kultur- og Fritidsudvalget"], udvalg.Select(u => u.Str("name")));
        foreach (var u in udvalg)
        {
            Assert.True(File.Exists(Readers.FileFor(BaseUrl, u.Str("meeting"), _site.Output)), u.Str("meeting"));
            Assert.True(File.Exists(Readers.FileFor(BaseUrl, u.Str("web"), _site.Output)), u.Str("web"));
        }
        Assert.Equal(2, Doc("data/direktionen/moeder.json").GetProperty("data").GetArrayLength());
    }

    [Fact]
    public void A_meeting_has_Copenhagen_times_modified_from_its_corrections_and_items_marked_public_or_not()
    {
        var m = Doc("data/direktionen/2024-11-13.json");
        Assert.Equal("https://schema.oparl.org/1.1/Meeting", m.Str("type"));
        Assert.Equal("2024-11-13T09:00:00+01:00", m.Str("start"));
        Assert.Equal("2024-11-13T13:00:00+01:00", m.Str("end"));
        Assert.Equal("2024-11-13T13:00:00+01:00", m.Str("created"));
        Assert.Equal("2024-11-20T12:00:00+01:00", m.Str("modified"));
        Assert.Equal("2023-09-06T09:00:00+02:00", Doc("data/direktionen/2023-09-06.json").Str("start"));

        var items = m.GetProperty("agendaItem").EnumerateArray().ToList();
        Assert.Equal([true, false, false], items.Select(i => i.GetProperty("public").GetBoolean()));
        Assert.Equal(["1", "2", "3"], items.Select(i => i.Str("number")));
        Assert.Equal("OPENCONTROLDECISION Punkterne til møderne blev behandlet.", items[0].Str("resolutionText"));
        Assert.Equal("Personalesag", items[1].Str("name"));
        Assert.Equal("OPENCONTROLPUBLICDECISION Direktionen godkendte indstillingen.", items[1].Str("resolutionText"));
        Assert.Equal("Lukket punkt", items[2].Str("name"));
        Assert.False(items[2].TryGetProperty("resolutionText", out _));

        var file = Assert.Single(items[0].GetProperty("auxiliaryFile").EnumerateArray());
        Assert.Equal("https://schema.oparl.org/1.1/File", file.Str("type"));
        Assert.Equal("application/pdf", file.Str("mimeType"));
        Assert.True(File.Exists(Readers.FileFor(BaseUrl, file.Str("accessUrl"), _site.Output)));
        Assert.Equal([2], items[0].GetProperty("sitegen:lukkedeBilag").EnumerateArray().Select(n => n.GetInt32()));
        foreach (var i in items) Assert.True(File.Exists(Readers.FileFor(BaseUrl, i.Str("web"), _site.Output)), i.Str("web"));

        var agenda = Doc("data/oekonomiudvalget/2024-12-03.json");
        Assert.Equal("dagsorden", agenda.Str("meetingState"));
        Assert.All(agenda.GetProperty("agendaItem").EnumerateArray(), i => Assert.False(i.TryGetProperty("resolutionText", out _)));
    }

    [Fact]
    public void Sitemap_lists_every_public_page_once_with_lastmod_and_robots_points_to_it()
    {
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var urls = XDocument.Load(Path.Combine(_site.Output, "sitemap.xml")).Root!.Elements(ns + "url").ToList();
        var locs = urls.Select(u => u.Element(ns + "loc")!.Value).ToList();
        var pages = _site.Pages.Where(p => p != "404.html")
            .Select(p => BaseUrl + "/" + p[..^"index.html".Length]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(pages, locs);
        Assert.All(urls, u => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", u.Element(ns + "lastmod")!.Value));
        string Lastmod(string path) => urls.Single(u => u.Element(ns + "loc")!.Value == BaseUrl + path).Element(ns + "lastmod")!.Value;
        Assert.Equal("2024-11-20T12:00:00+01:00", Lastmod("/direktionen/2024-11-13/"));
        Assert.Equal("2024-11-20T12:00:00+01:00", Lastmod("/direktionen/2024-11-13/punkt-1/"));
        Assert.Equal("2023-09-06T17:00:00+02:00", Lastmod("/aar/2023/"));
        // The case list of a year changes with the cases it lists (the newest of their pages' dates).
        var years = locs.Where(l => Regex.IsMatch(l, @"/sager/\d{4}/$")).ToList();
        Assert.NotEmpty(years);
        foreach (var year in years)
        {
            var path = year[BaseUrl.Length..];
            var listed = Regex.Matches(File.ReadAllText(Path.Combine(_site.Output, path.TrimStart('/'), "index.html")),
                    @"href=""(/sager/[^/""]*-[^/""]*/)""").Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.NotEmpty(listed);
            Assert.Equal(listed.Select(Lastmod).Max(StringComparer.Ordinal), Lastmod(path));
        }
        Assert.Equal("2024-12-03T16:30:00+01:00", Lastmod("/"));

        Assert.Equal($"User-agent: *\nAllow: /\n\nSitemap: {BaseUrl}/sitemap.xml\n", File.ReadAllText(Path.Combine(_site.Output, "robots.txt")));
    }
}

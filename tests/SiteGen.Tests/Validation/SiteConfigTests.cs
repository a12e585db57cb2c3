using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

public class SiteConfigTests
{
    private static (TestInput, ValidationResult) WithSite(string? site)
    {
        var input = new TestInput(site);
        return (input, input.Run());
    }

    [Fact]
    public void Valid_site_is_loaded_with_defaults()
    {
        var (input, result) = WithSite(TestInput.DefaultSite);
        using (input) Expect.Clean(result);
        var c = result.Config!;
        Assert.Equal("Referater fra Norddjurs Kommune", c.Titel);
        Assert.Equal("Norddjurs Kommune", c.Kommune);
        Assert.Equal("https://referater.norddjurs.dk", c.BaseUrl); // trailing slash removed
        Assert.Null(c.TilgaengelighedUrl);
        Assert.Equal(["Direktionen", "Økonomiudvalget"], c.Udvalg.Select(u => u.Navn));
        Assert.Equal(["direktionen", "oekonomiudvalget"], c.Udvalg.Select(u => u.Slug));
        Assert.Equal("Kommunens økonomi", c.Udvalg[1].Beskrivelse);
        Assert.Equal(["Baggrund", "Sagsfremstilling", "Økonomiske konsekvenser", "Indstilling", "Beslutning"], c.Sektioner.ToArray());
    }

    [Fact]
    public void Custom_sections_and_accessibility_link()
    {
        var site = TestInput.DefaultSite + "\ntilgaengelighedserklaering: https://www.was.digst.dk/referater-norddjurs-dk\nsektioner: [Sagsfremstilling, Beslutning, Bemærkninger]\n";
        using var input = new TestInput(site);
        input.Write(TestInput.ReferatPath, TestInput.Valid.Replace("### Indstilling", "### Bemærkninger"));
        var result = input.Run();
        Expect.Clean(result);
        Assert.Equal("https://www.was.digst.dk/referater-norddjurs-dk", result.Config!.TilgaengelighedUrl);
        Assert.Equal("Bemærkninger", result.Referater[0].Punkter[2].Sektioner[0].Navn);
    }

    [Fact]
    public void Missing_site_yml()
    {
        var (input, result) = WithSite(null);
        using (input) Expect.One(result, "SITE001", input.Shown("site.yml"), 1, 1);
        Assert.Null(result.Config);
    }

    [Fact]
    public void Site_yml_not_utf8()
    {
        using var input = new TestInput(null);
        input.WriteBytes("site.yml", [.. "titel: K"u8, 0xF8, .. "benhavn\n"u8]);
        Expect.One(input.Run(), "SITE002", input.Shown("site.yml"), 1, 9);
    }

    [Theory]
    [InlineData("titel: Referater fra Norddjurs Kommune", "titel: [Referater", "SITE003", 1, 8)]
    [InlineData("titel: Referater fra Norddjurs Kommune", "titl: Referater fra Norddjurs Kommune", "SITE005", 1, 1)]
    [InlineData("kommune: Norddjurs Kommune\n", "", "SITE006", 1, 1)]
    [InlineData("udvalg:\n  - navn: Direktionen", "udvalg: Direktionen\nx:\n  - navn: Direktionen", "SITE007", 4, 9)]
    [InlineData("base_url: https://referater.norddjurs.dk/", "base_url: referater.norddjurs.dk", "SITE008", 3, 11)]
    [InlineData("base_url: https://referater.norddjurs.dk/", "base_url: https://referater.norddjurs.dk/\ntilgaengelighedserklaering: www.was.digst.dk", "SITE009", 4, 29)]
    [InlineData("  - navn: Økonomiudvalget", "  - navn: direktionen", "SITE010", 6, 11)]
    [InlineData("    beskrivelse: Kommunens økonomi", "    beskrivelse: Kommunens økonomi\nsektioner: [Beslutning, Indstilling, Beslutning]", "SITE011", 8, 38)]
    [InlineData("  - navn: Direktionen", "  - navne: Direktionen", "SITE005", 5, 5)]
    public void Site_rule(string find, string replace, string code, int line, int column)
    {
        var site = TestInput.Replace(TestInput.DefaultSite, find, replace);
        var (input, result) = WithSite(site);
        using (input) Expect.At(result, code, input.Shown("site.yml"), line, column);
        Assert.Null(result.Config);
    }

    [Fact]
    public void Unknown_site_key_suggests_the_nearest()
    {
        var (input, result) = WithSite(TestInput.DefaultSite.Replace("base_url:", "baseurl:"));
        using (input) Assert.Equal("Ukendt felt 'baseurl' i site.yml. Mente du 'base_url'?", result.Diagnostics.First(d => d.Code == "SITE005").Message);
    }

    [Fact]
    public void Site_yml_that_is_a_list()
    {
        var (input, result) = WithSite("- titel: x\n");
        using (input) Expect.One(result, "SITE004", input.Shown("site.yml"), 1, 1);
    }

    [Fact]
    public void Unknown_committee_suggests_from_site_yml()
    {
        var (input, result) = TestInput.Mutated("udvalg: Direktionen", "udvalg: Økonomiudvalg");
        using (input)
            Assert.Contains("Mente du 'Økonomiudvalget'?", Expect.One(result, "REF015", input.Shown(TestInput.ReferatPath), 2, 9).Message);
    }
}

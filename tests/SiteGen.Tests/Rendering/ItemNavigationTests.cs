namespace SiteGen.Tests.Rendering;

public sealed class ConfidentialCorpus() : IDisposable
{
    public BuiltSite Site { get; } = new("corpus-confidential");
    public void Dispose() => Site.Dispose();
}

/// <summary>Issue 17: an item page links to the previous and next open item of its meeting, and an attachment
/// without a file tells the citizen whom to ask for it.</summary>
public sealed class ItemNavigationTests(ConfidentialCorpus fixture) : IClassFixture<ConfidentialCorpus>
{
    private readonly BuiltSite _site = fixture.Site;

    private (string? Prev, string? PrevHref, string? Next, string? NextHref) Links(string page)
    {
        var doc = _site.Page(page);
        var prev = doc.QuerySelector("a[rel=prev]");
        var next = doc.QuerySelector("a[rel=next]");
        return (prev?.TextContent, prev?.GetAttribute("href"), next?.TextContent, next?.GetAttribute("href"));
    }

    [Fact]
    public void Item_pages_link_the_previous_and_next_open_item_and_step_over_closed_ones()
    {
        Assert.True(_site.Result.Succeeded, string.Join("\n", _site.Result.Diagnostics));
        // 2023-10-04: items 1, 3, 4 and 5 are closed; 2 and 6 are open.
        var two = Links("direktionen/2023-10-04/punkt-2/index.html");
        Assert.Null(two.Prev);
        Assert.Equal("Næste punkt: 6. abnqtitel18 Eventuelt", two.Next);
        Assert.Equal("/direktionen/2023-10-04/punkt-6/", two.NextHref);

        var six = Links("direktionen/2023-10-04/punkt-6/index.html");
        Assert.Equal("Forrige punkt: 2. abnqtitel14 Temadag", six.Prev);
        Assert.Equal("/direktionen/2023-10-04/punkt-2/", six.PrevHref);
        Assert.Null(six.Next);
    }

    [Fact]
    public void Item_navigation_shows_nothing_of_a_closed_item_not_even_its_public_title()
    {
        foreach (var page in new[] { "punkt-2", "punkt-6" }.Select(p => $"direktionen/2023-10-04/{p}/index.html"))
        {
            var nav = _site.Page(page).QuerySelector("nav.bladring")!.OuterHtml;
            Assert.DoesNotContain("lkq", nav);
            Assert.DoesNotContain("offentligtitel", nav);
            Assert.DoesNotContain("punkt-4", nav);
        }
    }

    [Fact]
    public void An_attachment_without_a_file_says_it_is_not_online_and_whom_to_ask()
    {
        // Without 'kontakt' in site.yml the municipality is named.
        var doc = _site.Page("oekonomiudvalget/2024-06-05/index.html");
        var note = doc.QuerySelectorAll(".bilagsliste li")
            .Where(li => li.QuerySelector("a") is null && li.ClassName != "bilag-lukket")
            .Select(li => li.QuerySelector(".ikke-digitalt")?.TextContent).ToList();
        Assert.NotEmpty(note);
        Assert.All(note, n =>
            Assert.Equal("Bilaget findes ikke digitalt. Kontakt Fortrolighedskommune for at få det.", n));
        // An attachment with a file has no such note.
        Assert.All(doc.QuerySelectorAll(".bilagsliste li").Where(li => li.QuerySelector("a") is not null),
            li => Assert.Null(li.QuerySelector(".ikke-digitalt")));
    }

    [Fact]
    public void The_contact_from_site_yml_is_named_with_a_mail_link_and_phone()
    {
        var site = Path.Combine(_site.Input, "site.yml");
        var original = File.ReadAllText(site);
        var output = Path.Combine(_site.Dir, "output-kontakt");
        try
        {
            File.WriteAllText(site, original + "kontakt:\n  navn: Borgerservice <b>\n" +
                "  email: borger@fortrolig.example\n  telefon: 89 59 10 00\n");
            var result = _site.Build(output);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var html = File.ReadAllText(Path.Combine(output, "oekonomiudvalget", "2024-06-05", "index.html"));
            var doc = Repo.Parse(html);
            var note = doc.QuerySelector(".ikke-digitalt")!;
            Assert.Equal("Bilaget findes ikke digitalt. Kontakt Borgerservice <b> (borger@fortrolig.example, " +
                "tlf. 89 59 10 00) for at få det.", note.TextContent);
            Assert.Equal("mailto:borger@fortrolig.example", note.QuerySelector("a")!.GetAttribute("href"));
            Assert.Contains("Borgerservice &lt;b&gt;", html); // printed as text, never as markup
        }
        finally { File.WriteAllText(site, original); }
    }
}

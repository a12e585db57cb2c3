using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using SiteGen.Publishing;
using SiteGen.Rendering;

namespace SiteGen.Tests.Rendering;

/// <summary>An archive over three years, built once: case 23/100 is treated in December 2023 and January 2024;
/// case 20/24 (slug "20-24") is hostile to the year pages' addresses; 2022 has more cases than one page holds;
/// a closed item carries case number 23/777 and sentinel words "lkq…".</summary>
public sealed class CaseListSite : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("sitegen-caselist-").FullName;
    public string Output => Path.Combine(Dir, "output");
    public BuildResult Result { get; }

    /// <summary>2022's cases: 26 meetings of 20 items, more than <see cref="Pages.CasesPerPage"/>.</summary>
    public const int Cases2022 = 26 * 20;

    public CaseListSite()
    {
        Write(Dir, "site.yml", Site);
        Write(Dir, "referater/2023/2023-12-06-direktionen.md", Referat("Direktionen", new DateOnly(2023, 12, 6),
            [("23/100", "Vejplan", true), ("23/777", "lkqtitel Fortrolig lkqsag", false),
                ("20/24", "Hostile sag", true)]));
        Write(Dir, "referater/2024/2024-01-10-oekonomiudvalget.md", Referat("Økonomiudvalget",
            new DateOnly(2024, 1, 10), [("23/100", "Vejplan, endelig", true), ("24/1", "Budget", true)]));
        Write(Dir, "referater/2024/2024-02-07-direktionen.md", Referat("Direktionen", new DateOnly(2024, 2, 7),
            [("24/2", "Skolestruktur", true)]));
        for (var i = 0; i < 26; i++)
        {
            var dato = new DateOnly(2022, 1, 5).AddDays(7 * i);
            Write(Dir, $"referater/2022/{dato:yyyy-MM-dd}-direktionen.md", Referat("Direktionen", dato,
                [.. Enumerable.Range(1, 20)
                    .Select(n => ($"22/{1000 + i * 20 + n}", $"Sag nummer {i * 20 + n}", true))]));
        }
        Repo.CopyDir(Repo.Templates, Path.Combine(Dir, "templates"));
        Repo.CopyDir(Repo.Assets, Path.Combine(Dir, "assets"));
        Result = Pipeline.Build(new BuildOptions(Dir, Output, Search: false, Today: new DateOnly(2024, 3, 1)),
            TextWriter.Null);
    }

    public const string Site = """
        titel: Referater fra Testrup Kommune
        kommune: Testrup Kommune
        base_url: https://referater.testrup.example
        udvalg:
          - navn: Direktionen
          - navn: Økonomiudvalget
        """;

    public static void Write(string dir, string relative, string text)
    {
        var full = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, new UTF8Encoding(false));
    }

    /// <summary>A referat with one item per (case number, title, open?).</summary>
    public static string Referat(string udvalg, DateOnly dato, (string Sagsnr, string Titel, bool Open)[] items)
    {
        var s = new StringBuilder().Append(CultureInfo.InvariantCulture, $"""
            ---
            udvalg: {udvalg}
            dato: {dato:yyyy-MM-dd}
            start: "09:00"
            slut: "12:00"
            sted: Mødelokale 250, rådhuset
            medlemmer:
              - Anna Andersen
            punkter:

            """);
        for (var i = 0; i < items.Length; i++)
            s.Append(CultureInfo.InvariantCulture,
                $"  - nr: {i + 1}\n    status: {(items[i].Open ? "åben" : "lukket")}\n" +
                $"    sagsnr: \"{items[i].Sagsnr}\"\n");
        s.Append("---\n");
        for (var i = 0; i < items.Length; i++)
            s.Append(CultureInfo.InvariantCulture, $"\n## {i + 1}. {items[i].Titel}\n\n### Beslutning\n\nGodkendt.\n");
        return s.ToString();
    }

    public IHtmlDocument Page(string relative) => Repo.Parse(File.ReadAllText(Path.Combine(Output, relative)));

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>The case list in pages (issue 18): /sager/ (the newest cases and every year), a page per year of
/// treatment (/sager/2024/), numbered pages for a large year (/sager/2022/side-2/).</summary>
public sealed partial class CaseListTests(CaseListSite site) : IClassFixture<CaseListSite>
{
    [GeneratedRegex(@"lkq|777", RegexOptions.IgnoreCase)]
    private static partial Regex Closed();

    private static List<string?> Cases(IHtmlDocument page) =>
        page.QuerySelectorAll("ul.sagsliste > li > a").Select(a => a.GetAttribute("href")).ToList();

    [Fact]
    public void A_year_page_lists_exactly_the_cases_treated_that_year_latest_treatment_first()
    {
        Assert.True(site.Result.Succeeded, string.Join("\n", site.Result.Diagnostics));
        // 24/2 on 7 February; 23/100 and 24/1 on 10 January, then by number.
        Assert.Equal(["/sager/24-2/", "/sager/23-100/", "/sager/24-1/"], Cases(site.Page("sager/2024/index.html")));
        Assert.Equal(["/sager/20-24/", "/sager/23-100/"], Cases(site.Page("sager/2023/index.html")));
        var page = site.Page("sager/2024/index.html");
        Assert.Equal("Sager behandlet i 2024", page.QuerySelector("main h1")!.TextContent);
        Assert.StartsWith("3 sager blev behandlet på et møde i 2024",
            page.QuerySelector("main .indledning")!.TextContent);
    }

    [Fact]
    public void A_case_treated_in_two_years_is_under_both_with_that_years_latest_treatment()
    {
        var in2023 = site.Page("sager/2023/index.html").QuerySelector("a[href='/sager/23-100/']")!.ParentElement!;
        var in2024 = site.Page("sager/2024/index.html").QuerySelector("a[href='/sager/23-100/']")!.ParentElement!;
        // The title is the case's (its latest item's) on both; the date is the year's own latest treatment.
        Assert.Contains("Vejplan, endelig", in2023.TextContent);
        Assert.Equal("2023-12-06", in2023.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Contains("Senest i 2023: Direktionen", in2023.TextContent);
        Assert.Contains("1 af 2 behandlinger i 2023", in2023.TextContent);
        Assert.Equal("2024-01-10", in2024.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Contains("1 af 2 behandlinger i 2024", in2024.TextContent);
    }

    [Fact]
    public void Every_page_of_the_list_links_every_year_newest_first_and_marks_the_current_one()
    {
        foreach (var (path, current, value) in new[]
                 {
                     ("sager/index.html", null, null), ("sager/2024/index.html", "/sager/2024/", "page"),
                     ("sager/2022/index.html", "/sager/2022/", "page"),
                     ("sager/2022/side-2/index.html", "/sager/2022/", "true"),
                 })
        {
            var nav = site.Page(path).QuerySelector("main nav.aarsnav")!;
            var heading = site.Page(path).GetElementById(nav.GetAttribute("aria-labelledby")!)!;
            Assert.Equal("Sager efter år", heading.TextContent);
            Assert.Equal(["/sager/2024/", "/sager/2023/", "/sager/2022/"],
                nav.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
            Assert.Contains($"({CaseListSite.Cases2022} sager)", nav.TextContent);
            var marked = nav.QuerySelectorAll("a[aria-current]").ToList();
            if (current is null) Assert.Empty(marked);
            else
            {
                Assert.Equal(current, Assert.Single(marked).GetAttribute("href"));
                Assert.Equal(value, marked[0].GetAttribute("aria-current"));
            }
        }
    }

    [Fact]
    public void The_entry_page_stays_at_sager_with_the_newest_cases_and_the_menu_links_there()
    {
        var page = site.Page("sager/index.html");
        var cases = Cases(page);
        Assert.Equal(Pages.NewestOnCaseList, cases.Count);
        Assert.Equal(["/sager/24-2/", "/sager/23-100/", "/sager/24-1/", "/sager/20-24/"], cases.Take(4));
        Assert.NotNull(page.QuerySelector("main a[href='/data/sager.json']"));
        Assert.NotNull(site.Page("index.html").QuerySelector("header a[href='/sager/']"));
        Assert.Equal("/sager/", site.Page("sager/24-2/index.html").QuerySelector("nav.broedkrumme a[href^='/sager/']")!
            .GetAttribute("href"));
    }

    [Fact]
    public void A_large_year_has_numbered_pages_that_together_hold_each_of_its_cases_once()
    {
        var first = site.Page("sager/2022/index.html");
        var second = site.Page("sager/2022/side-2/index.html");
        Assert.Equal(Pages.CasesPerPage, Cases(first).Count);
        var all = Cases(first).Concat(Cases(second)).ToList();
        Assert.Equal(CaseListSite.Cases2022, all.Distinct().Count());
        Assert.Equal(CaseListSite.Cases2022, all.Count);
        // Latest treatment first: the dates never rise down the list.
        var dates = new[] { first, second }.SelectMany(p => p.QuerySelectorAll("ul.sagsliste time"))
            .Select(t => t.GetAttribute("datetime")!).ToList();
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
        Assert.False(Directory.Exists(Path.Combine(site.Output, "sager", "2022", "side-3")));
        Assert.False(Directory.Exists(Path.Combine(site.Output, "sager", "2024", "side-2")));

        var nav = second.QuerySelector("main nav.sidenav")!;
        Assert.Equal("Sider i 2022", nav.GetAttribute("aria-label"));
        Assert.Equal("/sager/2022/side-2/", nav.QuerySelector("a[aria-current=page]")!.GetAttribute("href"));
        Assert.Equal("Side 2", nav.QuerySelector("a[aria-current=page]")!.TextContent);
        Assert.Equal("/sager/2022/", nav.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Null(nav.QuerySelector("a[rel=next]"));
        Assert.Equal("/sager/2022/side-2/", first.QuerySelector("main nav.sidenav a[rel=next]")!.GetAttribute("href"));
        Assert.Contains("side 2 af 2", second.Title);
        Assert.Equal($"Sag 501–{CaseListSite.Cases2022} af {CaseListSite.Cases2022}",
            second.GetElementById("sagerne")!.TextContent);
        // A year on one page has no page navigation.
        Assert.Null(site.Page("sager/2024/index.html").QuerySelector("nav.sidenav"));
    }

    [Fact]
    public void A_case_number_that_reads_like_a_year_keeps_its_own_page_beside_the_year_pages()
    {
        // 20/24 → /sager/20-24/: a case's slug always has a '-', a year page never does.
        Assert.StartsWith("Sag 20/24:", site.Page("sager/20-24/index.html").QuerySelector("main h1")!.TextContent);
        Assert.Equal("Sager behandlet i 2024",
            site.Page("sager/2024/index.html").QuerySelector("main h1")!.TextContent);
        Assert.Equal("/sager/2024/", Urls.SagerAar(2024));
        Assert.NotEqual(Urls.Sag(Urls.SagSlug("20/24")), Urls.SagerAar(2024));
        Assert.DoesNotContain('-', Urls.SagerAar(2024)[Urls.Sager.Length..]);
    }

    [Fact]
    public void No_closed_case_number_or_title_on_any_page_of_the_case_list()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(site.Output, "sager"), "index.html",
            SearchOption.AllDirectories).ToList();
        Assert.True(pages.Count > 5);
        foreach (var file in pages) Assert.DoesNotMatch(Closed(), File.ReadAllText(file));
        Assert.False(Directory.Exists(Path.Combine(site.Output, "sager", "23-777")));
    }

    [Fact]
    public void An_empty_archive_has_the_entry_page_only_and_says_so()
    {
        var dir = Directory.CreateTempSubdirectory("sitegen-caselist-empty-").FullName;
        try
        {
            CaseListSite.Write(dir, "site.yml", CaseListSite.Site);
            Directory.CreateDirectory(Path.Combine(dir, "referater"));
            Repo.CopyDir(Repo.Templates, Path.Combine(dir, "templates"));
            Repo.CopyDir(Repo.Assets, Path.Combine(dir, "assets"));
            var output = Path.Combine(dir, "output");
            var result = Pipeline.Build(new BuildOptions(dir, output, Search: false), TextWriter.Null);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            Assert.Equal(["index.html"], Directory.EnumerateFileSystemEntries(Path.Combine(output, "sager"))
                .Select(Path.GetFileName));
            var page = Repo.Parse(File.ReadAllText(Path.Combine(output, "sager", "index.html")));
            Assert.Contains("Der er endnu ingen sager med sagsnummer.", page.QuerySelector("main")!.TextContent);
            Assert.Null(page.QuerySelector("main nav"));
            Assert.Null(page.QuerySelector("ul.sagsliste"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

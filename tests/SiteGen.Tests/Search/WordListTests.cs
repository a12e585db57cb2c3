using SiteGen.Search;

namespace SiteGen.Tests.Search;

/// <summary>The word list ("Mente du …?") counts the words of the meeting pages' indexed text with a one-pass scanner
/// (<see cref="WordList.Count"/>). It must give exactly the words that the regular expressions it replaced give
/// (<see cref="WordList.IndexedText"/> and <see cref="WordList.Words"/>): what Pagefind indexes, nothing hidden.
/// </summary>
public sealed class WordListTests
{
    private static Dictionary<string, int> Scanned(string html)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        WordList.Count(html, counts);
        return counts;
    }

    private static Dictionary<string, int> ByExpressions(string html) =>
        WordList.Words(WordList.IndexedText(html)).GroupBy(w => w, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static void AssertSame(string html) =>
        Assert.Equal(ByExpressions(html).OrderBy(kv => kv.Key, StringComparer.Ordinal),
            Scanned(html).OrderBy(kv => kv.Key, StringComparer.Ordinal));

    private const string Page =
        "<html><body><main><article class=\"m\" data-pagefind-body data-aar=\"2024\">{0}</article>"
        + "<footer>sidefod udenfor</footer></main></body></html>";

    [Theory]
    [InlineData("<p>Byrådet vedtog budgettet for Ærø og Åbenrå</p>")]
    [InlineData("<dl><dt data-pagefind-ignore>Skjult etiket</dt><dd>Synlig værdi</dd></dl>")]
    [InlineData("<p data-pagefind-ignore>skjult <b>fed</b> tekst</p> synlig")]
    [InlineData("<nav data-pagefind-ignore aria-label=\"Punkter\"><a href=\"#p1\">punktliste</a></nav>efter")]
    [InlineData("<span data-pagefind-ignore>uden slutmærke synlig")] // no end tag: nothing is ignored
    [InlineData("<p data-pagefind-ignore>indre <p>afsnit</p> resten</p> ude")] // lazy: the first </p> ends it
    [InlineData("<pre data-pagefind-ignore>kode</prefix> </pre> efter")] // </prefix> is not </pre>
    [InlineData("<p data-pagefind-ignore>mellemrum</p   > efter")]
    [InlineData("<p data-pagefind-ignore>stort</P> slutmærke</p> efter")] // names are case-sensitive
    [InlineData("<P data-pagefind-ignore>stort</p> navn</P> efter")]
    [InlineData("<p data-pagefind-ignored>ikke ignoreret</p>")] // \b: "ignored" is another attribute
    [InlineData("<p xdata-pagefind-ignore>heller ikke</p>")]
    [InlineData("<p title=\"data-pagefind-ignore\">værdien tæller</p> efter")]
    [InlineData("<p data-pagefind-ignore=\"all\">med værdi</p> efter")]
    [InlineData("<p data-pagefind-ignore-x>bindestreg</p> efter")]
    [InlineData("<data-pagefind-ignore>navnet selv</data-pagefind-ignore> efter")]
    [InlineData("<p\ndata-pagefind-ignore\n>linjeskift</p\n> efter")]
    [InlineData("<_x data-pagefind-ignore>understreg</_x> efter")]
    [InlineData("<h2 data-pagefind-ignore>a > b</h2> efter")] // '>' in text ends nothing
    [InlineData("tekst < ikke et mærke > mere tekst")]
    [InlineData("uafsluttet < mærke uden ende")]
    [InlineData("&aelig;ble Gr&oslash;nland &#229;bent &#xE6;g &amp;amp; &lt;b&gt;fed&lt;/b&gt; &nbsp;ord")]
    [InlineData("&oslash<b>x</b>; &gr<i>ø</i>n; &#2<b>29;")] // an entity cannot span a tag
    [InlineData("&unknown; &#xZZ; &#99999999; & alene &;")]
    [InlineData("<p>ab abc abcdefghijklmnopqrstuvwxyzabcdefghijklmn abcdefghijklmnopqrstuvwxyzabcdefghijklmno</p>")]
    [InlineData("tal 2024 og sag 24-7615 og ord3ord og Ǆemal ÉTÉ İstanbul straße ΑΒΓ")]
    [InlineData("emoji 😀😀😀 𝐀𝐁𝐂 matematisk og \u0000nul\u0001tegn\u200Bskjult")]
    [InlineData("<øl data-pagefind-ignore>ikke-ASCII navn</øl> efter")] // the regular expressions decide
    [InlineData("<p data-pagefind-ignore>x</pø> efter</p> slut")]
    [InlineData("<p data-pagefind-ignore>x</p\u00A0> efter</p> slut")]
    [InlineData("<pæ data-pagefind-ignore>x</pæ> efter")]
    [InlineData("<p\u00E6data-pagefind-ignore>x</p> efter")]
    [InlineData("<p data-pagefind-ignoreø>x</p> efter")]
    [InlineData("")]
    public void Counts_exactly_the_words_the_regular_expressions_find(string body)
    {
        AssertSame(string.Format(Page, body));
    }

    [Theory]
    [InlineData("<article>ingen krop</article>")]
    [InlineData("<article data-pagefind-body>ingen slutmærke")]
    [InlineData("</article><article data-pagefind-body>slut før start")]
    [InlineData("<article data-pagefind-body>første</article> midt <article>anden</article>")]
    public void A_page_without_an_indexed_part_has_the_words_the_regular_expressions_find(string html)
    {
        AssertSame(html);
    }

    [Fact]
    public void Random_markup_of_tags_entities_and_letters_gives_the_same_words()
    {
        string[] pieces =
        [
            "<p>", "</p>", "<p data-pagefind-ignore>", "<span data-pagefind-ignore class=\"x\">", "</span>", "</p >",
            "<b>", "</b>", "<", ">", "&", ";", "&amp;", "&oslash;", "&#229;", "&#x", "æble", "Ørsted", "byråd", "ab",
            "abc", " ", "\n", "-", "data-pagefind-ignore", "\"", "=", "p", "span", "</", "ÆØÅ", "x", "2024", "é",
            "<dt data-pagefind-ignore>", "</dt>", "<dd>", "</dd>", "<br>", "<!-- kommentar -->", "<h2 id=\"a\">",
        ];
        var random = new Random(18);
        for (var n = 0; n < 3000; n++)
        {
            var parts = Enumerable.Range(0, random.Next(1, 60)).Select(_ => pieces[random.Next(pieces.Length)]);
            AssertSame(string.Format(Page, string.Concat(parts)));
        }
    }

    [Fact]
    public void Every_meeting_page_of_the_sample_site_gives_the_same_words()
    {
        var output = Path.Combine(Path.GetTempPath(), "sitegen-words-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = Pipeline.Build(new BuildOptions(TestPaths.SampleInput, output, Search: false),
                TextWriter.Null);
            Assert.True(result.Succeeded);
            var pages = Directory.EnumerateFiles(output, "index.html", SearchOption.AllDirectories)
                .Select(File.ReadAllText).Where(html => html.Contains("data-pagefind-body", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(pages);
            foreach (var html in pages)
            {
                Assert.NotEmpty(Scanned(html));
                AssertSame(html);
            }
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void The_body_elements_own_attributes_are_not_words()
    {
        // A citizen who mistypes "dato" must not be offered "data" or "pagefind": they are markup of every page.
        var html = string.Format(Page, "<p>Referat om skolerne</p>");
        var words = Scanned(html);
        Assert.Equal(new[] { "referat", "skolerne" }, words.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ByExpressions(html).Keys.Order(StringComparer.Ordinal), words.Keys.Order(StringComparer.Ordinal));
    }
}

using SiteGen.Rendering;
using SiteGen.Validation;

namespace SiteGen.Tests.Rendering;

/// <summary>The sanitiser's fast path (Markdown without raw HTML, no AngleSharp) must give exactly the bytes the
/// full sanitiser gives: a page must not change when a section takes the other path.</summary>
public class SafeMarkdownFastPathTests
{
    public static TheoryData<string> Tricky => new()
    {
        // links and their schemes
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x]( javascript:alert(1))",
        "[x](java%0Ascript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript&colon;alert(1))",
        "[x](jav&#x09;ascript:alert(1))",
        "[x](java&#10;script:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](VBScript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](DATA:text/html,x)",
        "[x](file:///etc/passwd)",
        "[x](ftp://example.dk/)",
        "[x](//evil.example/)",
        "[x](https://example.dk/a?b=1&c=2#d \"titel\")",
        "[x](http://example.dk/æøå sti)",
        "[x](<http://example.dk/med mellemrum>)",
        "[x](mailto:post@example.dk)",
        "[x](MAILTO:post@example.dk)",
        "[x](tel:+4512345678)",
        "[x](/direktionen/2024-01-01/#punkt-1)",
        "[x](punkt-1/ 'enkelt')",
        "[x](?q=1:2)",
        "[x](a:b/c)",
        "[x](./a:b)",
        "[x](#anker:med:kolon)",
        "[x](https://example.dk/\"><script>alert(1)</script>)",
        "[x](https://example.dk/%22%3E)",
        "[x]()",
        "[](https://example.dk/)",
        "[**fed** og `kode`](https://example.dk/)",
        "[x](https://example.dk/&amp;&lt;&quot;)",
        "[x](https://example.dk/\u00A0nbsp)",
        "[link [med] klammer](/a)",
        "[ydre [indre](/i)](/y)",
        "[![billede](/b.png)](/a)",
        "[x](javascript:alert(1) \"titel\")",
        "[x](a>b)",
        "[x](/sti?a=<b>&c=\"d\")",
        "[x](https://example.dk/a\"b)",
        "[x](https://example.dk/~!$'()*+,;=:@/?`^{}|)",
        "[x](https://example.dk/\\<\\>)",
        // autolinks
        "<https://example.dk/>",
        "<HTTPS://EXAMPLE.DK/>",
        "<javascript:alert(1)>",
        "<mailto:post@example.dk>",
        "<post@example.dk>",
        "<http://example.dk/a&b>",
        "<irc://foo.bar:2233/baz>",
        "<a+b+c:d>",
        "<http://example.dk/\\[\\>",
        "www.example.dk er ikke et link uden udvidelse",
        // images
        "![alt tekst](/billede.png)",
        "![](/billede.png)",
        "![alt med **fed** og <tegn> & \"citat\"](/b.png \"titel\")",
        "![x](javascript:alert(1))",
        "![x](data:image/png;base64,AAAA)",
        "Tekst ![indlejret](x.png) mere",
        "![a<b>c & d\u00A0e](/i.png)",
        "![a \\<b\\> c & d\u00A0e \"f\"](/i.png)",
        "![ref][b]\n\n[b]: /b.png",
        // code
        "`<script>alert(1)</script>`",
        "``kode med ` backtick``",
        "`a & b < c > d \"e\"`",
        "    indrykket <kode>\n    linje 2 &amp;",
        "```html\n<script>alert(1)</script>\n```",
        "```\n\n\nstart med tomme linjer\n```",
        "~~~ js\nx < y && y > z\n~~~",
        "```\n```",
        "- liste\n\n  ```\n  kode i liste\n  ```",
        // entities and escapes
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&amp; &copy; &nbsp; &AElig; &#35; &#x22; &#0; &#13; &bogus; & ;",
        "5 < 6 & 7 > 3 \"citat\" 'enkelt'",
        "\\<script\\> \\& \\* \\_ \\\\",
        "Hårde&nbsp;mellemrum\u00A0og\u2028linjeskift",
        "&quot;citat&quot; og &apos;apostrof&apos;",
        "&#106;avascript:alert(1)",
        // headings
        "# En\n## To\n### Tre\n#### Fire\n##### Fem\n###### Seks",
        "Setext 1\n========\n\nSetext 2\n--------",
        "#Ikke en overskrift",
        "# Overskrift med `kode` og [link](/a) #",
        "#",
        "### ",
        // breaks and paragraphs
        "Linje med hårdt skift  \nnæste linje",
        "Linje med backslash\\\nnæste",
        "Blødt\nskift",
        "Afsnit 1\n\n\n\nAfsnit 2",
        "  indrykket afsnit",
        "\n\n\n",
        "",
        "tekst med \t tab",
        "Linje med CRLF\r\nnæste\r\n\r\nAfsnit",
        "Null \0 tegn",
        // emphasis
        "*kursiv* **fed** ***begge*** _kursiv_ __fed__",
        "**fed *indlejret kursiv* fed**",
        "*ikke lukket **fed*",
        "a*b*c a_b_c __a__b",
        "** ikke fed **",
        "*a **b** c*",
        "***a** b*",
        // lists
        "- a\n- b\n  - c\n    - d\n- e",
        "1. et\n2. to\n3. tre",
        "3. starter ved tre\n4. fire",
        "1) parentes\n2) to",
        "- løs\n\n- liste",
        "- a\n\n  afsnit i punkt\n- b",
        "* stjerne\n+ plus\n- minus",
        "-\n  tomt første\n- b",
        "- [ ] ikke en opgave uden udvidelse",
        "1. a\n   1. indlejret\n   2. to\n2. b",
        "- > citat i liste",
        "- # overskrift i liste",
        // blocks
        "> citat\n> **fed**\n>\n> > indlejret",
        "---\n***\n___",
        "tekst\n---",
        "Afsnit\n\n    kode\n\nAfsnit",
        // tables
        "| A | B |\n|---|---|\n| 1 | 2 |",
        "| Venstre | Midt | Højre | Ingen |\n|:--|:-:|--:|---|\n| a | b | c | d |",
        "| A |\n|---|",
        "| A | B |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |",
        "A | B\n--|--\n1 | 2",
        "| **fed** | `a|b` | [l](https://example.dk/) |\n|---|---|---|\n| <x> | &amp; | ![i](/i.png) |",
        "| x |\n|---|\n| [bad](javascript:alert(1)) |",
        "- | A | B |\n  |---|---|\n  | 1 | 2 |",
        "> | A |\n> |---|\n> | 1 |",
        "| A | B |\n|---|---|\n| 1 | 2 |\nefter tabellen",
        "|A|\n|-|\n|\\|pipe|",
        // reference links
        "[ref] og [anden ref][r2] og [r3][]\n\n[ref]: https://example.dk/ \"titel\"\n[r2]: javascript:alert(1)\n[r3]: </sti med mellemrum>",
        "[x][ukendt]",
        "[REF]\n\n[ref]: /lille",
        // mixed, realistic
        "Direktionen **godkendte** indstillingen.\n\nSe [bilag 1](/bilag/1.pdf) og <https://www.norddjurs.dk/>.\n\n| Post | Beløb |\n|:--|--:|\n| Drift | 1.000 kr. |",
        "Sagsfremstilling: Kommunen har modtaget 3 ansøgninger.\n\n1. Ansøgning A\n2. Ansøgning B\n\nØkonomi: 12.500 kr. (ekskl. moms)",
    };

    [Theory]
    [MemberData(nameof(Tricky))]
    public void Fast_path_equals_the_full_sanitiser_on_tricky_markdown(string markdown) => AssertSame(markdown);

    [Theory]
    [MemberData(nameof(SafeMarkdownTests.Attacks), MemberType = typeof(SafeMarkdownTests))]
    public void Fast_path_equals_the_full_sanitiser_on_the_attacks(string markdown) => AssertSame(markdown);

    [Fact]
    public void Fast_path_equals_the_full_sanitiser_on_every_section_of_the_sample_input_and_the_fixtures()
    {
        var dirs = new[] { TestPaths.SampleInput }
            .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "tests/SiteGen.Tests/Fixtures"), "site.yml", SearchOption.AllDirectories)
                .Select(Path.GetDirectoryName).OfType<string>())
            .ToList();
        var markdown = new List<string>();
        foreach (var dir in dirs)
        {
            foreach (var r in Validator.Run(dir).Referater)
                foreach (var p in r.Punkter)
                {
                    markdown.AddRange(p.Sektioner.Select(s => s.Markdown));
                    if (p.OffentligBeslutning is not null) markdown.Add(p.OffentligBeslutning);
                }
            // Whole files too (front matter and all): more shapes, including ones validation rejects.
            markdown.AddRange(Directory.EnumerateFiles(dir, "*.md", SearchOption.AllDirectories).Select(File.ReadAllText));
        }
        Assert.True(markdown.Count > 100, $"only {markdown.Count} texts found");

        var fast = 0;
        foreach (var md in markdown.Distinct(StringComparer.Ordinal))
            if (AssertSame(md)) fast++;
        // The fast path must actually carry the ordinary sections, or this test proves nothing.
        Assert.True(fast * 2 > markdown.Distinct(StringComparer.Ordinal).Count(), $"fast path taken for only {fast} of {markdown.Count}");
    }

    [Fact]
    public void Ordinary_sections_take_the_fast_path_and_raw_html_does_not()
    {
        Assert.NotNull(SafeMarkdown.ToHtmlFastPath("Et **afsnit** med [link](https://example.dk/).\n\n- a\n- b", 3));
        Assert.NotNull(SafeMarkdown.ToHtmlFastPath("| A | B |\n|:-|-:|\n| 1 | 2 |", 3));
        Assert.NotNull(SafeMarkdown.ToHtmlFastPath("[x](javascript:alert(1)) ![billede](/b.png) `<kode>`", 3));
        Assert.Null(SafeMarkdown.ToHtmlFastPath("Tekst <b>fed</b>", 3));
        Assert.Null(SafeMarkdown.ToHtmlFastPath("<div>\nblok\n</div>", 3));
        Assert.Null(SafeMarkdown.ToHtmlFastPath("Tekst <!-- kommentar -->", 3));
    }

    /// <returns>whether the fast path took <paramref name="markdown"/></returns>
    private static bool AssertSame(string markdown)
    {
        var taken = false;
        foreach (var level in (int[])[2, 3, 5])
        {
            var full = SafeMarkdown.ToHtmlThroughSanitizer(markdown, level);
            Assert.Equal(full, SafeMarkdown.ToHtml(markdown, level));
            if (SafeMarkdown.ToHtmlFastPath(markdown, level) is { } fast)
            {
                Assert.Equal(full, fast);
                taken = true;
            }
        }
        return taken;
    }
}

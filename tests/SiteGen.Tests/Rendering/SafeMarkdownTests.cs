using AngleSharp.Dom;
using SiteGen.Rendering;

namespace SiteGen.Tests.Rendering;

public class SafeMarkdownTests
{
    public static TheoryData<string> Attacks => new()
    {
        "<script>alert(1)</script>",
        "Tekst <script type=\"text/javascript\">alert(1)</script> mere",
        "<img src=x onerror=alert(1)>",
        "<p onclick=\"alert(1)\">klik</p>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1))",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"&#x6A;&#x61;vascript&colon;alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\"java&#10;script:alert(1)\">x</a>",
        "<a href=\" \u0001javascript:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<object data=\"x.swf\"><param name=a value=b></object>",
        "<embed src=\"x.swf\">",
        "<style>body{display:none}</style>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<svg onload=alert(1)><circle r=1 /></svg>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<form action=\"https://evil.example\"><input name=q><button>Send</button></form>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<a href=\"https://ok.example\" onmouseover=\"alert(1)\" style=\"color:red\">ok</a>",
        "<scr<script>ipt>alert(1)</script>",
        "<base href=\"javascript:/\"><a href=\"x\">x</a>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<details open ontoggle=alert(1)>x</details>",
        "<table><tr><td background=\"javascript:alert(1)\" onclick=\"x()\">c</td></tr></table>",
        "<!-- <script>alert(1)</script> -->",
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Nothing_executable_survives(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);
        var doc = Repo.Parse($"<!DOCTYPE html><html><body>{html}</body></html>");
        var all = doc.Body!.QuerySelectorAll("*");

        Assert.Empty(doc.Body.QuerySelectorAll("script, iframe, object, embed, style, svg, math, form, input, base, meta, img, param, details"));
        Assert.DoesNotContain(all, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(all, e => e.HasAttribute("style") || e.HasAttribute("src") || e.HasAttribute("background"));
        foreach (var a in all.Where(e => e.HasAttribute("href")))
        {
            var href = new string(a.GetAttribute("href")!.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
            Assert.Matches("^(https?:|mailto:|[^:]*$)", href.ToLowerInvariant());
        }
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Script_style_and_iframe_content_is_dropped_but_unknown_wrappers_keep_their_text()
    {
        var html = SafeMarkdown.ToHtml("<div>Synlig <span class=\"x\">tekst</span><script>skjult()</script><style>.skjult{}</style></div>");
        Assert.Contains("Synlig tekst", html);
        Assert.DoesNotContain("skjult", html);
        Assert.DoesNotContain("<div", html);
        Assert.DoesNotContain("<span", html);
    }

    [Fact]
    public void Ordinary_markdown_is_kept()
    {
        var html = SafeMarkdown.ToHtml("Et **vigtigt** og *fremhævet* ord med <sup>2</sup>.\n\n1. et\n2. to\n\n> citat\n\n`kode`\n\n---\n\n[mail](mailto:post@example.dk) [side](/direktionen/) [anker](#punkt-1)");
        var doc = Repo.Parse(html);
        Assert.Equal("vigtigt", doc.QuerySelector("strong")!.TextContent);
        Assert.Equal("fremhævet", doc.QuerySelector("em")!.TextContent);
        Assert.NotNull(doc.QuerySelector("sup"));
        Assert.Equal(2, doc.QuerySelectorAll("ol > li").Length);
        Assert.NotNull(doc.QuerySelector("blockquote"));
        Assert.NotNull(doc.QuerySelector("code"));
        Assert.NotNull(doc.QuerySelector("hr"));
        Assert.Equal(["mailto:post@example.dk", "/direktionen/", "#punkt-1"], doc.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.All(doc.QuerySelectorAll("a"), a => Assert.Null(a.GetAttribute("rel")));
    }

    [Fact]
    public void External_links_get_rel_noopener()
    {
        var a = Repo.Parse(SafeMarkdown.ToHtml("[Norddjurs](https://www.norddjurs.dk/) og <http://example.dk>")).QuerySelectorAll("a");
        Assert.All(a, x => Assert.Equal("noopener", x.GetAttribute("rel")));
        Assert.Equal("https://www.norddjurs.dk/", a[0].GetAttribute("href"));
    }

    [Theory]
    [InlineData("# En", "h4")]
    [InlineData("## To", "h4")]
    [InlineData("### Tre", "h4")]
    [InlineData("#### Fire", "h4")]
    [InlineData("##### Fem", "h5")]
    [InlineData("<h1>Rå</h1>", "h4")]
    public void Content_headings_stay_below_the_page_outline(string markdown, string expected)
    {
        var html = SafeMarkdown.ToHtml(markdown);
        Assert.StartsWith($"<{expected}>", html);
    }

    [Fact]
    public void Under_an_h2_section_content_headings_start_at_h3()
    {
        Assert.StartsWith("<h3>", SafeMarkdown.ToHtml("#### Fire", sectionLevel: 2));
        Assert.StartsWith("<h4>", SafeMarkdown.ToHtml("##### Fem", sectionLevel: 2));
    }

    [Fact]
    public void Tables_scroll_in_a_labelled_focusable_region_and_keep_alignment_and_spans()
    {
        var doc = Repo.Parse(SafeMarkdown.ToHtml("| A | B |\n|:--|--:|\n| 1 | 2 |\n\n<table><tr><td colspan=\"2\" rowspan=\"x\" align=\"center\">c</td></tr></table>"));
        var wrappers = doc.QuerySelectorAll("div.tabel");
        Assert.Equal(2, wrappers.Length);
        Assert.All(wrappers, w =>
        {
            Assert.Equal("region", w.GetAttribute("role"));
            Assert.Equal("0", w.GetAttribute("tabindex"));
            Assert.False(string.IsNullOrEmpty(w.GetAttribute("aria-label")));
        });
        Assert.Equal("tekst-hoejre", doc.QuerySelectorAll("td")[1].GetAttribute("class"));
        var td = doc.QuerySelectorAll("td")[2];
        Assert.Equal("2", td.GetAttribute("colspan"));
        Assert.Null(td.GetAttribute("rowspan"));
        Assert.Null(td.GetAttribute("align")); // obsolete in HTML: becomes a class
        Assert.Equal("tekst-centreret", td.GetAttribute("class"));
    }

    [Fact]
    public void Text_that_looks_like_markup_is_escaped_not_interpreted()
    {
        var html = SafeMarkdown.ToHtml("5 < 6 & \"citat\" `<script>`");
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;", html);
    }
}

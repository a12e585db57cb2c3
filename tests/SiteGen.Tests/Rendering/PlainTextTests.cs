using SiteGen.Rendering;

namespace SiteGen.Tests.Rendering;

/// <summary>The plain text of published HTML (open data's "tekst" and "resolutionText"): what a reader of the
/// page sees, laid out as text, and nothing the page hides.</summary>
public sealed class PlainTextTests
{
    private static string Text(string markdown) => PlainText.FromSafeHtml(SafeMarkdown.ToHtml(markdown));

    [Fact]
    public void Paragraphs_headings_lists_and_tables_are_laid_out_as_text()
    {
        Assert.Equal("Første afsnit over to linjer.\n\nOverskrift\n\nAndet afsnit.",
            Text("Første afsnit\nover to linjer.\n\n## Overskrift\n\nAndet afsnit."));
        Assert.Equal("- en\n- to\n  - under\n- tre\n\n1. første\n2. anden",
            Text("- en\n- to\n  - under\n- tre\n\n1. første\n2. anden"));
        Assert.Equal("Post | Beløb\nDrift | 1.000\nAnlæg |", Text("| Post | Beløb |\n|---|--:|\n| Drift | 1.000 |\n| Anlæg | |"));
        Assert.Equal("Linje et\nLinje to", Text("Linje et  \nLinje to"));
    }

    [Fact]
    public void Links_emphasis_and_images_become_the_text_the_page_shows()
    {
        Assert.Equal("Se hjemmesiden og kortet, fed og kursiv.",
            Text("Se [hjemmesiden](https://e.dk \"titel\") og ![kortet](https://e.dk/kort.png), **fed** og *kursiv*."));
    }

    [Fact]
    public void Entities_are_decoded_and_code_keeps_its_layout()
    {
        Assert.Equal("a < b & c > d \"citat\"", Text("a < b & c > d \"citat\""));
        Assert.Equal("Kode:\n\nif (a < b)\n    x();", Text("Kode:\n\n```\nif (a < b)\n    x();\n```"));
    }

    [Fact]
    public void Nothing_the_page_drops_is_in_the_text()
    {
        var text = Text("Synlig <!-- skjult1 --> tekst <span title=\"skjult2\">her</span>.\n\n<script>skjult3()</script>\n\n"
                        + "<style>skjult4{}</style>\n\n<img src=\"https://e.dk/skjult5.png\">");
        Assert.Equal("Synlig tekst her.", text);
    }

    [Fact]
    public void Deeply_nested_lists_give_text_of_about_their_own_size()
    {
        const int depth = 20_000;
        var html = string.Concat(Enumerable.Repeat("<ul><li>x", depth)) + string.Concat(Enumerable.Repeat("</li></ul>", depth));
        var text = PlainText.FromSafeHtml(html);
        Assert.Equal(depth, text.Split('\n').Length);
        Assert.True(text.Length < 2 * html.Length, $"{text.Length} chars of text from {html.Length} of HTML");
        Assert.EndsWith("\n                - x", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_and_malformed_html_give_no_exception()
    {
        Assert.Equal("", PlainText.FromSafeHtml(""));
        Assert.Equal("", PlainText.FromSafeHtml("<p></p>\n<ul>\n<li></li>\n</ul>"));
        Assert.Equal("tekst", PlainText.FromSafeHtml("tekst<a href=\"x>y"));
        Assert.Equal("a > b", PlainText.FromSafeHtml("<p><a href=\"/x?a>b\">a &gt; b</a></p>"));
    }
}

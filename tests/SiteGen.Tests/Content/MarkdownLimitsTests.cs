using SiteGen.Content;

namespace SiteGen.Tests.Content;

/// <summary>Text past the limits is found in one linear pass, before Markdig reads it.</summary>
public class MarkdownLimitsTests
{
    private static string Repeat(string piece, int times) => string.Concat(Enumerable.Repeat(piece, times));

    [Fact]
    public void Html_nested_past_the_limit_is_found_at_the_first_element_past_it()
    {
        var problem = Assert.IsType<MarkdownLimits.Problem>(MarkdownLimits.Check("Tekst\n\n" + Repeat("<div>", 40_000)));
        Assert.Equal((MarkdownLimits.Kind.HtmlTooDeep, 7 + 5 * MarkdownLimits.MaxHtmlDepth), (problem.Kind, problem.Offset));
    }

    [Theory]
    // closed elements, void elements, self-closing tags, repeated <p>/<li> and stray end tags do not add up
    [InlineData("<div>x</div>", 5000)]
    [InlineData("<br><img src=x><hr/>", 5000)]
    [InlineData("<p>a", 5000)]
    [InlineData("<ul><li>a<li>b</ul>", 3000)]
    [InlineData("</div></span>", 5000)]
    [InlineData("a < b > c <", 5000)]
    public void Html_that_does_not_nest_deeply_passes(string piece, int times) =>
        Assert.Null(MarkdownLimits.Check(Repeat(piece, times)));

    [Fact]
    public void Html_at_the_limit_passes()
    {
        var n = MarkdownLimits.MaxHtmlDepth;
        Assert.Null(MarkdownLimits.Check(Repeat("<div>", n) + "x" + Repeat("</div>", n)));
    }

    [Fact]
    public void Many_link_starts_in_one_paragraph_are_found_but_not_across_paragraphs()
    {
        var problem = Assert.IsType<MarkdownLimits.Problem>(MarkdownLimits.Check(Repeat("[a](", 75_000)));
        Assert.Equal((MarkdownLimits.Kind.TooManyLinks, 4 * MarkdownLimits.MaxLinksPerParagraph + 2),
            (problem.Kind, problem.Offset));
        Assert.NotNull(MarkdownLimits.Check(Repeat("[a](x (\n", 1000)));
        Assert.Null(MarkdownLimits.Check(Repeat("Se [bilag](https://x.dk/a) og [b](c).\n\n", 5000)));
    }

    /// <summary>Markdig scans the rest of the paragraph for the end of each HTML comment or declaration: before this
    /// limit, 1 MB of "&lt;!--" took 40 s to build.</summary>
    [Theory]
    [InlineData("<!--")]
    [InlineData("<!DOCTYPE ")]
    [InlineData("<?php ")]
    [InlineData("<![CDATA[")]
    public void Many_html_comment_starts_in_one_paragraph_are_found(string piece)
    {
        var problem = Assert.IsType<MarkdownLimits.Problem>(MarkdownLimits.Check(Repeat(piece, 250_000)));
        Assert.Equal((MarkdownLimits.Kind.TooManyLinks, piece.Length * MarkdownLimits.MaxLinksPerParagraph),
            (problem.Kind, problem.Offset));
        Assert.Null(MarkdownLimits.Check(Repeat("Tekst <!-- note --> mere.\n\n", 5000)));
    }
}

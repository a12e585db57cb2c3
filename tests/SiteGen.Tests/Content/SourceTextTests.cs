using System.Text;
using SiteGen.Content;

namespace SiteGen.Tests.Content;

public class SourceTextTests
{
    [Fact]
    public void Strict_utf8_reports_line_and_column_of_the_first_bad_byte()
    {
        byte[] bytes = [.. "ab\nøx"u8, 0xC3, 0x28, .. "\n"u8];
        var bad = Assert.IsType<DecodeResult.NotUtf8>(SourceDecoder.Decode(bytes));
        Assert.Equal(new Pos(2, 3), bad.At); // 'ø' is two bytes but one column
    }

    [Fact]
    public void Utf16_is_not_utf8()
    {
        var bad = Assert.IsType<DecodeResult.NotUtf8>(SourceDecoder.Decode(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("---")).ToArray()));
        Assert.Equal(Pos.Start, bad.At);
    }

    [Fact]
    public void Bom_is_skipped_line_endings_unified_and_text_normalised_to_nfc()
    {
        var ok = Assert.IsType<DecodeResult.Ok>(SourceDecoder.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a\u030Aben\r\nx\ry")]));
        Assert.Equal("åben\nx\ny", ok.Source.Text);
        Assert.Equal(new Pos(3, 1), ok.Source.At(ok.Source.Text.IndexOf('y')));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0x20, 0x0A, 0x09 })]
    public void Empty_or_blank(byte[] bytes) => Assert.IsType<DecodeResult.Empty>(SourceDecoder.Decode(bytes));

    [Fact]
    public void Front_matter_split()
    {
        var ok = Assert.IsType<SplitResult.Ok>(FrontMatter.Split("---\na: 1\n---  \n## 1. X\n"));
        Assert.Equal(("a: 1\n", 2, "## 1. X\n", 15), (ok.Split.Yaml, ok.Split.YamlFirstLine, ok.Split.Body, ok.Split.BodyOffset));
        Assert.IsType<SplitResult.NoOpening>(FrontMatter.Split("a: 1\n---\n"));
        Assert.IsType<SplitResult.NotClosed>(FrontMatter.Split("---\na: 1\n"));
        Assert.IsType<SplitResult.NotClosed>(FrontMatter.Split("---"));
    }
}

public class CharacterRuleTests
{
    [Theory]
    [InlineData("a\0b", 0, 1, 2)]
    [InlineData("ab\ncd\u0007", 7, 2, 3)]
    [InlineData("x\u001B[31m", 0x1B, 1, 2)]
    [InlineData("\u007F", 0x7F, 1, 1)]
    [InlineData("a\u0085", 0x85, 1, 2)]
    [InlineData("a\uFFFE", 0xFFFE, 1, 2)]
    [InlineData("\uFDD0", 0xFDD0, 1, 1)]
    [InlineData("ok\n\n  \f", 0x0C, 3, 3)]
    public void Never_allowed_characters_are_listed_with_their_position_and_replaced(string text, int codePoint, int line, int column)
    {
        var ok = Assert.IsType<DecodeResult.Ok>(SourceDecoder.Decode(Encoding.UTF8.GetBytes(text)));
        var bad = Assert.Single(ok.Source.BadCharacters);
        Assert.Equal((codePoint, new Pos(line, column)), (bad.CodePoint, bad.At));
        Assert.Null(CharacterRules.FirstBad(ok.Source.Text)); // replaced, offsets kept
        Assert.Equal(text.Length, ok.Source.Text.Length);
    }

    [Fact]
    public void A_noncharacter_beyond_the_first_plane_is_found_and_ordinary_text_is_not()
    {
        var ok = Assert.IsType<DecodeResult.Ok>(SourceDecoder.Decode(Encoding.UTF8.GetBytes("æøå 😀 tab\there \U0001FFFE")));
        Assert.Equal(0x1FFFE, Assert.Single(ok.Source.BadCharacters).CodePoint);
        Assert.Empty(Assert.IsType<DecodeResult.Ok>(SourceDecoder.Decode(Encoding.UTF8.GetBytes("æøå 😀 — “x” \u00A0\u2028"))).Source.BadCharacters);
    }

    [Fact]
    public void Only_the_first_hundred_positions_are_kept_but_all_are_counted()
    {
        var ok = Assert.IsType<DecodeResult.Ok>(SourceDecoder.Decode(Encoding.UTF8.GetBytes("x" + new string('\0', 1_000_000))));
        Assert.Equal((SourceDecoder.MaxBadCharacters, 1_000_000), (ok.Source.BadCharacters.Count, ok.Source.BadCharacterCount));
    }

    [Theory]
    [InlineData("a &#7; b", 2, 7)]
    [InlineData("&#x1b;", 0, 0x1B)]
    [InlineData("&#X0;", 0, 0)]
    [InlineData("x&#65535;", 1, 0xFFFF)]
    [InlineData("&#xD800;", 0, 0xD800)]
    public void Character_references_to_bad_characters_are_found(string text, int index, int codePoint) =>
        Assert.Equal((index, codePoint), CharacterRules.FindBadReferences(text).Select(r => (r.Index, r.CodePoint)).Single());

    [Theory]
    [InlineData("&#229; &#xE6; &amp; &#10; &#9; &#12345678; &#; &#x;")]
    public void Ordinary_character_references_are_not(string text) => Assert.Empty(CharacterRules.FindBadReferences(text));
}

public class MarkdownLimitTests
{
    [Fact]
    public void Html_nested_past_the_limit_is_found_at_the_first_element_past_it()
    {
        var text = "Tekst\n\n" + string.Concat(Enumerable.Repeat("<div>", 40_000));
        var problem = Assert.IsType<MarkdownLimits.Problem>(MarkdownLimits.Check(text));
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
        Assert.Null(MarkdownLimits.Check(string.Concat(Enumerable.Repeat(piece, times))));

    [Fact]
    public void Html_at_the_limit_passes()
    {
        var n = MarkdownLimits.MaxHtmlDepth;
        Assert.Null(MarkdownLimits.Check(string.Concat(Enumerable.Repeat("<div>", n)) + "x" + string.Concat(Enumerable.Repeat("</div>", n))));
    }

    [Fact]
    public void Many_link_starts_in_one_paragraph_are_found_but_not_across_paragraphs()
    {
        var problem = Assert.IsType<MarkdownLimits.Problem>(MarkdownLimits.Check(string.Concat(Enumerable.Repeat("[a](", 75_000))));
        Assert.Equal((MarkdownLimits.Kind.TooManyLinks, 4 * MarkdownLimits.MaxLinksPerParagraph + 2), (problem.Kind, problem.Offset));
        Assert.NotNull(MarkdownLimits.Check(string.Concat(Enumerable.Repeat("[a](x (\n", 1000))));
        Assert.Null(MarkdownLimits.Check(string.Concat(Enumerable.Repeat("Se [bilag](https://x.dk/a) og [b](c).\n\n", 5000))));
    }
}

using System.Text;
using SiteGen.Content;

namespace SiteGen.Tests.Content;

/// <summary>Every character has a rule: the bad ones are listed with their position and replaced (offsets kept).</summary>
public class CharacterRulesTests
{
    private static SourceText Decode(string text) =>
        Assert.IsType<DecodeResult.Ok>(SourceDecoder.Decode(Encoding.UTF8.GetBytes(text))).Source;

    [Theory]
    [InlineData("a\0b", 0, 1, 2)]
    [InlineData("ab\ncd\u0007", 7, 2, 3)]
    [InlineData("x\u001B[31m", 0x1B, 1, 2)]
    [InlineData("\u007F", 0x7F, 1, 1)]
    [InlineData("a\u0085", 0x85, 1, 2)]
    [InlineData("a\uFFFE", 0xFFFE, 1, 2)]
    [InlineData("\uFDD0", 0xFDD0, 1, 1)]
    [InlineData("ok\n\n  \f", 0x0C, 3, 3)]
    public void Bad_characters_are_listed_with_their_position_and_replaced(string text, int codePoint, int line, int column)
    {
        var source = Decode(text);
        var bad = Assert.Single(source.BadCharacters);
        Assert.Equal((codePoint, new Pos(line, column)), (bad.CodePoint, bad.At));
        Assert.Null(CharacterRules.FirstBad(source.Text));
        Assert.Equal(text.Length, source.Text.Length);
    }

    [Fact]
    public void A_noncharacter_beyond_the_first_plane_is_found_and_ordinary_text_is_not()
    {
        Assert.Equal(0x1FFFE, Assert.Single(Decode("æøå 😀 tab\there \U0001FFFE").BadCharacters).CodePoint);
        Assert.Empty(Decode("æøå 😀 — “x” \u00A0\u2028").BadCharacters);
    }

    [Fact]
    public void Only_the_first_hundred_positions_are_kept_but_all_are_counted()
    {
        var source = Decode("x" + new string('\0', 1_000_000));
        Assert.Equal((SourceDecoder.MaxBadCharacters, 1_000_000), (source.BadCharacters.Count, source.BadCharacterCount));
    }

    [Theory]
    [InlineData("a &#7; b", 2, 7)]
    [InlineData("&#x1b;", 0, 0x1B)]
    [InlineData("&#X0;", 0, 0)]
    [InlineData("x&#65535;", 1, 0xFFFF)]
    [InlineData("&#xD800;", 0, 0xD800)]
    [InlineData("<a title=\"&#1\">", 10, 1)] // raw HTML: no ';' needed
    [InlineData("&#00000000007;", 0, 7)]
    [InlineData("&#99999999999999999999;", 0, 0x110000)]
    public void Character_references_to_bad_characters_are_found(string text, int index, int codePoint) =>
        Assert.Equal((index, codePoint), CharacterRules.FindBadReferences(text).Select(r => (r.Index, r.CodePoint)).Single());

    [Theory]
    [InlineData("&#229; &#xE6; &amp; &#10; &#9; &#128512; &#; &#x; &#65 &#X1F600")]
    public void Ordinary_character_references_are_not(string text) =>
        Assert.Empty(CharacterRules.FindBadReferences(text));
}

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

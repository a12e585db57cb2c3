using System.Text;
using SiteGen.Cli;
using SiteGen.Diagnostics;
using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>Issue 12: hostile or careless text gives a diagnostic with file, line and column, never an internal
/// error, a crash or a publication. Each case here failed on the code before the fix (noted per test).</summary>
public class HardeningTests
{
    private const string P = TestInput.ReferatPath;
    private static string Shown(TestInput input) => input.Shown(P);

    /// <summary>Before: loaded, and the open item 1 published the closed item 2's sagsgang.</summary>
    [Fact]
    public void An_alias_cannot_copy_a_closed_items_value_to_an_open_item()
    {
        var text = TestInput.Replace(TestInput.Valid, "    offentlig_titel: Personalesag",
            "    sagsgang: &s SENTINELxyz\n    offentlig_titel: Personalesag");
        text = TestInput.Replace(text, "    sagsgang: DIR", "    sagsgang: *s");
        using var input = new TestInput();
        input.Write(P, text);
        var result = input.Run();
        Expect.At(result, Codes.YamlAnchorOrAlias, Shown(input), 16, 15);
        Expect.At(result, Codes.YamlAnchorOrAlias, Shown(input), 19, 15);
        Assert.Empty(result.Referater);
    }

    /// <summary>Before: the same for a closed item's bilag list.</summary>
    [Fact]
    public void An_alias_cannot_copy_a_closed_items_attachments()
    {
        var text = TestInput.Replace(TestInput.Valid, "    bilag:\n      - nr: 1\n        status: lukket",
            "    bilag: &b\n      - nr: 1\n        status: lukket");
        text = TestInput.Replace(text, "    sagsgang: DIR", "    sagsgang: DIR\n    bilag: *b");
        using var input = new TestInput();
        input.Write(P, text);
        var result = input.Run();
        Assert.Equal(2, result.Diagnostics.Count(d => d.Code == Codes.YamlAnchorOrAlias));
        Assert.Empty(result.Referater);
    }

    /// <summary>Before: the tag was dropped silently and the item published as open.</summary>
    [Theory]
    [InlineData("    status: lukket\n    offentlig_titel", "    status: !lukket åben\n    offentlig_titel", 18, 13)]
    [InlineData("    status: lukket\n    offentlig_titel", "    status: !!str lukket\n    offentlig_titel", 18, 13)]
    [InlineData("udvalg: Direktionen", "udvalg: !x Direktionen", 2, 9)]
    public void A_tag_is_refused(string find, string replace, int line, int column)
    {
        var (input, result) = TestInput.Mutated(find, replace);
        using var _ = input;
        Expect.One(result, Codes.YamlTag, Shown(input), line, column);
    }

    /// <summary>Before: a stack overflow (exit 134) for the cyclic key.</summary>
    [Theory]
    [InlineData("? &k [*k]\n: 1\n", Codes.YamlComplexKey, 1)]
    [InlineData("? a\n: 1\n", Codes.YamlComplexKey, 1)]
    [InlineData("<<: {sted: x}\n", Codes.YamlMergeKey, 1)]
    [InlineData("x: &a [*a]\n", Codes.YamlAnchorOrAlias, 4)]
    public void Merge_and_complex_keys_and_cycles_are_refused(string yaml, string code, int column)
    {
        var (input, result) = TestInput.Mutated("udvalg: Direktionen\n", "udvalg: Direktionen\n" + yaml);
        using var _ = input;
        Expect.At(result, code, Shown(input), 3, column);
    }

    /// <summary>Before: REF000 at (1,1) or an internal error, without the line.</summary>
    [Theory]
    [InlineData("Godkendt.", "God\0kendt.", 67, 4)]
    [InlineData("Godkendt.", "Godkendt.\u0007", 67, 10)]
    [InlineData("Godkendt.", "Godk\uFFFEendt.", 67, 5)]
    [InlineData("Godkendt.", "Godkendt\u001B[31m.", 67, 9)]
    [InlineData("Godkendt.", "Godkendt &#7;", 67, 10)]
    [InlineData("sted: Mødelokale 250, rådhuset", "sted: Mødelokale\u0085 250", 6, 17)]
    [InlineData("sted: Mødelokale 250, rådhuset", "sted: \"Mødelokale \\x07\"", 6, 19)]
    [InlineData("sted: Mødelokale 250, rådhuset", "sted: \"\\0\"", 6, 8)]
    [InlineData("sted: Mødelokale 250, rådhuset", "sted: \"x \\uFFFE\"", 6, 10)]
    [InlineData("offentlig_titel: Personalesag", "offentlig_titel: \"Personale\\esag\"", 19, 32)]
    [InlineData("sted: Mødelokale 250, rådhuset", "sted: Møde\flokale", 6, 11)]
    public void A_character_that_is_never_allowed_is_an_error_at_its_position(
        string find, string replace, int line, int column)
    {
        var (input, result) = TestInput.Mutated(find, replace);
        using var _ = input;
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == Codes.Internal);
        Expect.At(result, Codes.BadCharacter, Shown(input), line, column);
        Assert.Empty(result.Referater);
    }

    [Fact]
    public void A_form_feed_in_the_body_is_read_as_a_space_with_a_warning()
    {
        var (input, result) = TestInput.Mutated("Punkterne blev behandlet.", "Punkterne blev\fbehandlet.");
        using var _ = input;
        Assert.Equal(Codes.FormFeed, Assert.Single(result.Diagnostics).Code);
        Expect.At(result, Codes.FormFeed, Shown(input), 51, 15);
        var sektion = Assert.Single(result.Referater).Punkter[0].Sektioner.Single(s => s.ErBeslutning);
        Assert.Contains("Punkterne blev behandlet.", sektion.Markdown.Read());
    }

    [Fact]
    public void Site_yml_follows_the_same_rules()
    {
        using var input = new TestInput(TestInput.DefaultSite.Replace("titel: Referater", "titel: &t Referater")
            .Replace("kommune: Norddjurs Kommune", "kommune: !k Norddjurs\u0007 Kommune"));
        input.Write(P, TestInput.Valid);
        var result = input.Run();
        var site = input.Shown("site.yml");
        Expect.At(result, Codes.SiteYamlAnchorOrAlias, site, 1, 8);
        Expect.At(result, Codes.SiteYamlTag, site, 2, 10);
        Expect.At(result, Codes.SiteBadCharacter, site, 2, 22);
        Assert.Empty(result.Referater);
    }

    /// <summary>Before: 40,000 nested &lt;div&gt; took minutes to build; 300 KB of "[a](" 40 s to validate.</summary>
    [Theory]
    [InlineData("<div>", 40_000, Codes.HtmlTooDeep, 67, 501)]
    [InlineData("[a](", 75_000, Codes.TooManyLinks, 67, 803)]
    [InlineData("<!--", 250_000, Codes.TooManyLinks, 67, 801)]
    public void Markdown_past_the_limits_is_refused_without_noise(
        string piece, int times, string code, int line, int column)
    {
        var (input, result) = TestInput.Mutated("Godkendt.", string.Concat(Enumerable.Repeat(piece, times)));
        using var _ = input;
        Assert.Equal(code, Assert.Single(result.Diagnostics).Code);
        Expect.At(result, code, Shown(input), line, column);
    }

    /// <summary>A section is rendered on its own: an end tag in an earlier section does not close its
    /// elements.</summary>
    [Fact]
    public void Html_nesting_is_counted_in_each_section_on_its_own()
    {
        var text = TestInput.Replace(TestInput.Valid, "Rul november", "<x> Rul november");
        var deep = string.Concat(Enumerable.Repeat("<div>", 60));
        text = TestInput.Replace(text, "Punkterne blev behandlet.", deep + "</x>" + deep);
        using var input = new TestInput();
        input.Write(P, text);
        Expect.One(input.Run(), Codes.HtmlTooDeep, Shown(input), 51, 1 + 5 * 60 + 4 + 5 * 40);
    }

    [Fact]
    public void Offentlig_beslutning_past_the_limits_is_refused()
    {
        var (input, result) = TestInput.Mutated("offentlig_titel: Personalesag",
            "offentlig_titel: Personalesag\n    offentlig_beslutning: \""
            + string.Concat(Enumerable.Repeat("<b>", 500)) + "\"");
        using var _ = input;
        Expect.One(result, Codes.HtmlTooDeep, Shown(input), 20, 27);
    }

    /// <summary>Only letter case may differ (a look-alike letter is not read as the letter it resembles). Since
    /// issue 14 the message suggests the value probably meant (REF074), and an invisible character pasted from Word
    /// has its own code (REF066), but each stays an error: nothing is published.</summary>
    [Theory]
    [InlineData("lu\u043Aket", Codes.StatusSlip, 13)]
    [InlineData("lukket\u200B", Codes.InvisibleRef, 19)]
    [InlineData("Iukket", Codes.StatusSlip, 13)]
    public void A_status_is_never_guessed(string status, string code, int column)
    {
        var (input, result) = TestInput.Mutated("    status: lukket\n    offentlig_titel",
            $"    status: {status}\n    offentlig_titel");
        using var _ = input;
        Expect.One(result, code, Shown(input), 18, column);
        Assert.False(result.CanPublish);
    }

    [Theory]
    [InlineData("LUKKET")]
    [InlineData("Lukket")]
    [InlineData("\"lukket\"")]
    public void A_status_in_any_letter_case_is_read(string status)
    {
        var (input, result) = TestInput.Mutated("    status: lukket\n    offentlig_titel",
            $"    status: {status}\n    offentlig_titel");
        using var _ = input;
        Expect.Clean(result);
    }

    /// <summary>Before: the newline went into the log raw, and "::error" started a forged annotation line. (An escape
    /// character in a value is now refused before any message could echo it; see the next test for it.)</summary>
    [Fact]
    public void A_value_cannot_forge_a_log_line_or_reach_the_terminal_raw()
    {
        var (input, result) = TestInput.Mutated("udvalg: Direktionen",
            "udvalg: \"Direktionen\\n::error file=x.md::forged\"");
        using var _ = input;
        var unknown = result.Diagnostics.Single(d => d.Code == Codes.UnknownUdvalg);
        Assert.True(unknown.ToString().Contains("Direktionen\\n::error file=x.md::forged'", StringComparison.Ordinal),
            unknown.ToString());
        Assert.All(result.Diagnostics,
            d => Assert.DoesNotContain(d.ToString(), c => c < ' ' || c is >= '\u007F' and <= '\u009F'));
    }

    [Fact]
    public void Every_diagnostic_shows_control_characters_visibly()
    {
        var d = new Diagnostic("REF000", Severity.Error, "a\nb.md", 1, 1,
            "x\r\n\u001b[31m\u2028\u202E\t\uD800 æ 😀");
        Assert.Equal("a\\nb.md(1,1): error REF000: x\\r\\n\\u001b[31m\\u2028\\u202e\\t\\ud800 æ 😀", d.ToString());
        Assert.Equal("y\\n", (d with { Message = "y\n" }).Message);
    }

    [Fact]
    public void Github_annotations_escape_percent_and_line_breaks_and_property_separators()
    {
        Assert.Equal("100%25 a%0D%0Ab", Program.EscapeAnnotation("100% a\r\nb"));
        Assert.Equal("a%2Cb%3A%3Ac%25", Program.EscapeProperty("a,b::c%"));
    }

    [Fact]
    public void Fuzzed_restricted_yaml_and_characters_never_give_an_internal_error()
    {
        string[] tokens = ["&a ", "*a", "!x ", "!!str ", "? ", "<<: ", "\"\\x07\"", "\"\\uFFFE\"", "\u0000", "\f",
            "\uFFFF",
            "&#1;", "<div>", "[a](", "\u001B", "\u0085"];
        var rng = new Random(12);
        using var input = new TestInput();
        for (var i = 0; i < 150; i++)
        {
            var text = TestInput.Valid;
            for (var k = rng.Next(1, 4); k > 0; k--)
            {
                var at = rng.Next(text.Length);
                text = text[..at] + tokens[rng.Next(tokens.Length)] + text[at..];
            }
            input.Write(P, text);
            var result = input.Run();
            Assert.DoesNotContain(result.Diagnostics, d => d.Code is "REF000" or "SITE000");
            Assert.All(result.Diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString()));
            if (result.HasErrors) Assert.Empty(result.Referater);
        }
    }
}

using SiteGen.Diagnostics;
using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>The common slips of a Danish secretary (issue 14, item 2): each gives its own code on the right line
/// and column, with a Danish message that names the character or construct and, where the intent is clear, the
/// exact text to write. No raw parser text reaches the user, and a slip never lets a file through.</summary>
public class SlipTests
{
    private const string P = TestInput.ReferatPath;

    /// <summary>Closed content written into item 2 (closed) and its closed attachment: no message may quote it.
    /// </summary>
    private static string WithClosedSentinels(string text) => text
        .Replace("## 2. Ansættelse af ny direktør", "## 2. Ansættelse af SENTINELTITEL")
        .Replace("Fortroligt.", "Fortroligt SENTINELTEKST.")
        .Replace("    offentlig_titel: Personalesag", "    offentlig_titel: Personalesag\n    sagsgang: SENTINELGANG")
        .Replace("      - nr: 1\n        status: lukket\n  - nr: 3",
            "      - nr: 1\n        status: lukket\n        titel: SENTINELBILAG\n  - nr: 3");

    /// <summary>Validates <see cref="TestInput.Valid"/> with the slip, then again with the closed sentinels too,
    /// and checks what every slip must do.</summary>
    private static Diagnostic Slip(string find, string replace, string code, int line, int column,
        params string[] words)
    {
        Diagnostic? first = null;
        foreach (var sentinels in new[] { false, true })
        {
            using var input = new TestInput();
            var text = TestInput.Replace(TestInput.Valid, find, replace);
            if (sentinels) text = WithClosedSentinels(text);
            input.Write(P, text);
            var result = input.Run();
            // The sentinels add two lines after line 19.
            var d = Expect.At(result, code, input.Shown(P), line + (sentinels && line > 19 ? 2 : 0), column);
            Assert.True(d.IsError);
            Assert.False(result.CanPublish);
            foreach (var word in words) Assert.Contains(word, d.Message);
            Assert.DoesNotContain(result.Diagnostics, x => x.Code is "REF005" or "REF000");
            Assert.All(result.Diagnostics, x => Assert.DoesNotContain("SENTINEL", x.Message));
            Assert.All(result.Diagnostics, x => Assert.Empty(EnglishMessageTests.EnglishWordsIn(x.Message)));
            first ??= d;
        }
        return first!;
    }

    [Fact]
    public void A_tab_used_for_indentation_is_named()
    {
        Slip("  - nr: 1\n    status: åben", "\t- nr: 1\n\t  status: åben", Codes.TabIndentRef, 13, 1,
            "tabulatortegn", "Tab-tasten", "mellemrum");
    }

    [Fact]
    public void A_non_breaking_space_from_word_is_named()
    {
        Slip("sted: Mødelokale", "sted:\u00A0Mødelokale", Codes.InvisibleRef, 6, 6,
            "hårdt mellemrum", "U+00A0", "Word", "e-mail", "almindeligt mellemrum");
    }

    [Theory]
    [InlineData("\u200B", "U+200B")]
    [InlineData("\u200C", "U+200C")]
    [InlineData("\u200D", "U+200D")]
    [InlineData("\u2060", "U+2060")]
    [InlineData("\uFEFF", "U+FEFF")]
    public void A_zero_width_character_from_word_is_named(string character, string name)
    {
        Slip("udvalg: Direktionen", $"udvalg: Direk{character}tionen", Codes.InvisibleRef, 2, 14,
            name, "usynligt", "Word", "e-mail");
    }

    [Theory]
    [InlineData("“", "”")]
    [InlineData("„", "“")]
    [InlineData("‘", "’")]
    public void Curly_quotes_around_a_value_say_what_to_write(string open, string close)
    {
        Slip("sted: Mødelokale 250, rådhuset", $"sted: {open}Rådhuset, lokale 2: stuen{close}",
            Codes.CurlyQuotesRef, 6, 7, "typografiske anførselstegn", "Word",
            "skriv sted: \"Rådhuset, lokale 2: stuen\".");
    }

    [Fact]
    public void Curly_quotes_in_a_closed_item_are_named_without_the_value()
    {
        var d = Slip("    offentlig_titel: Personalesag", "    sagsgang: “SENTINELRUTE”\n    offentlig_titel: Personalesag",
            Codes.CurlyQuotesRef, 19, 15, "typografiske anførselstegn", "sagsgang: \"…\"");
        Assert.DoesNotContain("SENTINEL", d.Message);
    }

    [Fact]
    public void An_unquoted_colon_inside_a_value_says_what_to_write()
    {
        Slip("sted: Mødelokale 250, rådhuset", "sted: Rådhuset, lokale 2: stuen", Codes.ColonInValueRef, 6, 25,
            "kolon", "': '", "anførselstegn", "skriv sted: \"Rådhuset, lokale 2: stuen\".");
    }

    [Fact]
    public void An_unquoted_colon_in_a_closed_item_is_named_without_the_value()
    {
        var d = Slip("    offentlig_titel: Personalesag", "    sagsgang: DIR: SENTINELRUTE\n    offentlig_titel: Personalesag",
            Codes.ColonInValueRef, 19, 18, "kolon", "sagsgang: \"…\"");
        Assert.DoesNotContain("SENTINEL", d.Message);
    }

    [Fact]
    public void A_list_item_out_of_line_is_named()
    {
        Slip("  - nr: 2\n    status: lukket", " - nr: 2\n    status: lukket", Codes.ListIndentRef, 17, 2,
            "Listepunktet", "1 mellemrum", "står med 2", "Ret det til 2 mellemrum");
    }

    [Fact]
    public void A_list_item_out_of_line_that_yaml_would_join_to_the_one_above_is_named()
    {
        // YAML reads " - A\n  - B" as one member "A - B"; the secretary meant two.
        Slip("medlemmer:\n  - Kommunaldirektør", "medlemmer:\n - Kommunaldirektør", Codes.ListIndentRef, 9, 3,
            "Listepunktet", "2 mellemrum", "står med 1");
    }

    [Fact]
    public void A_key_out_of_line_in_a_list_item_is_named()
    {
        Slip("    status: lukket\n    offentlig_titel", "    status: lukket\n     offentlig_titel",
            Codes.ListIndentRef, 19, 6, "Feltet 'offentlig_titel'", "5 mellemrum", "Ret det til 4 mellemrum");
    }

    [Theory]
    [InlineData("--")]
    [InlineData("----")]
    [InlineData("—")]
    [InlineData("– – –")]
    public void A_misspelt_opening_fence_is_named(string fence)
    {
        Slip("---\nudvalg", $"{fence}\nudvalg", Codes.FenceMisspelt, 1, 1, "præcis tre bindestreger '---'",
            $"'{fence}'", "Skriv '---'");
    }

    [Fact]
    public void A_misspelt_closing_fence_is_named()
    {
        Slip("---\n\n## 1.", "—\n\n## 1.", Codes.FenceMisspelt, 33, 1, "afsluttende", "'—'", "tankestreger");
    }

    [Fact]
    public void A_missing_closing_fence_is_placed_before_the_first_item()
    {
        Slip("---\n\n## 1.", "\n## 1.", Codes.FenceMissing, 34, 1, "mangler", "'---'");
    }

    [Theory]
    [InlineData("9.00", "09:00")]
    [InlineData("9:00", "09:00")]
    [InlineData("\"9:00\"", "09:00")]
    [InlineData("kl. 9", "09:00")]
    [InlineData("kl 9.30", "09:30")]
    [InlineData("Kl. 10", "10:00")]
    public void A_time_written_as_in_a_letter_says_what_to_write(string written, string meant)
    {
        Slip("start: \"09:00\"", $"start: {written}", Codes.TimeSlip, 4, 8, "Klokkeslæt",
            $"skriv start: \"{meant}\"");
    }

    [Theory]
    [InlineData("6/9-2023")]
    [InlineData("6-9-2023")]
    [InlineData("06.09.2023")]
    [InlineData("6. september 2023")]
    [InlineData("6. sep. 2023")]
    [InlineData("2023-9-6")]
    public void A_date_written_as_in_a_letter_says_what_to_write(string written)
    {
        Slip("dato: 2024-11-13", $"dato: {written}", Codes.DateSlip, 3, 7, "år-måned-dag",
            "skriv dato: 2023-09-06");
    }

    [Theory]
    [InlineData("aaben", "åben")]
    [InlineData("aben", "åben")]
    [InlineData("Aaben", "åben")]
    [InlineData("åbent", "åben")]
    [InlineData("open", "åben")]
    [InlineData("lukket.", "lukket")]
    [InlineData("closed", "lukket")]
    public void A_misspelt_status_suggests_the_valid_one_but_stays_an_error(string written, string meant)
    {
        Slip("    status: åben\n    sagsnr", $"    status: {written}\n    sagsnr", Codes.StatusSlip, 14, 13,
            $"Mente du '{meant}'?", "Kun 'åben' og 'lukket' er gyldige", $"skriv status: {meant}");
    }

    [Fact]
    public void A_misspelt_attachment_status_suggests_the_valid_one_but_stays_an_error()
    {
        Slip("        status: åben\n        titel", "        status: aaben\n        titel", Codes.StatusSlip, 27, 17,
            "bilag 1 til punkt 3", "Mente du 'åben'?");
    }

    [Fact]
    public void Other_yaml_syntax_errors_are_explained_in_danish()
    {
        var (input, result) = TestInput.Mutated("sted: Mødelokale 250, rådhuset", "sted: \"Mødelokale 250, rådhuset");
        using var _ = input;
        var d = Assert.Single(result.Diagnostics, d => d.Code == "REF005");
        Assert.Contains("anførselstegn", d.Message);
        Assert.Empty(EnglishMessageTests.EnglishWordsIn(d.Message));
    }

    [Fact]
    public void A_slip_on_a_huge_line_gives_one_short_message()
    {
        var huge = new string('x', 1_000_000);
        var d = Slip("sted: Mødelokale 250, rådhuset", $"sted: “{huge}: y”", Codes.CurlyQuotesRef, 6, 7,
            "sted: \"…\"");
        Assert.True(d.Message.Length < 400);
    }

    [Fact]
    public void A_slip_next_to_control_characters_reports_both()
    {
        var (input, result) = TestInput.Mutated("sted: Mødelokale 250, rådhuset", "sted: Rådhuset\u0007, lokale 2: stuen");
        using var _ = input;
        Expect.At(result, Codes.BadCharacter, input.Shown(P), 6, 15);
        Expect.At(result, Codes.ColonInValueRef, input.Shown(P), 6, 26);
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains('\u0007'));
    }

    [Fact]
    public void Slips_in_site_yml_have_site_codes()
    {
        using var input = new TestInput(TestInput.DefaultSite
            .Replace("titel: Referater fra Norddjurs Kommune", "titel: “Referater fra Norddjurs Kommune”")
            .Replace("beskrivelse: Kommunens økonomi", "beskrivelse: Kommunens økonomi: budget"));
        input.Write(P, TestInput.Valid);
        var result = input.Run();
        Assert.Contains("titel: \"Referater fra Norddjurs Kommune\"",
            Expect.At(result, Codes.SiteCurlyQuotes, input.Shown("site.yml"), 1, 8).Message);
        Assert.Contains("beskrivelse: \"Kommunens økonomi: budget\"",
            Expect.At(result, Codes.SiteColonInValue, input.Shown("site.yml"), 7, 35).Message);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == "SITE003");
    }

    [Fact]
    public void A_placeholder_from_sitegen_new_is_an_error_until_replaced()
    {
        using var input = new TestInput();
        input.Write(P, TestInput.Valid
            .Replace("sted: Mødelokale 250, rådhuset", "sted: \"Udfyld mødested\"")
            .Replace("## 3. Punkter til behandling", "## 3. Udfyld titel"));
        var result = input.Run();
        Assert.Contains("'Udfyld mødested'", Expect.At(result, Codes.Placeholder, input.Shown(P), 6, 7).Message);
        var heading = Expect.At(result, Codes.Placeholder, input.Shown(P), 59, 4);
        Assert.Contains("'Udfyld titel'", heading.Message);
        Assert.Contains("punktets titel", heading.Message);
        Assert.False(result.CanPublish);
    }

    [Fact]
    public void Every_placeholder_that_new_writes_is_caught()
    {
        // The scaffold's own list: whatever 'new' writes as a placeholder is an error until replaced.
        foreach (var (text, _) in SiteGen.Content.Scaffold.Placeholders)
        {
            var (input, result) = TestInput.Mutated("  - Kommunaldirektør Jonas Kroustrup", $"  - \"{text}\"");
            using var _ = input;
            Assert.Contains($"'{text}'", Expect.One(result, Codes.Placeholder, input.Shown(P), 8, 5).Message);
        }
    }

    [Fact]
    public void A_fresh_scaffold_cannot_be_published_until_every_placeholder_is_replaced()
    {
        using var input = new TestInput();
        var config = input.Run().Config!;
        var created = SiteGen.Content.Scaffold.Create(input.Dir, config, [], "Økonomiudvalget", new DateOnly(2026, 12, 2));
        Assert.Null(created.Error);
        var text = File.ReadAllText(created.Path!);
        var result = input.Run();
        var placeholders = result.Diagnostics.Where(d => d.Code == Codes.Placeholder).ToList();
        Assert.Equal(SiteGen.Content.Scaffold.Placeholders.Count, placeholders.Count);
        foreach (var (placeholder, _) in SiteGen.Content.Scaffold.Placeholders)
        {
            var d = Assert.Single(placeholders, d => d.Message.Contains($"'{placeholder}'", StringComparison.Ordinal));
            var line = text.Split('\n')[d.Line - 1];
            Assert.Contains(placeholder, line); // on the line where it is left
        }
        Assert.False(result.CanPublish);
    }
}

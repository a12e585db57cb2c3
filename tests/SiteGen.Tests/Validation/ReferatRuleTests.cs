using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>One mutation of the valid template per rule; each asserts code, file, line and column.</summary>
public class ReferatRuleTests
{
    private const string P = TestInput.ReferatPath;

    [Fact]
    public void Valid_template_has_no_diagnostics()
    {
        using var input = new TestInput();
        input.Write(P, TestInput.Valid);
        var result = input.Run();
        Expect.Clean(result);
        Assert.Single(result.Referater);
    }

    [Theory]
    // meeting keys
    [InlineData("udvalg: Direktionen", "udvalg: Direktionenn", "REF015", 2, 9)]
    [InlineData("dato: 2024-11-13", "dato: 2024-02-30", "REF010", 3, 7)]
    [InlineData("dato: 2024-11-13", "dato: 13-11-2024", "REF073", 3, 7)]
    [InlineData("dato: 2024-11-13", "dato: 2024-13-11", "REF010", 3, 7)]
    [InlineData("start: \"09:00\"", "start: \"9:00\"", "REF072", 4, 8)]
    [InlineData("start: \"09:00\"", "start: \"25:00\"", "REF011", 4, 8)]
    [InlineData("slut: \"13:00\"", "slut: 24:00", "REF011", 5, 7)]
    [InlineData("slut: \"13:00\"", "slut: \"08:30\"", "REF012", 5, 7)]
    [InlineData("sted: Mødelokale 250, rådhuset", "sted: Mødelokale 250, rådhuset\npubliceret: 2024-11-13T13:00:00", "REF013", 7, 13)]
    [InlineData("sted: Mødelokale 250, rådhuset", "sted: Mødelokale 250, rådhuset\ntype: møde", "REF014", 7, 7)]
    [InlineData("medlemmer:\n  - Kommunaldirektør Jonas Kroustrup\n  - Velfærdsdirektør Lene Mehlsen Thomsen\n", "medlemmer: []\n", "REF018", 7, 1)]
    [InlineData("  - Velfærdsdirektør Lene Mehlsen Thomsen\npunkter:", "  - Velfærdsdirektør Lene Mehlsen Tomsen\npunkter:", "REF019", 11, 5)]
    [InlineData("medlemmer:\n  - Kommunaldirektør Jonas Kroustrup\n  - Velfærdsdirektør Lene Mehlsen Thomsen\n", "medlemmer: Jonas\n", "REF009", 7, 12)]
    // items
    [InlineData("    status: lukket\n    offentlig_titel", "    status: lukke\n    offentlig_titel", "REF074", 18, 13)]
    [InlineData("    status: lukket\n    offentlig_titel", "    status: skjult\n    offentlig_titel", "REF020", 18, 13)]
    [InlineData("  - nr: 1\n    status: åben", "  - nr: én\n    status: åben", "REF021", 13, 9)]
    [InlineData("  - nr: 1\n    status: åben", "  - nr: 99999999999999999999999999\n    status: åben", "REF021", 13, 9)]
    [InlineData("sagsnr: 24/7615", "sagsnr: 2024-7615", "REF023", 15, 13)]
    [InlineData("    sagsgang: DIR\n", "    sagsgang: DIR\n    offentlig_titel: Et åbent punkt\n", "REF024", 17, 5)]
    // bilag
    [InlineData("        status: lukket\n  - nr: 3", "        status: hemmelig\n  - nr: 3", "REF025", 22, 17)]
    [InlineData("      - nr: 2\n", "      - nr: 3\n", "REF026", 31, 13)]
    [InlineData("      - nr: 2\n", "      - nr: 1\n", "REF026", 31, 13)]
    [InlineData("        titel: Organisering af beredskab\n", "", "REF027", 26, 9)]
    [InlineData("dokument: 108223/24", "dokument: 108223-24", "REF028", 29, 19)]
    [InlineData("fil: bilag/108223-24.pdf", "fil: bilag/108223-25.pdf", "REF029", 30, 14)]
    [InlineData("fil: bilag/108223-24.pdf", "fil: ../../../hemmelig.pdf", "REF030", 30, 14)]
    [InlineData("fil: bilag/108223-24.pdf", "fil: /etc/hostname", "REF030", 30, 14)]
    // body structure
    [InlineData("## 1. Beslutningsprotokoller", "# Referat\n\n## 1. Beslutningsprotokoller", "REF032", 35, 1)]
    [InlineData("## 1. Beslutningsprotokoller", "Indledende bemærkninger.\n\n## 1. Beslutningsprotokoller", "REF033", 35, 1)]
    [InlineData("## 1. Beslutningsprotokoller", "### Sagsfremstilling\n\n## 1. Beslutningsprotokoller", "REF033", 35, 1)]
    [InlineData("## 2. Ansættelse af ny direktør", "## 2.", "REF034", 53, 1)]
    [InlineData("Godkendt.\n", "Godkendt.\n\n## 4. Eventuelt\n\n### Beslutning\n\nIntet.\n", "REF035", 69, 1)]
    [InlineData("## 3. Punkter til behandling", "## 2. Punkter til behandling", "REF037", 59, 1)]
    [InlineData("### Indstilling", "### 4. Indstilling", "REF038", 61, 1)]
    [InlineData("- Gruppeformandsmøde d. 12. november", "- ## 4. Lukket sag om en medarbejder", "REF038", 41, 3)]
    [InlineData("Punkterne blev behandlet.", "<div>\n## 2. Skjult punkt\n</div>", "REF038", 52, 1)]
    [InlineData("Punkterne blev behandlet.", "##2. Skjult punkt", "REF038", 51, 1)]
    [InlineData("Punkterne blev behandlet.", "```\n### 2. Skjult punkt\n```", "REF038", 52, 1)]
    [InlineData("## 2. Ansættelse af ny direktør\n", "## 2. Ansættelse af ny direktør\n\nLøs tekst.\n", "REF039", 55, 1)]
    [InlineData("### Indstilling", "### Indstiling", "REF040", 61, 1)]
    [InlineData("Beslutning i Direktionen den 13-11-2024", "Beslutning i Direktionen den 12-11-2024", "REF041", 65, 1)]
    [InlineData("Beslutning i Direktionen den 13-11-2024", "Beslutning i Økonomiudvalget den 13-11-2024", "REF041", 65, 1)]
    [InlineData("### Indstilling", "### Bilag", "REF043", 61, 1)]
    [InlineData("### Indstilling", "### Bilag:", "REF043", 61, 1)]
    // personal data
    [InlineData("Punkterne blev behandlet.", "Punkterne blev behandlet af 010190-1234.", "REF044", 51, 29)]
    [InlineData("Punkterne blev behandlet.", "Punkterne blev behandlet af 0101901234.", "REF044", 51, 29)]
    [InlineData("## 3. Punkter til behandling", "## 3. Sag om 010190-1234", "REF044", 59, 14)]
    [InlineData("sted: Mødelokale 250, rådhuset", "sted: Hos 010190-1234", "REF044", 6, 11)]
    [InlineData("offentlig_titel: Personalesag", "offentlig_titel: Sag om 010190-1234", "REF044", 19, 29)]
    [InlineData("  - Kommunaldirektør Jonas Kroustrup", "  - Jonas Kroustrup 010190-1234", "REF044", 8, 21)]
    public void Mutation_is_reported_at_the_offending_text(string find, string replace, string code, int line, int column)
    {
        var (input, result) = TestInput.Mutated(find, replace);
        using (input) Expect.At(result, code, input.Shown(P), line, column);
        Assert.True(result.HasErrors);
        Assert.Empty(result.Referater);
    }

    [Theory]
    [InlineData("Godkendt.", "Godkendt. Skriv til post@norddjurs.dk.", "REF045", 67, 21)]
    [InlineData("Godkendt.", "Godkendt. Ring 89 59 10 00.", "REF046", 67, 16)]
    [InlineData("Godkendt.", "Godkendt. Ring +45 89591000.", "REF046", 67, 16)]
    [InlineData("### Beslutning\n\nPunkterne blev behandlet.\n\n", "", "REF047", 35, 1)]
    [InlineData("Fortroligt.", "", "REF048", 55, 1)]
    [InlineData("Punkterne blev behandlet.", "Punkterne <b>blev</b> behandlet.", "REF049", 51, 11)]
    [InlineData("### Indstilling", "### Indstilling\n\nA\n\n### Indstilling", "REF050", 65, 1)]
    public void Warning_is_reported_and_the_model_is_still_returned(string find, string replace, string code, int line, int column)
    {
        var (input, result) = TestInput.Mutated(find, replace);
        using (input) Expect.One(result, code, input.Shown(P), line, column);
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        Assert.Single(result.Referater);
    }

    [Theory]
    [InlineData("Fortroligt.", "Fortroligt: 010190-1234, post@norddjurs.dk, 89 59 10 00, <b>x</b>")] // closed item: not published
    [InlineData("Godkendt.", "Godkendt. Dok. 108223/24, sag 24/7615, kl. 09:00, 2023 2024, 20241113, 12.345.678 kr., EAN 5798000000000.")]
    [InlineData("start: \"09:00\"", "start: 09:00")]            // unquoted time: we read the raw text
    [InlineData("status: åben\n    sagsnr", "status: ÅBEN\n    sagsnr")] // status is case-insensitive
    public void Accepted_input_gives_no_diagnostics(string find, string replace)
    {
        var (input, result) = TestInput.Mutated(find, replace);
        using (input) Expect.Clean(result);
        Assert.Single(result.Referater);
    }

    [Fact]
    public void Missing_required_key_points_at_the_meeting()
    {
        var (input, result) = TestInput.Mutated("sted: Mødelokale 250, rådhuset\n", "");
        using (input)
        {
            var d = Expect.One(result, "REF008", input.Shown(P), 2, 1);
            Assert.Contains("'sted'", d.Message);
        }
    }

    [Fact]
    public void Missing_item_status_is_an_error_and_a_typo_names_the_key()
    {
        var (input, result) = TestInput.Mutated("    status: lukket\n    offentlig", "    staus: lukket\n    offentlig");
        using (input)
        {
            var unknown = Expect.At(result, "REF007", input.Shown(P), 18, 5);
            Assert.Equal("Ukendt felt 'staus' i punkt 2. Mente du 'status'?", unknown.Message);
            Assert.Contains("'status'", Expect.At(result, "REF008", input.Shown(P), 17, 5).Message);
        }
    }

    [Fact]
    public void Unknown_keys_in_bilag_and_rettelser_suggest_the_nearest()
    {
        var text = TestInput.Replace(TestInput.Valid, "dokument: 108223/24", "dokumnet: 108223/24");
        text = TestInput.Replace(text, "punkter:", "rettelser:\n  - dato: 2024-11-20\n    tekts: Rettet stavefejl.\npunkter:");
        using var input = new TestInput();
        input.Write(P, text);
        var result = input.Run();
        Assert.Contains("Mente du 'dokument'?", Expect.At(result, "REF007", input.Shown(P), 32, 9).Message);
        Assert.Contains("Mente du 'tekst'?", Expect.At(result, "REF007", input.Shown(P), 14, 5).Message);
        Expect.At(result, "REF008", input.Shown(P), 13, 5); // the correction then has no tekst
    }

    [Fact]
    public void Rettelse_needs_a_valid_date()
    {
        var (input, result) = TestInput.Mutated("punkter:", "rettelser:\n  - dato: 2024-13-01\n    tekst: Rettet.\npunkter:");
        using (input) Expect.One(result, "REF010", input.Shown(P), 13, 11);
    }

    [Fact]
    public void Publiceret_with_offset_is_used_and_without_is_an_error()
    {
        var (input, result) = TestInput.Mutated("sted: Mødelokale 250, rådhuset", "sted: Mødelokale 250, rådhuset\npubliceret: 2024-11-14T08:00:00+01:00");
        using (input) Expect.Clean(result);
        Assert.Equal(new DateTimeOffset(2024, 11, 14, 8, 0, 0, TimeSpan.FromHours(1)), result.Referater[0].Publiceret);
    }

    [Fact]
    public void Item_numbering_gap_and_duplicate()
    {
        var (input, result) = TestInput.Mutated("  - nr: 3\n", "  - nr: 2\n");
        using (input)
        {
            Assert.Contains("står to gange", Expect.At(result, "REF022", input.Shown(P), 23, 9).Message);
            Expect.One(result, "REF035", input.Shown(P), 59, 1); // heading 3 now has no entry
        }
    }

    [Fact]
    public void Item_number_gap_is_reported_at_the_number()
    {
        var text = TestInput.Replace(TestInput.Valid, "  - nr: 3\n", "  - nr: 4\n");
        text = TestInput.Replace(text, "## 3. Punkter", "## 4. Punkter");
        using var input = new TestInput();
        input.Write(P, text);
        var result = input.Run();
        Assert.Contains("her skulle stå 3", Expect.One(result, "REF022", input.Shown(P), 23, 9).Message);
    }

    [Fact]
    public void Entry_without_heading_points_at_the_entry()
    {
        var (input, result) = TestInput.Mutated("        status: lukket\n---", "        status: lukket\n  - nr: 4\n    status: åben\n---");
        using (input) Expect.One(result, "REF036", input.Shown(P), 33, 5);
    }

    [Fact]
    public void Headings_out_of_order_are_an_error()
    {
        var text = TestInput.Replace(TestInput.Valid, "## 2. Ansættelse", "## 3. Ansættelse");
        text = TestInput.Replace(text, "## 3. Punkter", "## 2. Punkter");
        using var input = new TestInput();
        input.Write(P, text);
        var result = input.Run();
        Assert.Contains("kommer efter", Expect.One(result, "REF037", input.Shown(P), 59, 1).Message);
    }

    [Fact]
    public void Item_heading_without_number_is_an_error()
    {
        var (input, result) = TestInput.Mutated("## 2. Ansættelse af ny direktør", "## Ansættelse af ny direktør");
        using (input)
        {
            Expect.One(result, "REF034", input.Shown(P), 53, 1);
            Expect.One(result, "REF036", input.Shown(P), 17, 5);
        }
    }

    [Fact]
    public void Item_heading_as_section_would_merge_a_closed_item_and_is_an_error()
    {
        // Item 2 (closed) written with ### lands inside open item 1.
        var (input, result) = TestInput.Mutated("## 2. Ansættelse af ny direktør", "### 2. Ansættelse af ny direktør");
        using (input)
        {
            var d = Expect.One(result, "REF038", input.Shown(P), 53, 1);
            Assert.Contains("'## 2. Ansættelse af ny direktør'", d.Message);
            Expect.One(result, "REF036", input.Shown(P), 17, 5);
        }
    }

    [Fact]
    public void Dagsorden_with_a_decision_is_an_error()
    {
        var (input, result) = TestInput.Mutated("sted: Mødelokale 250, rådhuset", "sted: Mødelokale 250, rådhuset\ntype: dagsorden");
        using (input)
        {
            Expect.At(result, "REF042", input.Shown(P), 50, 1);
            Expect.At(result, "REF042", input.Shown(P), 66, 1);
        }
    }

    [Fact]
    public void Offentlig_beslutning_in_a_dagsorden_is_an_error()
    {
        var text = TestInput.Replace(TestInput.Valid, "sted: Mødelokale 250, rådhuset", "sted: Mødelokale 250, rådhuset\ntype: dagsorden");
        text = TestInput.Replace(text, "### Beslutning\n\nPunkterne blev behandlet.\n\n", "");
        text = TestInput.Replace(text, "### Beslutning i Direktionen den 13-11-2024\n\nGodkendt.\n", "");
        text = TestInput.Replace(text, "    offentlig_titel: Personalesag\n", "    offentlig_titel: Personalesag\n    offentlig_beslutning: Godkendt.\n");
        using var input = new TestInput();
        input.Write(P, text);
        Expect.One(input.Run(), "REF042", input.Shown(P), 21, 5);
    }

    [Fact]
    public void Closed_items_public_text_is_checked_for_cpr_in_block_scalars()
    {
        var (input, result) = TestInput.Mutated("    offentlig_titel: Personalesag\n",
            "    offentlig_titel: Personalesag\n    offentlig_beslutning: |\n      Godkendt.\n      Sagen om 010190-1234 blev afsluttet.\n");
        using (input) Expect.One(result, "REF044", input.Shown(P), 22, 16);
    }

    [Fact]
    public void Correction_text_is_checked_for_personal_data()
    {
        var (input, result) = TestInput.Mutated("punkter:", "rettelser:\n  - dato: 2024-11-20\n    tekst: Ring til 86 12 34 56 ved spørgsmål.\npunkter:");
        using (input) Expect.One(result, "REF046", input.Shown(P), 14, 21);
    }

    [Fact]
    public void Empty_punkter_is_an_error()
    {
        var i = TestInput.Valid.IndexOf("punkter:\n", StringComparison.Ordinal);
        var j = TestInput.Valid.IndexOf("---\n\n## 1.", StringComparison.Ordinal);
        var text = TestInput.Valid[..i] + "punkter: []\n" + TestInput.Valid[j..];
        using var input = new TestInput();
        input.Write(P, text);
        Expect.One(input.Run(), "REF031", input.Shown(P), 12, 1);
    }
}

using System.Text.RegularExpressions;

namespace SiteGen.Tests.Import;

/// <summary>Exports that differ from the seeds the way conversions do: other heading levels, tables, HTML,
/// no Bilagsoversigt, an unknown committee, garbled or missing status words. Safe by default: whatever is not
/// read with certainty comes out closed, and nothing of a closed item reaches the file or the report.</summary>
public partial class MessyExportTests
{
    private const string Seed001 = "001_9e1715f7c52341eb.txt";
    private const string Target001 = "2023/2023-09-06-direktionen.md";

    /// <summary>A small export in the seeds' format; <paramref name="items"/> are the lines after the header.</summary>
    internal static string Mini(string items, string udvalg = "Økonomiudvalget", string type = "REFERAT") => $"""
        {udvalg}

        {type}

        Sted: Byrådssalen, rådhuset

        Dato: Tirsdag den 12. november 2024

        Start kl.: 16:00

        Slut kl.: 18:30

        Medlemmer: Borgmester Anna Andersen
        Viceborgmester Bo Berg
        Carl Christensen

        Fraværende: Carl Christensen

        {items}
        """;

    internal const string OpenItem = """
        1. Budgetopfølgning

        Åben sag

        Sagsgang

        ØK

        Sagsfremstilling

        Forvaltningen har gennemgået budgettet.

        Indstilling

        Det indstilles, at budgetopfølgningen godkendes.

        Beslutning i Økonomiudvalget den 12-11-2024

        Godkendt.
        """;

    [Fact]
    public void Heading_levels_and_bold_do_not_change_what_is_imported()
    {
        var plain = ImportWorkspace.Seed(Seed001);
        var sections = new Regex(@"^(Sagsgang|Sagsfremstilling|Økonomiske konsekvenser|Indstilling|Bilag:|" +
            @"Beslutning i Direktionen den 06-09-2023)$", RegexOptions.Multiline);
        var messy = sections.Replace(plain, "#### **$1**");
        messy = new Regex(@"^(\d\. \S.*)$(?=\n\nÅben sag)", RegexOptions.Multiline).Replace(messy, "# $1");
        messy = messy.Replace("\nDirektionen\n", "\n## **Direktionen**\n", StringComparison.Ordinal);
        Assert.NotEqual(plain, messy);

        Assert.Equal(ImportedMeeting(plain), ImportedMeeting(messy));
    }

    [Fact]
    public void A_tab_separated_table_becomes_a_Markdown_table()
    {
        using var ws = new ImportWorkspace();
        var items = OpenItem.Replace("Forvaltningen har gennemgået budgettet.",
            "Forvaltningen har gennemgået budgettet.\n\nOmråde\tBudget\tForbrug\nSkoler\t100\t90\nVeje\t50\t55",
            StringComparison.Ordinal);
        var (exit, _, err) = ws.Run(ws.Export("tabel.txt", Mini(items)));

        Assert.True(exit == 0, err);
        var file = ws.Referat("2024/2024-11-12-oekonomiudvalget.md");
        Assert.Contains("| Område | Budget | Forbrug |\n| --- | --- | --- |\n| Skoler | 100 | 90 |\n| Veje | 50 | 55 |",
            file, StringComparison.Ordinal);
    }

    [Fact]
    public void HTML_fragments_become_Markdown_and_no_tag_is_left()
    {
        using var ws = new ImportWorkspace();
        var items = OpenItem.Replace("Godkendt.", "<p>Godkendt med <b>to</b> ændringer:</p> <ul><li>Skoler</li>" +
            "<li>Veje</li></ul> <script>alert(1)</script><p onclick=\"x()\">Slut &amp; færdig.</p>",
            StringComparison.Ordinal);
        var (exit, _, err) = ws.Run(ws.Export("html.txt", Mini(items)));

        Assert.True(exit == 0, err);
        var file = ws.Referat("2024/2024-11-12-oekonomiudvalget.md");
        Assert.Contains("Godkendt med **to** ændringer:\n\n- Skoler\n- Veje", file, StringComparison.Ordinal);
        Assert.Contains("Slut & færdig.", file, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("<[a-zA-Z/]"), file);
        Assert.DoesNotContain("REF049", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_Bilagsoversigt_the_attachments_are_imported_and_the_report_says_they_were_not_checked()
    {
        var seed = ImportWorkspace.Seed(Seed001);
        var start = seed.LastIndexOf("\nBilagsoversigt\n", StringComparison.Ordinal);
        var end = seed.IndexOf("\nUnderskriftsside\n", StringComparison.Ordinal);
        using var ws = new ImportWorkspace();
        var (exit, output, _) = ws.Run(ws.Export("uden.txt", seed[..start] + seed[end..]));

        Assert.Equal(0, exit);
        Assert.Contains("ingen bilagsoversigt", output, StringComparison.Ordinal);
        var published = ImportWorkspace.Describe(ImportWorkspace.Published(ws.Input, "2023-09-06"));
        Assert.Equal(21, published.Count(l => l.StartsWith("punkt 3 bilag ", StringComparison.Ordinal)));
        Assert.Contains("punkt 3 bilag 21 åben Før- og Eftermåling - Norrdjurs Kommunes medarbejdere (91823/23)",
            published);
    }

    [Fact]
    public void An_unknown_committee_is_an_error_naming_the_closest_one_and_nothing_is_written()
    {
        using var ws = new ImportWorkspace();
        var seed = ImportWorkspace.Seed(Seed001).Replace("\nDirektionen\n", "\nDirektionenn\n",
            StringComparison.Ordinal);
        var (exit, output, err) = ws.Run(ws.Export("ukendt.txt", seed));

        Assert.Equal(1, exit);
        Assert.Contains("error IMP003", err, StringComparison.Ordinal);
        Assert.Contains("“Direktionenn” findes ikke i site.yml; det nærmeste er “Direktionen”", err,
            StringComparison.Ordinal);
        Assert.Contains("Ikke importeret", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(ws.Input, "referater"), "*", SearchOption.AllDirectories));
    }

    /// <summary>Every status line of every seed, garbled or removed in turn: the item always comes out closed,
    /// and none of its words (title, text, attachments) are in the file or the report.</summary>
    [Theory]
    [InlineData("Åb3n sag")]
    [InlineData("Lukke sag")]
    [InlineData("Abn sag")]
    [InlineData("")]
    public void An_item_whose_status_is_not_read_with_certainty_comes_out_closed(string garbled)
    {
        var seed = ImportWorkspace.Seed(Seed001);
        var statusLines = StatusLine().Matches(seed).ToList();
        Assert.Equal(4, statusLines.Count);
        for (var k = 0; k < statusLines.Count; k++)
        {
            var m = statusLines[k];
            var export = seed[..m.Index] + garbled + seed[(m.Index + m.Length)..];
            using var ws = new ImportWorkspace();
            var (exit, output, err) = ws.Run(ws.Export("garbled.txt", export));

            Assert.True(exit == 0, output + err);
            var published = ImportWorkspace.Describe(ImportWorkspace.Published(ws.Input, "2023-09-06"));
            Assert.Contains($"punkt {k + 1} lukket Lukket punkt", published);
            Assert.Contains($"Punkt {k + 1}", output, StringComparison.Ordinal);
            Assert.Contains("importeret som lukket", output, StringComparison.Ordinal);
            var file = ws.Referat(Target001);
            foreach (var word in ItemWords(seed, k + 1))
            {
                Assert.DoesNotContain(word, file, StringComparison.Ordinal);
                Assert.DoesNotContain(word, output + err, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void An_attachment_whose_status_is_garbled_comes_out_closed_without_its_title()
    {
        using var ws = new ImportWorkspace();
        var seed = ImportWorkspace.Seed(Seed001).Replace("1\tÅben\tAPV for ledere - hovedside på intra\t91141/23",
            "1\tÅb3n\tAPV for ledere - hovedside på intra\t91141/23", StringComparison.Ordinal);
        var (exit, output, _) = ws.Run(ws.Export("bilag.txt", seed));

        Assert.Equal(0, exit);
        Assert.Contains("Punkt 3, bilag 1: status “Åb3n” kan ikke læses sikkert", output, StringComparison.Ordinal);
        Assert.Contains("punkt 3 bilag 1 lukket",
            ImportWorkspace.Describe(ImportWorkspace.Published(ws.Input, "2023-09-06")));
        Assert.DoesNotContain("hovedside på intra", ws.Referat(Target001), StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_item_keeps_only_its_number_even_when_the_export_holds_its_text()
    {
        using var ws = new ImportWorkspace();
        var closed = """

            2. Personalesag HEMMELIG-TITEL

            Lukket sag

            Sagsgang

            ØK

            Sagsfremstilling

            HEMMELIG-TEKST om en medarbejder.

            Bilag:

            1	Åben	HEMMELIGT-BILAG	12345/24

            Beslutning i Økonomiudvalget den 12-11-2024

            HEMMELIG-BESLUTNING.
            """;
        var (exit, output, err) = ws.Run(ws.Export("lukket.txt", Mini(OpenItem + closed)));

        Assert.Equal(0, exit);
        var file = ws.Referat("2024/2024-11-12-oekonomiudvalget.md");
        Assert.Contains("  - nr: 2\n    status: lukket\n---", file, StringComparison.Ordinal);
        Assert.Contains("## 2. Lukket punkt", file, StringComparison.Ordinal);
        Assert.DoesNotContain("HEMMELIG", file + output + err, StringComparison.Ordinal);
        Assert.DoesNotContain("12345", file + output + err, StringComparison.Ordinal);
        Assert.Contains("Punkt 2 (lukket)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Variants_of_the_header_and_item_lines_are_recognised()
    {
        using var ws = new ImportWorkspace();
        var items = OpenItem
            .Replace("1. Budgetopfølgning", "**1. Budgetopfølgning for tredje kvartal og**\n**forventet regnskab**",
                StringComparison.Ordinal)
            .Replace("Åben sag", "Åben sag - 24/1234", StringComparison.Ordinal);
        var export = "Norddjurs Kommune\n\n" + Mini(items, udvalg: "Referat - Økonomiudvalget", type: "")
            .Replace("Start kl.: 16:00\n\nSlut kl.: 18:30", "Mødetidspunkt: Kl. 16.00 - " +
                "18.30", StringComparison.Ordinal);
        var (exit, output, err) = ws.Run(ws.Export("varianter.txt", export));

        Assert.True(exit == 0, output + err);
        var file = ws.Referat("2024/2024-11-12-oekonomiudvalget.md");
        Assert.Contains("udvalg: Økonomiudvalget\n", file, StringComparison.Ordinal);
        Assert.Contains("start: \"16:00\"\nslut: \"18:30\"", file, StringComparison.Ordinal);
        Assert.Contains("sagsnr: 24/1234", file, StringComparison.Ordinal);
        Assert.Contains("## 1. Budgetopfølgning for tredje kvartal og forventet " +
            "regnskab\n", file, StringComparison.Ordinal);
        Assert.Contains("“Norddjurs Kommune”", output, StringComparison.Ordinal); // reported as not understood
    }

    [Fact]
    public void A_dagsorden_is_imported_as_one_and_absent_members_are_kept()
    {
        using var ws = new ImportWorkspace();
        var items = OpenItem[..OpenItem.IndexOf("Beslutning i", StringComparison.Ordinal)];
        var (exit, output, err) = ws.Run(ws.Export("dagsorden.txt", Mini(items, type: "DAGSORDEN")));

        Assert.True(exit == 0, output + err);
        var file = ws.Referat("2024/2024-11-12-oekonomiudvalget.md");
        Assert.Contains("type: dagsorden", file, StringComparison.Ordinal);
        Assert.Contains("fraværende:\n  - Carl Christensen\n", file, StringComparison.Ordinal);
        Assert.Contains("start: \"16:00\"\nslut: \"18:30\"", file, StringComparison.Ordinal);
    }

    [Fact]
    public void A_referat_item_without_a_decision_is_written_and_the_report_says_what_to_add()
    {
        using var ws = new ImportWorkspace();
        var items = OpenItem[..OpenItem.IndexOf("Beslutning i", StringComparison.Ordinal)];
        var (exit, output, _) = ws.Run(ws.Export("uden-beslutning.txt", Mini(items)));

        Assert.Equal(0, exit);
        Assert.Contains("Det skal du tilføje eller rette:", output, StringComparison.Ordinal);
        Assert.Contains("Punkt 1 har ingen beslutning", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_referat_is_never_overwritten_and_the_other_exports_are_still_written()
    {
        using var ws = new ImportWorkspace("referater/2023/2023-09-06-direktionen.md");
        var before = ws.Referat(Target001);
        var (exit, output, err) = ws.Run(ws.Export("a.txt", ImportWorkspace.Seed(Seed001)),
            ws.Export("b.txt", Mini(OpenItem)));

        Assert.Equal(1, exit);
        Assert.Equal(before, ws.Referat(Target001));
        Assert.Contains("error IMP006", err, StringComparison.Ordinal);
        Assert.Contains("findes allerede; den er ikke overskrevet", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(ws.Input, "referater", "2024", "2024-11-12-oekonomiudvalget.md")));
        Assert.Contains("1 eksport importeret, 1 ikke importeret.", output, StringComparison.Ordinal);
    }

    private static List<string> ImportedMeeting(string export)
    {
        using var ws = new ImportWorkspace();
        var (exit, output, err) = ws.Run(ws.Export("export.txt", export));
        Assert.True(exit == 0, output + err);
        return ImportWorkspace.Describe(ImportWorkspace.Published(ws.Input, "2023-09-06"));
    }

    /// <summary>Distinctive words of item <paramref name="nr"/> of seed 001 that no other item has.</summary>
    private static string[] ItemWords(string seed, int nr) => nr switch
    {
        1 => ["Beslutningsprotokoller", "veteraner"],
        2 => ["Bettina Andersen deltager under punktet", "studieture"],
        3 => ["Punkter til behandling", "APV for ledere", "91141/23", "Klimakompetencer"],
        _ => ["Eventuelt, herunder", "Regeringens lovprogram"],
    };

    [GeneratedRegex(@"^Åben sag$", RegexOptions.Multiline)]
    private static partial Regex StatusLine();
}

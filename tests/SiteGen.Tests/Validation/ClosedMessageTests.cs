using SiteGen.Diagnostics;

namespace SiteGen.Tests.Validation;

/// <summary>Nothing closed in any message (issue 14, item 6): errors and warnings about a closed item or a closed
/// attachment name it "punkt 2 (lukket)" / "bilag 1 (lukket) til punkt 3" and never quote its title, text, case
/// number, document number or file. The end-to-end test over every command's output is in tests/…/Cli.</summary>
public class ClosedMessageTests
{
    private const string P = TestInput.ReferatPath;

    private static string ClosedWithProblems(string valid) => valid
        .Replace("    status: lukket\n    offentlig_titel: Personalesag",
            "    status: lukket\n    sagsnr: SENTINELSAG\n    offentlig_titel: Personalesag")
        .Replace("      - nr: 1\n        status: lukket\n  - nr: 3",
            "      - nr: 1\n        status: lukket\n        dokument: SENTINELDOK\n        fil: bilag/SENTINELFIL.pdf\n" +
            "  - nr: 3")
        .Replace("      - nr: 2\n        status: lukket\n---",
            "      - nr: 2\n        status: lukket\n        dokument: SENTINELD2\n        fil: ../SENTINELUDE.pdf\n---")
        .Replace("## 2. Ansættelse af ny direktør\n\n### Sagsfremstilling\n\nFortroligt.\n",
            "## 2. Ansættelse af SENTINELTITEL\n\nSENTINELSTRAY tekst\n\n# SENTINELH1\n\n### SENTINELAFSNIT\n\nx\n\n" +
            "### Sagsfremstilling\n\nFortroligt SENTINELTEKST 010190-1234.\n\n### Sagsfremstilling\n\n" +
            "### Beslutning i SENTINELUDVALG den 01-01-2000\n\nx\n\n### 9. SENTINELPUNKT\n\ny\n\n" +
            "<div>SENTINELHTML</div>\n");

    [Fact]
    public void Errors_and_warnings_in_a_closed_item_never_quote_its_content()
    {
        using var input = new TestInput();
        var text = ClosedWithProblems(TestInput.Valid);
        Assert.Equal(13, text.Split("SENTINEL").Length - 1); // every replacement took
        input.Write(P, text);
        var result = input.Run();
        var codes = result.Diagnostics.Select(d => d.Code).ToHashSet();
        foreach (var code in new[] { Codes.InvalidSagsnr, Codes.InvalidDokument, Codes.BilagFileMissing,
                     Codes.BilagFileLocation, Codes.TextBeforeFirstSection, Codes.Level1Heading, Codes.UnknownSection,
                     Codes.DuplicateSection, Codes.EmptySection, Codes.DecisionHeadingMismatch,
                     Codes.ItemHeadingAsSection })
            Assert.Contains(code, codes);
        Assert.All(result.Diagnostics, d => Assert.DoesNotContain("SENTINEL", d.Message));
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("punkt 2 (lukket)", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics,
            d => d.Message.Contains("bilag 2 (lukket) til punkt 3", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics,
            d => d.Message.Contains("bilag 1 (lukket) til punkt 2 (lukket)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_heading_of_a_closed_item_is_named_by_its_number()
    {
        var (input, result) = TestInput.Mutated("## 2. Ansættelse af ny direktør", "## 2 SENTINELUDENPUNKTUM");
        using var _ = input;
        var d = Expect.At(result, Codes.BadItemHeading, input.Shown(P), 53, 1);
        Assert.Contains("punkt 2 (lukket)", d.Message);
        Assert.All(result.Diagnostics, x => Assert.DoesNotContain("SENTINEL", x.Message));
    }

    [Fact]
    public void The_same_mistakes_in_an_open_item_quote_the_text_to_help()
    {
        var (input, result) = TestInput.Mutated("### Indstilling", "### Indstiling");
        using var _ = input;
        Assert.Contains("'### Indstiling'", Expect.At(result, Codes.UnknownSection, input.Shown(P), 61, 1).Message);
    }

    [Fact]
    public void A_closed_attachment_file_that_is_refused_is_not_named()
    {
        using var input = new TestInput();
        input.Write("referater/2024/bilag/SENTINELSTOR.pdf", "x");
        File.Delete(Path.Combine(input.Dir, "referater/2024/bilag/SENTINELSTOR.pdf"));
        Directory.CreateDirectory(Path.Combine(input.Dir, "referater/2024/bilag/SENTINELSTOR.pdf"));
        input.Write(P, TestInput.Valid.Replace("      - nr: 2\n        status: lukket\n---",
            "      - nr: 2\n        status: lukket\n        fil: bilag/SENTINELSTOR.pdf\n---"));
        var result = input.Run();
        Assert.False(result.CanPublish);
        Assert.All(result.Diagnostics, x => Assert.DoesNotContain("SENTINEL", x.Message));
    }
}

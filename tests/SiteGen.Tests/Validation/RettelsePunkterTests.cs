namespace SiteGen.Tests.Validation;

/// <summary>A correction may name the items it concerns (`punkter: [3]`, issue 16): open items of the meeting only.
/// </summary>
public class RettelsePunkterTests
{
    private const string P = TestInput.ReferatPath;

    private static (TestInput Input, SiteGen.Validation.ValidationResult Result) WithPunkter(string punkter) =>
        TestInput.Mutated("punkter:\n  - nr: 1\n",
            $"rettelser:\n  - dato: 2024-11-20\n    tekst: Rettet.\n    punkter: {punkter}\npunkter:\n  - nr: 1\n");

    [Fact]
    public void A_correction_naming_an_open_item_is_valid_and_kept()
    {
        var (input, result) = WithPunkter("[3, 1]");
        using var _ = input;
        Expect.Clean(result);
        Assert.Equal([3, 1], result.Referater.Single().Rettelser.Single().Punkter.ToArray());
    }

    [Theory]
    [InlineData("[9]", "REF090", 15)]
    [InlineData("[0]", "REF090", 15)]
    [InlineData("[tre]", "REF090", 15)]
    [InlineData("[[1]]", "REF090", 15)]
    [InlineData("[-1]", "REF090", 15)]
    [InlineData("[99999999999999999999]", "REF090", 15)]
    [InlineData("[2]", "REF091", 15)]
    public void A_correction_naming_no_such_item_or_a_closed_one_is_an_error(string punkter, string code, int col)
    {
        var (input, result) = WithPunkter(punkter);
        using var _ = input;
        var d = Expect.One(result, code, input.Shown(P), 15, col);
        Assert.Matches("^[^a-z]*[A-ZÆØÅ]", d.Message);
    }

    [Fact]
    public void The_closed_item_is_named_only_by_its_number()
    {
        var (input, result) = WithPunkter("[2]");
        using var _ = input;
        var d = Expect.One(result, "REF091", input.Shown(P), 15, 15);
        Assert.Contains("punkt 2 (lukket)", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Ansættelse", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Personalesag", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Punkter_that_is_not_a_list_is_a_type_error()
    {
        var (input, result) = WithPunkter("{nr: 1}");
        using var _ = input;
        Assert.Contains(result.Diagnostics, d => d.Code == "REF009");
        Assert.Empty(result.Referater);
    }
}

using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>site.yml's optional <c>kontakt</c>: whom a citizen asks for an attachment that is not online.</summary>
public class SiteContactTests
{
    private static (TestInput Input, ValidationResult Result) With(string kontakt)
    {
        var input = new TestInput(TestInput.DefaultSite + "\n" + kontakt);
        return (input, input.Run());
    }

    [Fact]
    public void A_contact_with_name_e_mail_and_phone_is_loaded()
    {
        var (input, result) = With("kontakt:\n  navn: Borgerservice\n  email: borgerservice@norddjurs.dk\n" +
            "  telefon: +45 89 59 10 00\n");
        using (input) Expect.Clean(result);
        Assert.Equal(new SiteGen.Common.Kontakt("Borgerservice", "borgerservice@norddjurs.dk", "+45 89 59 10 00"),
            result.Config!.Kontakt);
    }

    [Fact]
    public void Without_a_contact_there_is_none()
    {
        using var input = new TestInput(TestInput.DefaultSite);
        Assert.Null(input.Run().Config!.Kontakt);
    }

    // DefaultSite has 7 lines; 'kontakt:' is line 8.
    [Theory]
    [InlineData("kontakt:\n  navn: Borgerservice\n  email: borgerservice(at)norddjurs.dk\n", "SITE030", 10, 10)]
    [InlineData("kontakt:\n  navn: Borgerservice\n  email: \"a@b.dk?subject=x\"\n", "SITE030", 10, 10)]
    [InlineData("kontakt:\n  navn: Borgerservice\n  email: a@b.dk, c@d.dk\n", "SITE030", 10, 10)]
    [InlineData("kontakt:\n  navn: Borgerservice\n  email: \"javascript:alert(1)//@x.dk\"\n", "SITE030", 10, 10)]
    [InlineData("kontakt:\n  navn: Borgerservice\n  telefon: ring på 8959 1000\n", "SITE031", 10, 12)]
    [InlineData("kontakt:\n  navn: Borgerservice\n  telefon: 12\n", "SITE031", 10, 12)]
    [InlineData("kontakt:\n  email: a@b.dk\n", "SITE006", 9, 3)]
    [InlineData("kontakt: Borgerservice\n", "SITE007", 8, 10)]
    [InlineData("kontakt:\n  - navn: Borgerservice\n", "SITE007", 9, 3)]
    [InlineData("kontakt:\n  navn: Borgerservice\n  mail: a@b.dk\n", "SITE005", 10, 3)]
    public void A_bad_contact_is_an_error_at_its_value(string kontakt, string code, int line, int column)
    {
        var (input, result) = With(kontakt);
        using (input) Expect.At(result, code, input.Shown("site.yml"), line, column);
        Assert.Null(result.Config);
    }

    [Fact]
    public void Contact_messages_are_Danish_and_quote_the_value()
    {
        var (input, result) = With("kontakt:\n  navn: Borgerservice\n  email: x\n  telefon: abc\n");
        using (input)
        {
            Assert.Contains("e-mailadresse", result.Diagnostics.Single(d => d.Code == "SITE030").Message);
            Assert.Contains("'abc'", result.Diagnostics.Single(d => d.Code == "SITE031").Message);
        }
    }
}

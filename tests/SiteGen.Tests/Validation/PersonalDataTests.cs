using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

public class PersonalDataTests
{
    [Theory]
    [InlineData("cpr 010190-1234", PersonalDataKind.Cpr, 4)]
    [InlineData("0101901234", PersonalDataKind.Cpr, 0)]
    [InlineData("290200-1234", PersonalDataKind.Cpr, 0)]
    [InlineData("mail: jens.hansen@norddjurs.dk.", PersonalDataKind.Email, 6)]
    [InlineData("tlf. 89 59 10 00", PersonalDataKind.Phone, 5)]
    [InlineData("tlf. 8959 1000", PersonalDataKind.Phone, 5)]
    [InlineData("tlf. 89591000", PersonalDataKind.Phone, 5)]
    [InlineData("tlf. +45 89 59 10 00", PersonalDataKind.Phone, 5)]
    [InlineData("tlf. +4589591000", PersonalDataKind.Phone, 5)]
    public void Found(string text, PersonalDataKind kind, int index)
    {
        var hit = Assert.Single(PersonalData.Find(text));
        Assert.Equal((kind, index), (hit.Kind, hit.Index));
    }

    [Theory]
    [InlineData("dokument 108223/24 og 91141/23")]
    [InlineData("sag 24/7615, sagsnr. 23/12345")]
    [InlineData("budget 2023 2024 og 2024-2027")]
    [InlineData("kl. 09:00 til 13:00 den 13-11-2024")]
    [InlineData("320190-1234 er ingen dato")]
    [InlineData("beløb 12.345.678 kr. og 1.234.567,89 kr.")]
    [InlineData("20241113 og 12345678")]
    [InlineData("EAN 5798000000000 og konto 12345678901")]
    [InlineData("ØK d. 12/11 2024, KB d. 19/11 2024")]
    [InlineData("en ramme på 25 000 000 kr. og 1 250 000 kr.")]
    public void Not_found(string text) => Assert.Empty(PersonalData.Find(text));
}

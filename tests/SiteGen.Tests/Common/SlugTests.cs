using SiteGen.Common;

namespace SiteGen.Tests.Common;

public class SlugTests
{
    [Theory]
    [InlineData("Økonomiudvalget", "oekonomiudvalget")]
    [InlineData("Miljø- og Teknikudvalget", "miljoe-og-teknikudvalget")]
    [InlineData("Børne- og Ungdomsudvalget", "boerne-og-ungdomsudvalget")]
    [InlineData("Direktionen", "direktionen")]
    [InlineData("  Kultur- og Fritidsudvalget  ", "kultur-og-fritidsudvalget")]
    public void Slug_follows_the_spec(string name, string slug) => Assert.Equal(slug, Slug.From(name));

    [Fact]
    public void Danish_dates_read_as_a_citizen_expects()
    {
        var d = new DateOnly(2024, 11, 13);
        Assert.Equal("onsdag den 13. november 2024", Danish.WeekdayDate(d));
        Assert.Equal("13-11-2024", Danish.ShortDate(d));
    }
}

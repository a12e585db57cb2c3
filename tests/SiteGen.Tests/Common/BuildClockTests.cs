using SiteGen.Common;

namespace SiteGen.Tests.Common;

public class BuildClockTests
{
    [Theory]
    [InlineData("1733007600", 2024, 12, 1)]   // 2024-11-30T23:00Z is already 1 December in Copenhagen
    [InlineData("1733007599", 2024, 11, 30)]
    [InlineData(" 1719792000 ", 2024, 7, 1)]  // summer time
    public void SOURCE_DATE_EPOCH_sets_the_build_date_in_Copenhagen(string value, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), BuildClock.Today(name => name == BuildClock.Variable ? value : null));

    [Theory]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("1e9")]
    [InlineData("99999999999999999999999")]
    [InlineData("tomorrow")]
    public void A_value_that_is_not_seconds_falls_back_to_the_clock(string value) =>
        Assert.Null(BuildClock.FromEpoch(value));
}

using System.Globalization;

namespace SiteGen.Common;

/// <summary>The build date, the one thing a build reads from the clock ("Kommende møder"). Reproducible builds
/// set SOURCE_DATE_EPOCH (seconds since 1970, https://reproducible-builds.org/specs/source-date-epoch/); the
/// date is taken in Europe/Copenhagen.</summary>
public static class BuildClock
{
    public const string Variable = "SOURCE_DATE_EPOCH";

    /// <summary>Today in Copenhagen: from SOURCE_DATE_EPOCH when it is set to a whole number of seconds, else from
    /// the system clock.</summary>
    public static DateOnly Today(Func<string, string?>? environment = null)
    {
        var value = (environment ?? Environment.GetEnvironmentVariable)(Variable);
        return DateOf(FromEpoch(value) ?? DateTimeOffset.UtcNow);
    }

    /// <summary>The instant SOURCE_DATE_EPOCH names, or null when it is not set or not a valid number of
    /// seconds.</summary>
    public static DateTimeOffset? FromEpoch(string? value) =>
        long.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>The Copenhagen calendar date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset t) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, Danish.Copenhagen).DateTime);
}

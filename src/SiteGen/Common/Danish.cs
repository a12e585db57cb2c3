using System.Globalization;

namespace SiteGen.Common;

/// <summary>Danish date wording, used by pages and feeds alike.</summary>
public static class Danish
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("da-DK");

    private static readonly string[] Months =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
            "december"];

    private static readonly string[] Weekdays =
        ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];

    public static string MonthName(int month) => Months[month - 1];

    /// <summary>"13. november 2024"</summary>
    public static string LongDate(DateOnly d) => $"{d.Day}. {Months[d.Month - 1]} {d.Year}";

    /// <summary>"onsdag den 13. november 2024"</summary>
    public static string WeekdayDate(DateOnly d) => $"{Weekdays[(int)d.DayOfWeek]} den {LongDate(d)}";

    /// <summary>"13-11-2024", the form used in decision headings.</summary>
    public static string ShortDate(DateOnly d) => d.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    public static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Europe/Copenhagen, for publication defaults and calendars.</summary>
    public static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
}

using System.Globalization;
using System.Text;
using SiteGen.Common;
using SiteGen.Publishing;
using SiteGen.Rendering;

namespace SiteGen.Feeds;

/// <summary>iCalendar (RFC 5545) of one committee's meetings, written by hand: CRLF line ends,
/// lines folded at 75 octets without splitting a UTF-8 character, TEXT values escaped.</summary>
public static class Calendar
{
    public const string TimeZoneId = "Europe/Copenhagen";

    // Denmark's rules since 1996 (EU summer time): enough for every meeting a calendar will show.
    private static readonly string[] VTimeZone =
    [
        "BEGIN:VTIMEZONE",
        "TZID:" + TimeZoneId,
        "X-LIC-LOCATION:" + TimeZoneId,
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ];

    public static string Write(PublicSite site, PublicUdvalg udvalg, IEnumerable<PublicMeeting> meetings) =>
        Write(site, $"{udvalg.Navn} – {site.Kommune}", meetings);

    /// <summary>A calendar named <paramref name="name"/> with one event per meeting (of any committee).</summary>
    public static string Write(PublicSite site, string name, IEnumerable<PublicMeeting> meetings)
    {
        var host = new Uri(site.BaseUrl).Host;
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//SiteGen//" + Text(site.Kommune) + "//DA",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Text(name),
            "X-WR-TIMEZONE:" + TimeZoneId,
        };
        lines.AddRange(VTimeZone);
        // Oldest first: a calendar has no "newest" order, and a fixed one keeps builds identical.
        foreach (var m in meetings.OrderBy(m => m.Dato).ThenBy(m => m.Start))
        {
            var url = site.Absolute(m.Url);
            lines.Add("BEGIN:VEVENT");
            // Stable: the same meeting keeps its UID in every build, whatever else changes.
            lines.Add($"UID:{m.Udvalg.Slug}-{m.Dato:yyyy-MM-dd}@{host}");
            lines.Add("DTSTAMP:" + Utc(m.Modified));
            lines.Add("LAST-MODIFIED:" + Utc(m.Modified));
            lines.Add("CREATED:" + Utc(m.Publiceret));
            lines.Add("SEQUENCE:" + Sequence(m).ToString(CultureInfo.InvariantCulture));
            lines.Add($"DTSTART;TZID={TimeZoneId}:{Local(m.Dato, m.Start)}");
            lines.Add($"DTEND;TZID={TimeZoneId}:{Local(m.Dato, m.Slut)}");
            lines.Add("SUMMARY:" + Text($"Møde i {m.Udvalg.Navn}"));
            lines.Add("LOCATION:" + Text(m.Sted));
            lines.Add("URL:" + url);
            lines.Add("DESCRIPTION:" + Text(Description(m, url)));
            lines.Add("STATUS:CONFIRMED");
            lines.Add("TRANSP:OPAQUE");
            lines.Add("END:VEVENT");
        }
        lines.Add("END:VCALENDAR");

        var sb = new StringBuilder();
        foreach (var line in lines) Fold(line, sb);
        return sb.ToString();
    }

    /// <summary>The event's revision, from the input alone so rebuilds stay identical: an agenda is 0, its referat 1,
    /// and every correction adds 1. Calendar apps take a higher SEQUENCE as a change to the event.</summary>
    public static int Sequence(PublicMeeting m) =>
        (m.Type == MoedeType.Referat ? 1 : 0) + (m.Rettelser.IsDefaultOrEmpty ? 0 : m.Rettelser.Length);

    /// <summary>The agenda in plain text: what the meeting is about, closed items by their public title only.</summary>
    private static string Description(PublicMeeting m, string url)
    {
        var sb = new StringBuilder();
        sb.Append(Labels.Type(m.Type)).Append(": ").Append(url).Append('\n');
        if (!m.Rettelser.IsDefaultOrEmpty) sb.Append("Rettet ").Append(Danish.LongDate(m.Rettelser.Max(r => r.Dato)))
            .Append('\n');
        sb.Append('\n').Append(m.Type == MoedeType.Dagsorden ? "Dagsorden:" : "Punkter:").Append('\n');
        foreach (var p in m.Punkter) sb.Append(Labels.ItemHeading(p)).Append('\n');
        return sb.ToString().TrimEnd('\n');
    }

    private static string Local(DateOnly d, TimeOnly t) =>
        d.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "T" + t.ToString("HHmmss", CultureInfo.InvariantCulture);

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'",
        CultureInfo.InvariantCulture);

    /// <summary>RFC 5545 3.3.11 TEXT: backslash, semicolon and comma escaped, line breaks as \n.</summary>
    public static string Text(string s) => s
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>RFC 5545 3.1: lines longer than 75 octets continue on the next line after CRLF and a space.</summary>
    public static void Fold(string line, StringBuilder sb)
    {
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var len = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, len));
            if (octets + size > limit)
            {
                sb.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space counts
            }
            sb.Append(line, i, len);
            octets += size;
            i += len - 1;
        }
        sb.Append("\r\n");
    }
}

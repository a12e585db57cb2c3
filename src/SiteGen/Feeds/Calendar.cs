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
        Write(site, Name(site, udvalg), meetings);

    /// <summary>The name of a committee's calendar.</summary>
    public static string Name(PublicSite site, PublicUdvalg udvalg) => $"{udvalg.Navn} – {site.Kommune}";

    /// <summary>A calendar named <paramref name="name"/> with one event per meeting (of any committee).</summary>
    public static string Write(PublicSite site, string name, IEnumerable<PublicMeeting> meetings)
    {
        using var ics = new MemoryStream();
        Write(ics, site, name, meetings, m => Utf8.GetBytes(Event(site, m)));
        return Utf8.GetString(ics.GetBuffer(), 0, (int)ics.Length);
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The calendar as UTF-8 to <paramref name="ics"/>, each meeting's event from <paramref name="vevent"/>
    /// (<see cref="Event"/>, or its bytes kept from the last build) written as its turn comes.</summary>
    public static void Write(Stream ics, PublicSite site, string name, IEnumerable<PublicMeeting> meetings,
        Func<PublicMeeting, byte[]> vevent)
    {
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
        var head = new StringBuilder();
        foreach (var line in lines) Fold(line, head);
        ics.Write(Utf8.GetBytes(head.ToString()));
        // Oldest first: a calendar has no "newest" order, and a fixed one keeps builds identical.
        foreach (var m in InOrder(meetings)) ics.Write(vevent(m));
        ics.Write("END:VCALENDAR\r\n"u8);
    }

    /// <summary>The meetings in the calendar's order: oldest first.</summary>
    internal static IEnumerable<PublicMeeting> InOrder(IEnumerable<PublicMeeting> meetings) =>
        meetings.OrderBy(m => m.Dato).ThenBy(m => m.Start);

    /// <summary>One meeting's VEVENT, folded, with CRLF after each line.</summary>
    public static string Event(PublicSite site, PublicMeeting m)
    {
        var host = new Uri(site.BaseUrl).Host;
        var url = site.Absolute(m.Url);
        var lines = new[]
        {
            "BEGIN:VEVENT",
            // Stable: the same meeting keeps its UID in every build, whatever else changes.
            $"UID:{m.Udvalg.Slug}-{m.Dato:yyyy-MM-dd}@{host}",
            "DTSTAMP:" + Utc(m.Modified),
            "LAST-MODIFIED:" + Utc(m.Modified),
            "CREATED:" + Utc(m.Publiceret),
            "SEQUENCE:" + Sequence(m).ToString(CultureInfo.InvariantCulture),
            $"DTSTART;TZID={TimeZoneId}:{Local(m.Dato, m.Start)}",
            $"DTEND;TZID={TimeZoneId}:{Local(m.Dato, m.Slut)}",
            "SUMMARY:" + Text($"Møde i {m.Udvalg.Navn}"),
            "LOCATION:" + Text(m.Sted),
            "URL:" + url,
            "DESCRIPTION:" + Text(Description(m, url)),
            "STATUS:CONFIRMED",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        };

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

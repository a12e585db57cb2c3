using System.Text.RegularExpressions;

namespace SiteGen.Publishing;

/// <summary>The site's address scheme, spelled once: every page, item, attachment, feed, calendar and data file.
/// URLs are site-relative with a leading slash; a page's file is its URL + index.html (<see cref="File"/>).
/// Rendering, Feeds, Data, Search and Preview all take their addresses from here.</summary>
public static partial class Urls
{
    public const string Home = "/";
    public const string About = "/om/";
    public const string Search = "/soeg/";
    public const string NotFoundFile = "404.html";
    public const string SearchFilters = "/soeg/filtre.json";
    public const string Sitemap = "/sitemap.xml";

    public const string AllFeed = "/feed.xml";
    public const string DecisionsFeed = "/beslutninger.xml";
    public const string AllCalendar = "/moeder.ics";

    public const string Sager = "/sager/";
    public const string SagIndex = "/data/sager.json";
    public const string DecisionsCsv = "/data/beslutninger.csv";

    /// <summary>A case number as a path segment: "24/7615" → "24-7615" (case numbers are digits and one slash).
    /// </summary>
    public static string SagSlug(string sagsnr) => sagsnr.Replace('/', '-');

    public static string Sag(string slug) => $"{Sager}{slug}/";

    /// <summary>The cases treated in a year, page <paramref name="side"/>: "/sager/2024/", "/sager/2024/side-2/". A
    /// case's slug always holds a '-' (<see cref="SagSlug"/> of "two digits / number"), a year never does, so the
    /// two cannot meet.</summary>
    public static string SagerAar(int year, int side = 1) =>
        side == 1 ? $"{Sager}{year:0000}/" : $"{Sager}{year:0000}/side-{side}/";

    public static string SagFeed(PublicSag s) => $"{s.Url}feed.xml";

    public static string SagData(PublicSag s) => $"/data/sager/{s.Slug}.json";

    /// <summary>One meeting as an iCalendar file, beside its page.</summary>
    public static string MeetingCalendar(PublicMeeting m) => MeetingCalendar(m.Url);

    /// <summary>As <see cref="MeetingCalendar(PublicMeeting)"/>, from the meeting's <see cref="PublicMeeting.Url"/>
    /// (made once by a caller that needs several of its addresses).</summary>
    public static string MeetingCalendar(string meetingUrl) => $"{meetingUrl}moede.ics";

    public const string MeetingIndex = "/data/moeder.json";
    public const string UdvalgIndex = "/data/udvalg.json";
    public const string DataSchema = "/data/schema/oparl-data.schema.json";

    public static string Year(int year) => $"/aar/{year}/";

    public static string Udvalg(string slug) => $"/{slug}/";

    public static string UdvalgFeed(PublicUdvalg u) => $"/{u.Slug}/feed.xml";

    public static string UdvalgCalendar(PublicUdvalg u) => $"/{u.Slug}/moeder.ics";

    public static string UdvalgData(PublicUdvalg u) => $"/data/{u.Slug}/moeder.json";

    public static string Meeting(string slug, DateOnly dato) => $"/{slug}/{dato:yyyy-MM-dd}/";

    public static string MeetingData(PublicMeeting m) => $"/data/{m.Udvalg.Slug}/{m.Dato:yyyy-MM-dd}.json";

    /// <summary>The id of an item on its meeting's page (and of the item in the meeting's data): "punkt-3".</summary>
    public static string ItemAnchor(int nr) => $"punkt-{nr}";

    /// <summary>The id of an attachment in the meeting's data: "punkt-3-bilag-2".</summary>
    public static string AttachmentAnchor(int punktNr, int bilagNr) => $"punkt-{punktNr}-bilag-{bilagNr}";

    /// <summary>An open item's own page.</summary>
    public static string ItemPage(PublicMeeting m, int nr) => ItemPage(m.Url, nr);

    /// <summary>As <see cref="ItemPage(PublicMeeting, int)"/>, from the meeting's <see cref="PublicMeeting.Url"/>.
    /// </summary>
    public static string ItemPage(string meetingUrl, int nr) => $"{meetingUrl}{ItemAnchor(nr)}/";

    /// <summary>An item on its meeting's page.</summary>
    public static string ItemOnMeeting(PublicMeeting m, int nr) => $"{m.Url}#{ItemAnchor(nr)}";

    /// <summary>Where an item is read: its own page when open, its place on the meeting page when closed.</summary>
    public static string Item(PublicMeeting m, PublicPunkt p) =>
        p is OpenPunkt ? ItemPage(m, p.Nr) : ItemOnMeeting(m, p.Nr);

    /// <summary>An open attachment's file (site-relative, no leading slash), made of numbers only: stable, and it
    /// reveals nothing of the source file's name.</summary>
    public static string AttachmentFile(PublicUdvalg udvalg, DateOnly dato, int punktNr, int bilagNr, string ext) =>
        $"{udvalg.Slug}/{dato:yyyy-MM-dd}/bilag/{AttachmentAnchor(punktNr, bilagNr)}{ext}";

    /// <summary>The file behind a URL (site-relative, no leading slash): "/om/" → "om/index.html".</summary>
    public static string File(string url) => url.EndsWith('/') ? url[1..] + "index.html" : url[1..];

    public static string MeetingFile(PublicMeeting m) => File(m.Url);

    public static string ItemFile(PublicMeeting m, OpenPunkt p) => File(ItemPage(m, p.Nr));

    /// <summary>A glob for every meeting page's file and nothing else (what search indexes), made from
    /// <see cref="Meeting"/>: "*/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/index.html".</summary>
    public static readonly string MeetingPagesGlob =
        Digit().Replace(File(Meeting("*", new DateOnly(2000, 1, 1))), "[0-9]");

    [GeneratedRegex("[0-9]")]
    private static partial Regex Digit();
}

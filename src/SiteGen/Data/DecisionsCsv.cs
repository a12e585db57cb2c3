using System.Globalization;
using System.Text;
using SiteGen.Common;
using SiteGen.Feeds;
using SiteGen.Publishing;
using SiteGen.Rendering;

namespace SiteGen.Data;

/// <summary>/data/beslutninger.csv: every decision of an open item, one row each, for spreadsheets. UTF-8 with a
/// byte order mark (so Excel reads æ, ø, å), RFC 4180: comma-separated, CRLF after every record, a field with a
/// comma, quote or line break in quotes with its quotes doubled.</summary>
public static class DecisionsCsv
{
    public static readonly string[] Header =
        ["dato", "udvalg", "punkt", "titel", "sagsnr", "beslutning", "url"];

    /// <param name="fragments">the meetings' rows kept from the last build (<see cref="Fragments"/>)</param>
    public static byte[] Write(PublicSite site, Fragments? fragments = null) =>
        WholeFile.Bytes(Write(WholeFiles.None, site, fragments).Write!);

    /// <summary>As <see cref="Write(PublicSite, Fragments?)"/>, written meeting by meeting to the file, or nothing
    /// (the file kept whole from the last build, <see cref="WholeFiles"/>) when every meeting's rows are as they
    /// were.</summary>
    internal static (Action<Stream>? Write, string? Key) Write(WholeFiles whole, PublicSite site, Fragments? fragments)
    {
        var parts = fragments ?? Fragments.None;
        var header = new StringBuilder();
        Row(header, Header);
        // Newest meeting first (as the site lists them), items in their order.
        var rows = site.Meetings.Select(m => parts.MeetingPiece(m, Fragments.Slot.Csv, () => Rows(site, m))).ToList();
        return whole.KeepOr(Urls.DecisionsCsv.TrimStart('/'), key =>
        {
            foreach (var r in rows) key.Add(r.Hash);
        }, csv =>
        {
            csv.Write(Encoding.UTF8.GetPreamble());
            csv.Write(Encoding.UTF8.GetBytes(header.ToString()));
            foreach (var r in rows) csv.Write(r.Bytes);
        });
    }

    /// <summary>A meeting's rows: one per open item with a decision.</summary>
    private static byte[] Rows(PublicSite site, PublicMeeting m)
    {
        var sb = new StringBuilder();
        foreach (var p in m.Punkter.OfType<OpenPunkt>())
        {
            if (FeedText.Decision(site, m, p) is not { Text: var text }) continue;
            Row(sb,
            [
                m.Dato.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.Udvalg.Navn,
                p.Nr.ToString(CultureInfo.InvariantCulture), p.Titel, p.Sagsnr ?? "",
                text, site.Absolute(Urls.ItemPage(m, p.Nr)),
            ]);
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Row(StringBuilder sb, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Field(fields[i]));
        }
        sb.Append("\r\n");
    }

    /// <summary>One field: quoted when it holds a comma, quote or line break (quotes doubled). Line breaks inside
    /// a field are CRLF too. A text a spreadsheet would run as a formula (starting with =, +, @ or -, when the -
    /// does not start a list item "- ") gets a leading apostrophe, the usual guard.</summary>
    public static string Field(string value)
    {
        var v = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            .Replace("\n", "\r\n", StringComparison.Ordinal);
        if (v.Length > 0 && (v[0] is '=' or '+' or '@' or '\t'
                             || (v[0] == '-' && !(v.Length > 1 && v[1] == ' '))))
            v = "'" + v;
        return v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}

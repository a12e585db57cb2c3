using System.Collections.Immutable;
using System.Globalization;
using SiteGen.Common;
using SiteGen.Data;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Rendering;

namespace SiteGen.Feeds;

public static class FeedWriter
{
    /// <summary>Feed readers poll often and only need what is new: a feed holds the meetings published or
    /// corrected most recently. The whole archive is in the open data and the sitemap.</summary>
    public const int MaxMeetingEntries = 50;

    public const int MaxDecisionEntries = 100;

    /// <summary>RSS feeds (all, per committee, decisions) and iCalendar files, from the public model only.</summary>
    /// <param name="kept">files in the staging folder already (<see cref="BuildCache"/>): not made nor written</param>
    /// <param name="fragments">the meetings' calendar events kept from the last build (<see cref="Fragments"/>)
    /// </param>
    /// <param name="whole">calendars kept whole from the last build when their events are the same</param>
    /// <param name="keptUnit">a meeting or case whose output unit is in the staging folder already, with all its files
    /// (<paramref name="kept"/> holds each of them): its calendar or feed is left out without its path made and looked
    /// up (≈ 74,000 of each in a one-edit build at 10,000 meetings)</param>
    public static void Write(PublicSite site, SiteWriter writer, Func<string, bool>? kept = null,
        Fragments? fragments = null, WholeFiles? whole = null, Func<object, bool>? keptUnit = null)
    {
        // Files independent of each other (one calendar per meeting, one feed per case): written in parallel, as the
        // open data (SiteWriter is thread-safe).
        // Listed first: a parallel loop over the lazy list made each file's record under the loop's lock, while the
        // other workers spun on it.
        Parallel.ForEach(Made(site, fragments, kept, keptUnit).Where(f => kept?.Invoke(f.Path) != true).ToArray(),
            Workers.OnePerCore, file =>
            StepLog.StepFile("feed", file.Path, () => file.WriteTo(writer, whole ?? WholeFiles.None)));
    }

    /// <summary>Every feed and calendar, with the meetings each is made from (serve rewrites only those whose meetings
    /// changed).</summary>
    public static IEnumerable<GeneratedFile> Files(PublicSite site, Fragments? fragments = null) =>
        Made(site, fragments).Select(f => f.Generated);

    /// <param name="kept">a meeting's calendar or a case's feed kept from the last build: left out before its record
    /// is made (a one-edit build keeps ≈ 74,000 of them)</param>
    /// <param name="keptUnit">a meeting or case whose own files are all kept (see <see cref="Write"/>)</param>
    private static IEnumerable<WholeFile> Made(PublicSite site, Fragments? fragments,
        Func<string, bool>? kept = null, Func<object, bool>? keptUnit = null)
    {
        var parts = fragments ?? Fragments.None;
        // A calendar of many meetings: kept whole when its name and events are as they were.
        WholeFile CalendarFile(string url, string name, ImmutableArray<PublicMeeting> meetings) =>
            new(url.TrimStart('/'), meetings, whole =>
            {
                var ordered = Calendar.InOrder(meetings).ToList();
                var events = new Dictionary<PublicMeeting, Fragments.Piece>(ReferenceEqualityComparer.Instance);
                foreach (var m in ordered)
                    events[m] = parts.MeetingPiece(m, Fragments.Slot.Event,
                        () => Utf8.GetBytes(Calendar.Event(site, m)));
                return whole.KeepOr(url.TrimStart('/'), key =>
                {
                    key.Add(name);
                    foreach (var m in ordered) key.Add(events[m].Hash);
                }, ics => Calendar.Write(ics, site, name, ordered, m => events[m].Bytes));
            });
        // An RSS feed of a few meetings: kept whole when its meetings are the same units as in the last build (in the
        // same order), so a one-edit build makes only the feeds that show the edited meeting.
        WholeFile FeedFile(string url, ImmutableArray<PublicMeeting> meetings, bool meetingHtml,
            Func<RssChannel> channel) =>
            new(url.TrimStart('/'), meetings, whole => Feed(whole, site, parts, url.TrimStart('/'), meetings,
                meetingHtml, channel));
        var recent = Recent(site.Meetings, MaxMeetingEntries).ToImmutableArray();
        yield return FeedFile(Urls.AllFeed, recent, meetingHtml: true, () => new RssChannel(
            site.Titel, site.Absolute(Urls.Home),
            $"Referater og dagsordener fra {site.Kommune}s politiske udvalg, nyeste først.",
            site.Absolute(Urls.AllFeed), MeetingItems(site, recent, parts)));

        foreach (var u in site.Udvalg)
        {
            var meetings = site.Meetings.Where(m => m.Udvalg.Slug == u.Slug).ToImmutableArray();
            var recentOfUdvalg = Recent(meetings, MaxMeetingEntries).ToImmutableArray();
            yield return FeedFile(Urls.UdvalgFeed(u), recentOfUdvalg, meetingHtml: true, () => new RssChannel(
                $"{u.Navn} – {site.Titel}", site.Absolute(u.Url),
                $"Referater og dagsordener fra {u.Navn}, nyeste først.",
                site.Absolute(Urls.UdvalgFeed(u)), MeetingItems(site, recentOfUdvalg, parts)));
            yield return CalendarFile(Urls.UdvalgCalendar(u), Calendar.Name(site, u), meetings);
        }

        yield return CalendarFile(Urls.AllCalendar, $"Møder – {site.Titel}", site.Meetings);
        // A meeting's own calendar: its event as the calendars above have it (made once for all of them), written
        // straight as UTF-8.
        foreach (var m in site.Meetings)
            if (keptUnit?.Invoke(m) != true && Urls.MeetingCalendar(m).TrimStart('/') is var path
                && kept?.Invoke(path) != true)
                yield return WholeFile.Always(path, [m], () =>
                    WholeFile.Bytes(ics => Calendar.Write(ics, site, Labels.MeetingTitle(m), [m], one =>
                        parts.Meeting(one, Fragments.Slot.Event, () => Utf8.GetBytes(Calendar.Event(site, one))))));
        foreach (var sag in site.Sager)
            if (keptUnit?.Invoke(sag) != true && Urls.SagFeed(sag).TrimStart('/') is var path
                && kept?.Invoke(path) != true)
                yield return WholeFile.Always(path, SagFeed.Meetings(sag), () => Rss.Write(new RssChannel(
                    $"Sag {sag.Sagsnr}: {sag.Titel} – {site.Titel}", site.Absolute(sag.Url),
                    $"Sag {sag.Sagsnr} i {site.Kommune}s udvalg: hver behandling og rettelse, nyeste først.",
                    site.Absolute(Urls.SagFeed(sag)), SagFeed.Items(site, sag))));

        var withDecisions = Recent(site.Meetings.Where(m => m.Punkter.Any(p =>
            FeedText.HasDecision(m, p))), MaxDecisionEntries).ToImmutableArray();
        yield return FeedFile(Urls.DecisionsFeed, withDecisions, meetingHtml: false, () => new RssChannel(
            $"Beslutninger – {site.Titel}", site.Absolute(Urls.Home),
            $"Hver beslutning fra {site.Kommune}s udvalg for sig, nyeste først.",
            site.Absolute(Urls.DecisionsFeed), DecisionItems(site, withDecisions)));
    }

    /// <summary>A feed of <paramref name="meetings"/> (in the feed's order): kept from the last build when its key is
    /// — the meetings' unit keys in that order (<see cref="Fragments.KeyOf"/>: equal keys mean an equal public
    /// meeting, site settings and generator, and the feed is made from nothing else; the channel's texts come from
    /// the site settings and the path, both in every whole file's key) — else made. A meeting without a unit key (no
    /// cache) and the feed is made every time. A kept feed still marks its meetings' HTML parts as in use, so
    /// fragments.bin keeps them for the build that makes the feed again.</summary>
    private static (Action<Stream>? Write, string? Key) Feed(WholeFiles whole, PublicSite site, Fragments parts,
        string path, ImmutableArray<PublicMeeting> meetings, bool meetingHtml, Func<RssChannel> channel)
    {
        void Write(Stream s) => s.Write(Rss.Write(channel()));
        var keys = new string[meetings.Length];
        for (var i = 0; i < keys.Length; i++)
            if (parts.KeyOf(meetings[i]) is { } key) keys[i] = key;
            else return (Write, null);
        return whole.KeepOr(path, key =>
        {
            key.Add(meetingHtml ? "rss meetings" : "rss decisions")
                .Add(keys.Length.ToString(CultureInfo.InvariantCulture));
            foreach (var k in keys) key.Add(k);
            if (meetingHtml)
                foreach (var m in meetings) parts.MeetingPiece(m, Fragments.Slot.FeedHtml, () => FeedHtml(site, m));
        }, Write);
    }

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>One entry per published meeting document; the link and guid are the meeting's permanent URL.</summary>
    /// An agenda has a guid of its own, so the referat that replaces it is a new entry, not a silent title change.
    private static List<RssItem> MeetingItems(PublicSite site, IEnumerable<PublicMeeting> recent, Fragments parts) =>
        recent.Select(m => new RssItem(
            FeedText.EntryTitle(m), site.Absolute(m.Url), FeedText.Guid(site, m.Url, m),
            m.Publiceret, m.Modified, Utf8.GetString(parts.Meeting(m, Fragments.Slot.FeedHtml,
                () => FeedHtml(site, m))), m.Udvalg.Navn)).ToList();

    /// <summary>A meeting's part <see cref="Fragments.Slot.FeedHtml"/>.</summary>
    private static byte[] FeedHtml(PublicSite site, PublicMeeting m) => Utf8.GetBytes(FeedText.MeetingHtml(site, m));

    /// <summary>One entry per decision the public may see (open items, and closed items' vetted decisions),
    /// newest meeting first, then in item order; each links to its item.</summary>
    private static List<RssItem> DecisionItems(PublicSite site, IEnumerable<PublicMeeting> recent) =>
        recent
            .SelectMany(m => m.Punkter.Where(p => FeedText.HasDecision(m, p)).Select(p => (m, p)))
            .Take(MaxDecisionEntries)
            .Select(x =>
            {
                var url = site.Absolute(Urls.Item(x.m, x.p));
                var title = Labels.ItemTitleInText(x.p);
                var lead = $"Beslutning i {x.m.Udvalg.Navn} den {Danish.ShortDate(x.m.Dato)}, punkt {x.p.Nr}.";
                var meetingLink = FeedText.Enc(site.Absolute(x.m.Url));
                var html = $"<p>{FeedText.Enc(lead)}</p>\n"
                           + FeedText.DecisionHtml(site, x.m, x.p)
                           + $"\n<p><a href=\"{meetingLink}\">{FeedText.Enc(Labels.MeetingTitle(x.m))}</a></p>";
                // Marked corrected only by the corrections that concern this item (all, when none names items).
                var corrected = x.m.RettelserAf(x.p.Nr).Select(r => (DateOnly?)r.Dato).LastOrDefault();
                return new RssItem(
                    $"{x.m.Udvalg.Navn} {Danish.LongDate(x.m.Dato)}, punkt {x.p.Nr}: {title}"
                        + (corrected is { } d ? $" (rettet {Danish.LongDate(d)})" : ""),
                    url, url, x.m.Publiceret, x.m.ModifiedOf(x.p.Nr), html, x.m.Udvalg.Navn);
            })
            .ToList();

    /// <summary>The <paramref name="max"/> meetings changed most recently (published or corrected), newest
    /// publication first: an old referat that gets a correction comes back into the feed as updated.</summary>
    private static IEnumerable<PublicMeeting> Recent(IEnumerable<PublicMeeting> meetings, int max) =>
        FeedText.ByPublication(meetings
            .OrderByDescending(m => m.Modified.UtcDateTime)
            .ThenByDescending(m => m.Publiceret.UtcDateTime)
            .ThenByDescending(m => m.Dato)
            .ThenBy(m => m.Udvalg.Navn, StringComparer.Ordinal)
            .Take(max));
}

using System.Collections.Immutable;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SiteGen.Common;
using SiteGen.Content;
using SiteGen.Feeds;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Rendering;

namespace SiteGen.Data;

/// <summary>Open data shaped after OParl 1.1 (Meeting, AgendaItem, File, Organization), with a JSON Schema.
/// Every id is the object's stable URL; "modified" comes from the content (publication and corrections).</summary>
public static class OpenDataWriter
{
    public const string MeetingIndex = "/data/moeder.json";
    public const string UdvalgIndex = "/data/udvalg.json";
    public const string SchemaPath = "/data/schema/oparl-data.schema.json";
    private const string SchemaResource = "SiteGen.Data.Schema.oparl-data.schema.json";
    private const string OParl = "https://schema.oparl.org/1.1/";

    public static string MeetingData(PublicMeeting m) => $"/data/{m.Udvalg.Slug}/{m.Dato:yyyy-MM-dd}.json";

    public static string UdvalgMeetingIndex(PublicUdvalg u) => $"/data/{u.Slug}/moeder.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Readable Danish letters; these files are served as JSON, never inlined in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>JSON open data, sitemap.xml and robots.txt, from the public model only.</summary>
    public static void Write(PublicSite site, SiteWriter writer)
    {
        // Files independent of each other: written in parallel (SiteWriter is thread-safe).
        Parallel.ForEach(Files(site), f => writer.WriteBytes(f.Path, f.Bytes()));
        writer.WriteBytes(SchemaPath.TrimStart('/'), Schema());
        Sitemap.Write(site, writer);
    }

    /// <summary>The data files made from the meetings (not the schema), with the meetings each is made from:
    /// serve rewrites only those whose meetings changed.</summary>
    public static IEnumerable<GeneratedFile> Files(PublicSite site)
    {
        yield return new GeneratedFile(MeetingIndex.TrimStart('/'), site.Meetings,
            () => Bytes(List(site, MeetingIndex, site.Meetings.Select(m => Meeting(site, m, withItems: false)))));
        yield return new GeneratedFile(UdvalgIndex.TrimStart('/'), site.Meetings,
            () => Bytes(List(site, UdvalgIndex, site.Udvalg.Select(u => Organization(site, u)))));
        foreach (var u in site.Udvalg)
        {
            var meetings = site.Meetings.Where(m => m.Udvalg.Slug == u.Slug).ToImmutableArray();
            yield return new GeneratedFile(UdvalgMeetingIndex(u).TrimStart('/'), meetings,
                () => Bytes(List(site, UdvalgMeetingIndex(u), meetings.Select(m => Meeting(site, m, withItems: false)))));
        }
        foreach (var m in site.Meetings)
            yield return new GeneratedFile(MeetingData(m).TrimStart('/'), [m], () => Bytes(Meeting(site, m, withItems: true)));
    }

    /// <summary>The JSON Schema shipped with the data (source: src/SiteGen/Data/Schema, embedded in the program).</summary>
    public static byte[] Schema()
    {
        using var s = typeof(OpenDataWriter).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"Embedded resource {SchemaResource} is missing.");
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private static byte[] Bytes(JsonNode node)
    {
        // Straight to UTF-8 (no intermediate string), ending with a newline like every text file.
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2, NewLine = "\n", Encoder = Json.Encoder }))
            node.WriteTo(json, Json);
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>An OParl list: every object on one page.</summary>
    private static JsonObject List(PublicSite site, string path, IEnumerable<JsonObject> items)
    {
        var data = new JsonArray(items.Cast<JsonNode>().ToArray());
        var modified = data.Select(d => d!["modified"]?.GetValue<string>()).OfType<string>()
            .Select(s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture)).DefaultIfEmpty().Max();
        var list = new JsonObject
        {
            ["data"] = data,
            ["pagination"] = new JsonObject
            {
                ["totalElements"] = data.Count,
                ["elementsPerPage"] = data.Count,
                ["currentPage"] = 1,
                ["totalPages"] = 1,
            },
            ["links"] = new JsonObject { ["self"] = site.Absolute(path) },
        };
        if (data.Count > 0) list["sitegen:modified"] = FeedText.Iso(modified);
        return list;
    }

    private static JsonObject Organization(PublicSite site, PublicUdvalg u)
    {
        var meetings = site.Meetings.Where(m => m.Udvalg.Slug == u.Slug).ToList();
        var o = new JsonObject
        {
            ["id"] = OrganizationId(site, u),
            ["type"] = OParl + "Organization",
            ["name"] = T(u.Navn),
            ["organizationType"] = "Udvalg",
            ["meeting"] = site.Absolute(UdvalgMeetingIndex(u)),
            ["web"] = site.Absolute(u.Url),
            ["sitegen:slug"] = u.Slug,
            ["sitegen:feed"] = site.Absolute(FeedWriter.UdvalgFeed(u)),
            ["sitegen:calendar"] = site.Absolute(FeedWriter.UdvalgCalendar(u)),
        };
        if (u.Beskrivelse is not null) o["sitegen:beskrivelse"] = T(u.Beskrivelse);
        if (meetings.Count > 0) o["modified"] = FeedText.Iso(meetings.Max(m => m.Modified));
        return o;
    }

    private static string OrganizationId(PublicSite site, PublicUdvalg u) => site.Absolute(UdvalgIndex) + "#" + u.Slug;

    private static JsonObject Meeting(PublicSite site, PublicMeeting m, bool withItems)
    {
        var id = site.Absolute(MeetingData(m));
        var o = new JsonObject
        {
            ["id"] = id,
            ["type"] = OParl + "Meeting",
            ["name"] = T(Pages.MeetingTitle(m)),
            ["meetingState"] = m.Type == ReferatType.Dagsorden ? "dagsorden" : "referat",
            ["cancelled"] = false,
            ["start"] = FeedText.Iso(Local(m.Dato, m.Start)),
            ["end"] = FeedText.Iso(Local(m.Dato, m.Slut)),
            ["location"] = new JsonObject
            {
                ["id"] = id + "#sted",
                ["type"] = OParl + "Location",
                ["description"] = T(m.Sted),
            },
            ["organization"] = new JsonArray(OrganizationId(site, m.Udvalg)),
            ["web"] = site.Absolute(m.Url),
            ["created"] = FeedText.Iso(m.Publiceret),
            ["modified"] = FeedText.Iso(m.Modified),
            ["sitegen:udvalg"] = T(m.Udvalg.Navn),
            ["sitegen:medlemmer"] = Strings(m.Medlemmer),
            ["sitegen:fravaerende"] = Strings(m.Fravaerende),
            ["sitegen:rettelser"] = new JsonArray(m.Rettelser.OrderBy(r => r.Dato).Select(r => (JsonNode)new JsonObject
            {
                ["dato"] = r.Dato.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["tekst"] = T(r.Tekst),
            }).ToArray()),
        };
        if (withItems)
            o["agendaItem"] = new JsonArray(m.Punkter.Select(p => (JsonNode)AgendaItem(site, m, id, p)).ToArray());
        return o;
    }

    private static JsonObject AgendaItem(PublicSite site, PublicMeeting m, string meetingId, PublicPunkt p)
    {
        var o = new JsonObject
        {
            ["id"] = $"{meetingId}#punkt-{p.Nr}",
            ["type"] = OParl + "AgendaItem",
            ["meeting"] = meetingId,
            ["number"] = p.Nr.ToString(CultureInfo.InvariantCulture),
            ["order"] = p.Nr,
            ["name"] = T(p switch { OpenPunkt op => op.Titel, ClosedPunkt c => c.OffentligTitel, _ => "" }),
            ["public"] = p is OpenPunkt,
            ["web"] = site.Absolute(FeedText.ItemUrl(m, p)),
            ["modified"] = FeedText.Iso(m.Modified),
        };
        if (FeedText.DecisionMarkdown(m, p) is { } decision) o["resolutionText"] = T(decision);
        if (p is OpenPunkt open)
        {
            if (open.Sagsnr is not null) o["sitegen:sagsnr"] = T(open.Sagsnr);
            if (open.Sagsgang is not null) o["sitegen:sagsgang"] = T(open.Sagsgang);
            o["sitegen:sektioner"] = new JsonArray(open.Sektioner
                .Where(s => !(m.Type == ReferatType.Dagsorden && s.ErBeslutning))
                .Select(s => (JsonNode)new JsonObject { ["navn"] = T(s.Navn), ["tekst"] = T(s.Markdown), ["beslutning"] = s.ErBeslutning })
                .ToArray());
            o["auxiliaryFile"] = new JsonArray(open.Bilag.OfType<OpenBilag>().Select(b => (JsonNode)File(site, m, meetingId, open, b)).ToArray());
            o["sitegen:lukkedeBilag"] = new JsonArray(open.Bilag.OfType<ClosedBilag>().Select(b => (JsonNode)b.Nr).ToArray());
        }
        return o;
    }

    private static JsonObject File(PublicSite site, PublicMeeting m, string meetingId, OpenPunkt p, OpenBilag b)
    {
        var o = new JsonObject
        {
            ["id"] = $"{meetingId}#punkt-{p.Nr}-bilag-{b.Nr}",
            ["type"] = OParl + "File",
            ["name"] = T(b.Titel),
            ["sitegen:nr"] = b.Nr,
            ["modified"] = FeedText.Iso(m.Modified),
        };
        if (b.Dokument is not null) o["sitegen:dokument"] = T(b.Dokument);
        if (b.Fil is { } f)
        {
            o["fileName"] = Path.GetFileName(f.OutputPath);
            o["mimeType"] = f.MediaType;
            o["size"] = f.Size;
            o["accessUrl"] = site.Absolute(f.Url);
            o["downloadUrl"] = site.Absolute(f.Url);
        }
        return o;
    }

    private static JsonArray Strings(ImmutableArray<string> values) =>
        new(values.IsDefault ? [] : values.Select(v => (JsonNode)JsonValue.Create(T(v))!).ToArray());

    /// <summary>Text values are HTML text (&amp;, &lt;, &gt; escaped): safe to put into a page as they are, and no
    /// value can be mistaken for markup by a tool that reads it as HTML. html.unescape gives the text as written
    /// (Markdown for sections and decisions). Escaping, not sanitizing: cheap for a large archive.</summary>
    private static string T(string text) => FeedText.HtmlText(text);

    /// <summary>A wall-clock time in Copenhagen with its offset on that day (summer or winter time).</summary>
    internal static DateTimeOffset Local(DateOnly d, TimeOnly t)
    {
        var local = d.ToDateTime(t);
        return new DateTimeOffset(local, Danish.Copenhagen.GetUtcOffset(local));
    }
}

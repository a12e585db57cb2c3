using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SiteGen.Common;
using SiteGen.Feeds;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Rendering;
using WholeFile = SiteGen.Rendering.WholeFile;

namespace SiteGen.Data;

/// <summary>Open data shaped after OParl 1.1 (Meeting, AgendaItem, File, Organization), with a JSON Schema.
/// Every id is the object's stable URL; "modified" comes from the content (publication and corrections).</summary>
public static class OpenDataWriter
{
    private const string SchemaResource = "SiteGen.Data.Schema.oparl-data.schema.json";
    private const string OParl = "https://schema.oparl.org/1.1/";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Readable Danish letters; these files are served as JSON, never inlined in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>JSON open data, sitemap.xml and robots.txt, from the public model only.</summary>
    /// <param name="kept">files in the staging folder already (<see cref="BuildCache"/>): not made nor written</param>
    /// <param name="fragments">the meetings' and cases' parts of the lists and the CSV kept from the last build
    /// (<see cref="Fragments"/>)</param>
    /// <param name="files">every file in the output folder, when the caller knows them (<see cref="Sitemap"/>)
    /// </param>
    /// <param name="whole">whole-archive files kept from the last build when their parts are the same</param>
    /// <param name="units">the build's output units: the sitemap's key is made from them (<see
    /// cref="Sitemap.Write"/>)</param>
    /// <param name="keptUnit">a meeting or case whose output unit is in the staging folder already, with all its files
    /// (<paramref name="kept"/> holds each of them): its own data file is left out without its path made and looked up
    /// </param>
    /// <param name="sitemap">false: the caller writes sitemap.xml and robots.txt (<see cref="Sitemap.Write"/>)</param>
    public static void Write(PublicSite site, SiteWriter writer, Func<string, bool>? kept = null,
        Fragments? fragments = null, IEnumerable<string>? files = null, WholeFiles? whole = null,
        OutputUnits? units = null, Func<object, bool>? keptUnit = null, bool sitemap = true)
    {
        // Files independent of each other: written in parallel (SiteWriter is thread-safe).
        // Listed first (see FeedWriter.Write): no work under the parallel loop's lock.
        Parallel.ForEach(Made(site, fragments, kept, keptUnit).Where(f => kept?.Invoke(f.Path) != true).ToArray(),
            Workers.OnePerCore, f =>
            StepLog.StepFile("data", f.Path, () => f.WriteTo(writer, whole ?? WholeFiles.None)));
        writer.WriteBytes(Urls.DataSchema.TrimStart('/'), Schema());
        if (sitemap) StepLog.Step("sitemap", () => Sitemap.Write(site, writer, files, whole, units));
    }

    /// <summary>The data files made from the meetings (not the schema), with the meetings each is made from:
    /// serve rewrites only those whose meetings changed.</summary>
    public static IEnumerable<GeneratedFile> Files(PublicSite site, Fragments? fragments = null) =>
        Made(site, fragments).Select(f => f.Generated);

    /// <param name="kept">a meeting's or a case's own file kept from the last build: left out before its record is
    /// made (a one-edit build keeps ≈ 74,000 of them)</param>
    /// <param name="keptUnit">a meeting or case whose own files are all kept (see <see cref="Write"/>)</param>
    private static IEnumerable<WholeFile> Made(PublicSite site, Fragments? fragments,
        Func<string, bool>? kept = null, Func<object, bool>? keptUnit = null)
    {
        var parts = fragments ?? Fragments.None;
        Fragments.Piece MeetingEntry(PublicMeeting m) =>
            parts.MeetingPiece(m, Fragments.Slot.Json, () => Entry(j => Meeting(j, site, m, withItems: false)));
        yield return new WholeFile(Urls.MeetingIndex.TrimStart('/'), site.Meetings,
            whole => List(whole, site, Urls.MeetingIndex, site.Meetings, MeetingEntry, m => m.Modified));
        yield return new WholeFile(Urls.UdvalgIndex.TrimStart('/'), site.Meetings,
            whole => List(whole, site, Urls.UdvalgIndex, site.Udvalg, u => Unkept(Entry(j => Organization(j, site, u))),
                u => OrganizationModified(site, u)));
        foreach (var u in site.Udvalg)
        {
            var meetings = site.Meetings.Where(m => m.Udvalg.Slug == u.Slug).ToImmutableArray();
            yield return new WholeFile(Urls.UdvalgData(u).TrimStart('/'), meetings,
                whole => List(whole, site, Urls.UdvalgData(u), meetings, MeetingEntry, m => m.Modified));
        }
        foreach (var m in site.Meetings)
            if (keptUnit?.Invoke(m) != true && Urls.MeetingData(m).TrimStart('/') is var path
                && kept?.Invoke(path) != true)
                yield return WholeFile.Always(path, [m], () => Bytes(j => Meeting(j, site, m, withItems: true)));
        byte[] SagEntry(PublicSag s) => Entry(j => Paper(j, site, s));
        yield return new WholeFile(Urls.SagIndex.TrimStart('/'), site.Meetings,
            whole => List(whole, site, Urls.SagIndex, site.Sager,
                s => parts.SagPiece(s, Fragments.Slot.Json, () => SagEntry(s)), s => Sitemap.Modified(s)));
        // A case's own file is its entry of sager.json without the list's indent: the entry is made once for both
        // (64,000 cases at 10,000 meetings: serialising each twice was ≈ 2.5 s of CPU in a clean build).
        foreach (var sag in site.Sager)
            if (keptUnit?.Invoke(sag) != true && Urls.SagData(sag).TrimStart('/') is var path
                && kept?.Invoke(path) != true)
                yield return WholeFile.Always(path, SagFeed.Meetings(sag),
                    () => Unindented(parts.Sag(sag, Fragments.Slot.Json, () => SagEntry(sag)))
                          ?? Bytes(j => Paper(j, site, sag)));
        yield return new WholeFile(Urls.DecisionsCsv.TrimStart('/'), site.Meetings,
            whole => DecisionsCsv.Write(whole, site, parts));
    }

    /// <summary>A part made every time (not kept in <see cref="Fragments"/>), hashed for its file's key.</summary>
    private static Fragments.Piece Unkept(byte[] bytes) => Fragments.Piece.Of(bytes);

    /// <summary>A case as an OParl Paper: its case number, title and every open treatment as a Consultation.
    /// </summary>
    private static void Paper(Utf8JsonWriter j, PublicSite site, PublicSag sag)
    {
        var id = site.Absolute(Urls.SagData(sag));
        j.WriteStartObject();
        j.WriteString("id", id);
        j.WriteString("type", OParl + "Paper");
        j.WriteString("name", sag.Titel);
        j.WriteString("reference", sag.Sagsnr);
        j.WriteString("date", sag.Behandlinger[0].Meeting.Dato.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        j.WriteString("web", site.Absolute(sag.Url));
        j.WriteString("modified", FeedText.Iso(sag.Modified));
        if (sag.Sagsgang is not null) j.WriteString("sitegen:sagsgang", sag.Sagsgang);
        j.WriteString("sitegen:feed", site.Absolute(Urls.SagFeed(sag)));
        j.WriteStartArray("consultation");
        foreach (var (m, p) in sag.Behandlinger)
        {
            var meetingId = site.Absolute(Urls.MeetingData(m));
            j.WriteStartObject();
            j.WriteString("id", $"{id}#{m.Udvalg.Slug}-{m.Dato:yyyy-MM-dd}-{Urls.ItemAnchor(p.Nr)}");
            j.WriteString("type", OParl + "Consultation");
            j.WriteString("paper", id);
            j.WriteString("meeting", meetingId);
            j.WriteString("agendaItem", $"{meetingId}#{Urls.ItemAnchor(p.Nr)}");
            j.WriteStartArray("organization");
            j.WriteStringValue(OrganizationId(site, m.Udvalg));
            j.WriteEndArray();
            j.WriteString("web", site.Absolute(Urls.ItemPage(m, p.Nr)));
            j.WriteString("name", p.Titel);
            j.WriteString("sitegen:dato", m.Dato.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            j.WriteString("sitegen:meetingState", m.Type == MoedeType.Dagsorden ? "dagsorden" : "referat");
            if (FeedText.Decision(site, m, p) is (var html, var text))
            {
                j.WriteString("resolutionText", text);
                j.WriteString("sitegen:resolutionHtml", html);
            }
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteEndObject();
    }

    /// <summary>The JSON Schema shipped with the data (source: src/SiteGen/Data/Schema, embedded in the
    /// program).</summary>
    public static byte[] Schema()
    {
        using var s = typeof(OpenDataWriter).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"Embedded resource {SchemaResource} is missing.");
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, IndentSize = 2, NewLine = "\n",
        Encoder = Json.Encoder };

    /// <summary>One JSON document streamed straight to UTF-8 (no object tree, no intermediate string), ending
    /// with a newline like every text file.</summary>
    internal static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions)) write(json);
        var bytes = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(bytes);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>One object of a list as <see cref="List{T}"/> writes it: indented for its depth, with the line
    /// break before it (the writer puts the comma between two raw values, nothing else).</summary>
    internal static byte[] Entry(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4 * 1024);
        using var j = new Utf8JsonWriter(buffer, WriterOptions);
        ListStart(j);
        j.Flush();
        var start = buffer.WrittenCount;
        write(j);
        j.Flush();
        return buffer.WrittenSpan[start..].ToArray();
    }

    // An entry's depth in its list (the object, then the "data" array), as spaces after each line break.
    private static readonly byte[] EntryIndent = "\n    "u8.ToArray();

    /// <summary>An entry made by <see cref="Entry"/> as the document <see cref="Bytes"/> makes of the same object:
    /// the leading line break and the list's indent of every line taken out, a newline added; null when the entry
    /// is not of that shape. Exact because a JSON writer never writes a raw line break inside a value (a line break
    /// in a string is written "\n"), so every line break is the writer's own and followed by the indent.</summary>
    internal static byte[]? Unindented(ReadOnlySpan<byte> entry)
    {
        if (!entry.StartsWith(EntryIndent)) return null;
        var output = new byte[entry.Length + 1];
        var rest = entry[EntryIndent.Length..];
        var n = 0;
        while (true)
        {
            var next = rest.IndexOf((byte)'\n');
            var line = next < 0 ? rest : rest[..next];
            line.CopyTo(output.AsSpan(n));
            n += line.Length;
            if (next < 0) break;
            if (!rest[next..].StartsWith(EntryIndent)) return null;
            output[n++] = (byte)'\n';
            rest = rest[(next + EntryIndent.Length)..];
        }
        output[n++] = (byte)'\n';
        return output.AsSpan(0, n).ToArray();
    }

    private static void ListStart(Utf8JsonWriter j)
    {
        j.WriteStartObject();
        j.WritePropertyName("data");
        j.WriteStartArray();
    }

    /// <summary>An OParl list: every object on one page; "sitegen:modified" is the newest "modified" of the
    /// objects. Each object is written as made by <see cref="Entry"/> (or kept from the last build), one after the
    /// other to the file (sager.json is 165 MB at 10,000 meetings: never in memory whole). Kept whole from the last
    /// build when its key (the entries' hashes, their number and the newest "modified") is.</summary>
    private static (Action<Stream>? Write, string? Key) List<T>(WholeFiles whole, PublicSite site, string path,
        IReadOnlyList<T> items, Func<T, Fragments.Piece> entry, Func<T, DateTimeOffset?> modified)
    {
        var entries = new Fragments.Piece[items.Count];
        StepLog.Step("list fetch", () => { for (var i = 0; i < entries.Length; i++) entries[i] = entry(items[i]); });
        var newest = StepLog.Step("list times", () => Newest(items, modified));
        return whole.KeepOr(path.TrimStart('/'), key =>
            {
                key.Add($"{items.Count} {newest}");
                foreach (var e in entries) key.Add(e.Hash);
            },
            stream => Stream(stream, j => List(j, site, path, items.Count, entries, newest)));
    }

    /// <summary>The list's "sitegen:modified": the newest "modified" as written in the objects (whole seconds, the
    /// object's own offset), the first of equal instants; the year 1 when no object has one; null for no objects.
    /// Truncated in place: a string made and parsed per object cost more than the rest of a kept list.</summary>
    internal static string? Newest<T>(IReadOnlyList<T> items, Func<T, DateTimeOffset?> modified)
    {
        if (items.Count == 0) return null;
        DateTimeOffset? newest = null;
        foreach (var item in items)
            if (modified(item) is { } t)
            {
                var local = t.DateTime.Ticks;
                var written = new DateTimeOffset(local - local % TimeSpan.TicksPerSecond, t.Offset);
                if (newest is not { } n || written > n) newest = written;
            }
        return FeedText.Iso(newest ?? default);
    }

    /// <summary>As <see cref="Bytes"/>, to <paramref name="stream"/>.</summary>
    private static void Stream(Stream stream, Action<Utf8JsonWriter> write)
    {
        using (var json = new Utf8JsonWriter(stream, WriterOptions)) write(json);
        stream.WriteByte((byte)'\n');
    }

    // What the JSON writer holds before it passes it on to the file.
    private const int FlushAt = 256 * 1024;

    private static void List(Utf8JsonWriter j, PublicSite site, string path, int count, Fragments.Piece[] entries,
        string? newest)
    {
        ListStart(j);
        foreach (var e in entries)
        {
            j.WriteRawValue(e.Bytes, skipInputValidation: true);
            if (j.BytesPending > FlushAt) j.Flush();
        }
        j.WriteEndArray();
        j.WriteStartObject("pagination");
        j.WriteNumber("totalElements", count);
        j.WriteNumber("elementsPerPage", count);
        j.WriteNumber("currentPage", 1);
        j.WriteNumber("totalPages", 1);
        j.WriteEndObject();
        j.WriteStartObject("links");
        j.WriteString("self", site.Absolute(path));
        j.WriteEndObject();
        if (newest is not null) j.WriteString("sitegen:modified", newest);
        j.WriteEndObject();
    }

    private static DateTimeOffset? OrganizationModified(PublicSite site, PublicUdvalg u)
    {
        var meetings = site.Meetings.Where(m => m.Udvalg.Slug == u.Slug).ToList();
        return meetings.Count > 0 ? meetings.Max(m => m.Modified) : null;
    }

    private static void Organization(Utf8JsonWriter j, PublicSite site, PublicUdvalg u)
    {
        j.WriteStartObject();
        j.WriteString("id", OrganizationId(site, u));
        j.WriteString("type", OParl + "Organization");
        j.WriteString("name", T(u.Navn));
        j.WriteString("organizationType", "Udvalg");
        j.WriteString("meeting", site.Absolute(Urls.UdvalgData(u)));
        j.WriteString("web", site.Absolute(u.Url));
        j.WriteString("sitegen:slug", u.Slug);
        j.WriteString("sitegen:feed", site.Absolute(Urls.UdvalgFeed(u)));
        j.WriteString("sitegen:calendar", site.Absolute(Urls.UdvalgCalendar(u)));
        if (u.Beskrivelse is not null) j.WriteString("sitegen:beskrivelse", T(u.Beskrivelse));
        if (OrganizationModified(site, u) is { } modified) j.WriteString("modified", FeedText.Iso(modified));
        j.WriteEndObject();
    }

    private static string OrganizationId(PublicSite site, PublicUdvalg u) => site.Absolute(Urls.UdvalgIndex) + "#"
        + u.Slug;

    private static void Meeting(Utf8JsonWriter j, PublicSite site, PublicMeeting m, bool withItems)
    {
        var id = site.Absolute(Urls.MeetingData(m));
        j.WriteStartObject();
        j.WriteString("id", id);
        j.WriteString("type", OParl + "Meeting");
        j.WriteString("name", T(Labels.MeetingTitle(m)));
        j.WriteString("meetingState", m.Type == MoedeType.Dagsorden ? "dagsorden" : "referat");
        j.WriteBoolean("cancelled", false);
        j.WriteString("start", FeedText.Iso(Local(m.Dato, m.Start)));
        j.WriteString("end", FeedText.Iso(Local(m.Dato, m.Slut)));
        j.WriteStartObject("location");
        j.WriteString("id", id + "#sted");
        j.WriteString("type", OParl + "Location");
        j.WriteString("description", T(m.Sted));
        j.WriteEndObject();
        j.WriteStartArray("organization");
        j.WriteStringValue(OrganizationId(site, m.Udvalg));
        j.WriteEndArray();
        j.WriteString("web", site.Absolute(m.Url));
        j.WriteString("created", FeedText.Iso(m.Publiceret));
        j.WriteString("modified", FeedText.Iso(m.Modified));
        j.WriteString("sitegen:udvalg", T(m.Udvalg.Navn));
        Strings(j, "sitegen:medlemmer", m.Medlemmer);
        Strings(j, "sitegen:fravaerende", m.Fravaerende);
        j.WriteStartArray("sitegen:rettelser");
        foreach (var r in m.Rettelser.OrderBy(r => r.Dato))
        {
            j.WriteStartObject();
            j.WriteString("dato", r.Dato.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            j.WriteString("tekst", T(r.Tekst));
            j.WriteEndObject();
        }
        j.WriteEndArray();
        if (withItems)
        {
            j.WriteStartArray("agendaItem");
            foreach (var p in m.Punkter) AgendaItem(j, site, m, id, p);
            j.WriteEndArray();
        }
        j.WriteEndObject();
    }

    private static void AgendaItem(Utf8JsonWriter j, PublicSite site, PublicMeeting m, string meetingId, PublicPunkt p)
    {
        j.WriteStartObject();
        j.WriteString("id", $"{meetingId}#{Urls.ItemAnchor(p.Nr)}");
        j.WriteString("type", OParl + "AgendaItem");
        j.WriteString("meeting", meetingId);
        j.WriteString("number", p.Nr.ToString(CultureInfo.InvariantCulture));
        j.WriteNumber("order", p.Nr);
        j.WriteString("name", T(p switch { OpenPunkt op => op.Titel, ClosedPunkt c => c.OffentligTitel, _ => "" }));
        j.WriteBoolean("public", p is OpenPunkt);
        j.WriteString("web", site.Absolute(Urls.Item(m, p)));
        j.WriteString("modified", FeedText.Iso(m.Modified));
        // Published text only: each section's sanitised HTML (as the page shows it) and the plain text of that
        // HTML, never the Markdown, which carries what the page hides (comments, link titles, image URLs).
        var sections = p is OpenPunkt o
            ? o.Sektioner.Where(s => !(m.Type == MoedeType.Dagsorden && s.ErBeslutning))
                .Select(s => (Sektion: s, Made: FeedText.SectionText(site, m, s.Markdown))).ToList()
            : [];
        if (FeedText.HasDecision(m, p))
        {
            // As FeedText.Decision(site, m, p), reusing the sections' HTML and text made above.
            var decisions = sections.Where(s => s.Sektion.ErBeslutning).ToList();
            var (html, text) = p is ClosedPunkt ? FeedText.Decision(site, m, p)!.Value
                : decisions.Count == 1 ? (decisions[0].Made.Html, decisions[0].Made.Text!)
                : string.Join("\n", decisions.Select(s => s.Made.Html)) is var joined
                    ? (joined, PlainText.FromSafeHtml(joined)) : default;
            j.WriteString("resolutionText", T(text));
            j.WriteString("sitegen:resolutionHtml", html);
        }
        if (p is OpenPunkt open)
        {
            if (open.Sagsnr is not null) j.WriteString("sitegen:sagsnr", T(open.Sagsnr));
            if (open.Sagsgang is not null) j.WriteString("sitegen:sagsgang", T(open.Sagsgang));
            j.WriteStartArray("sitegen:sektioner");
            foreach (var (s, (html, text)) in sections)
            {
                j.WriteStartObject();
                j.WriteString("navn", T(s.Navn));
                j.WriteString("tekst", T(text!));
                j.WriteString("html", html);
                j.WriteBoolean("beslutning", s.ErBeslutning);
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteStartArray("auxiliaryFile");
            foreach (var b in open.Bilag.OfType<OpenBilag>()) File(j, site, meetingId, open, b, m);
            j.WriteEndArray();
            j.WriteStartArray("sitegen:lukkedeBilag");
            foreach (var b in open.Bilag.OfType<ClosedBilag>()) j.WriteNumberValue(b.Nr);
            j.WriteEndArray();
        }
        j.WriteEndObject();
    }

    private static void File(Utf8JsonWriter j, PublicSite site, string meetingId, OpenPunkt p, OpenBilag b,
        PublicMeeting m)
    {
        j.WriteStartObject();
        j.WriteString("id", $"{meetingId}#{Urls.AttachmentAnchor(p.Nr, b.Nr)}");
        j.WriteString("type", OParl + "File");
        j.WriteString("name", T(b.Titel));
        j.WriteNumber("sitegen:nr", b.Nr);
        j.WriteString("modified", FeedText.Iso(m.Modified));
        if (b.Dokument is not null) j.WriteString("sitegen:dokument", T(b.Dokument));
        if (b.Fil is { } f)
        {
            j.WriteString("fileName", Path.GetFileName(f.OutputPath));
            j.WriteString("mimeType", f.MediaType);
            j.WriteNumber("size", f.Size);
            j.WriteString("accessUrl", site.Absolute(f.Url));
            j.WriteString("downloadUrl", site.Absolute(f.Url));
        }
        j.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter j, string name, ImmutableArray<string> values)
    {
        j.WriteStartArray(name);
        if (!values.IsDefault)
            foreach (var v in values) j.WriteStringValue(T(v));
        j.WriteEndArray();
    }

    /// <summary>Text values are plain text, JSON-escaped only (issue 16): what a reader sees, so a data journalist
    /// gets "Vej & Park", not "Vej &amp;amp; Park". HTML is only in the fields named so (sitegen:resolutionHtml,
    /// a section's html).</summary>
    private static string T(string text) => text;

    /// <summary>A wall-clock time in Copenhagen with its offset on that day (summer or winter time).</summary>
    internal static DateTimeOffset Local(DateOnly d, TimeOnly t)
    {
        var local = d.ToDateTime(t);
        return new DateTimeOffset(local, Danish.Copenhagen.GetUtcOffset(local));
    }
}

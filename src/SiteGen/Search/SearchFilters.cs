using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SiteGen.Output;
using SiteGen.Publishing;

namespace SiteGen.Search;

/// <summary>The search page's filter choices with their counts (<c>/soeg/filtre.json</c>), from the public model.
/// Pagefind's own <c>filters()</c> would give the same, but it downloads every filter file of the index for it
/// (66 KB gzip at 10,000 meetings) before the first search; this is one small file.</summary>
public static class SearchFilters
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true, IndentSize = 2, NewLine = "\n",
        // Read by search.js with JSON.parse and shown as text only.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Pagefind indexes the meeting pages only, one page per meeting, so a value's count is the number of
    /// meetings with it. The values are those moede.sbn-html gives Pagefind: the committee's name, the year and the
    /// type label.</summary>
    /// <param name="attachmentIndex">the build wrote the attachment index (<see cref="AttachmentIndex"/>): the
    /// page then offers "Søg også i bilag"</param>
    /// <param name="wordList">the build wrote the word list (<see cref="WordList"/>): the page may fetch it</param>
    public static GeneratedFile File(PublicSite site, bool attachmentIndex = false, bool wordList = false) =>
        new(Urls.File(Urls.SearchFilters), site.Meetings, () => Json(site, attachmentIndex, wordList));

    public static void Write(PublicSite site, SiteWriter writer, bool attachmentIndex = false, bool wordList = false)
    {
        var file = File(site, attachmentIndex, wordList);
        writer.WriteBytes(file.Path, file.Bytes());
    }

    private static byte[] Json(PublicSite site, bool attachmentIndex, bool wordList)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var j = new Utf8JsonWriter(buffer, Options))
        {
            j.WriteStartObject();
            Group(j, "udvalg", site.Meetings.Select(m => m.Udvalg.Navn));
            Group(j, "år", site.Meetings.Select(m => m.Dato.Year.ToString(CultureInfo.InvariantCulture)));
            Group(j, "type", site.Meetings.Select(m => Labels.Type(m.Type)));
            if (attachmentIndex) j.WriteBoolean("bilag", true);
            if (wordList) j.WriteBoolean("ord", true);
            j.WriteEndObject();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    private static void Group(Utf8JsonWriter j, string name, IEnumerable<string> values)
    {
        j.WriteStartObject(name);
        foreach (var g in values.GroupBy(v => v, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            j.WriteNumber(g.Key, g.Count());
        j.WriteEndObject();
    }
}

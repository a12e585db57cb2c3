using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SiteGen.Output;
using SiteGen.Publishing;

namespace SiteGen.Search;

/// <summary>The words of the published meeting pages with their frequencies, for "Mente du …?" on the search page
/// (<c>/soeg/ord/&lt;letter&gt;.json</c>, one file per first letter after folding æ → ae, ø → oe, å → aa). The
/// page fetches a file only when a search finds nothing or little, so the first search does not grow. Built from
/// the rendered meeting pages' indexed part (<c>data-pagefind-body</c>), i.e. exactly the public text Pagefind
/// indexes: nothing closed can be in it.</summary>
public static partial class WordList
{
    public const string Folder = "soeg/ord";

    private const int MinLength = 3, MaxLength = 40;

    // Read by search.js with JSON.parse and only compared, never shown as markup; æ, ø, å as themselves.
    private static readonly JsonSerializerOptions Json = new()
        { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(PublicSite site, SiteWriter writer)
    {
        // Meeting pages on all cores, each worker counting into its own table, merged at the end.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        Parallel.ForEach(site.Meetings, () => new Dictionary<string, int>(StringComparer.Ordinal), (m, _, local) =>
        {
            var path = Path.Combine(writer.Root, Urls.MeetingFile(m));
            if (File.Exists(path))
                foreach (var word in Words(IndexedText(File.ReadAllText(path))))
                    local[word] = local.GetValueOrDefault(word) + 1;
            return local;
        }, local =>
        {
            lock (counts)
                foreach (var (word, n) in local) counts[word] = counts.GetValueOrDefault(word) + n;
        });
        foreach (var shard in counts.GroupBy(kv => Shard(kv.Key)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = shard.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new object[] { kv.Key, kv.Value });
            writer.WriteBytes($"{Folder}/{shard.Key}.json", [.. JsonSerializer.SerializeToUtf8Bytes(list, Json), (byte)'\n']);
        }
    }

    /// <summary>The text inside the meeting page's <c>data-pagefind-body</c> element, without the parts marked
    /// <c>data-pagefind-ignore</c> (boilerplate), tags removed and entities decoded.</summary>
    internal static string IndexedText(string html)
    {
        var start = html.IndexOf("data-pagefind-body", StringComparison.Ordinal);
        var end = html.LastIndexOf("</article>", StringComparison.Ordinal);
        if (start < 0 || end < start) return "";
        var body = html[start..end];
        body = Ignored().Replace(body, " ");
        return WebUtility.HtmlDecode(Tag().Replace(body, " "));
    }

    /// <summary>Lower-case words of letters only (numbers and case numbers are never suggested).</summary>
    internal static IEnumerable<string> Words(string text)
    {
        foreach (Match w in Letters().Matches(text))
            if (w.Length is >= MinLength and <= MaxLength)
                yield return w.Value.ToLowerInvariant();
    }

    /// <summary>The first letter after folding (ø → o, é → e); "_" for anything else.</summary>
    internal static string Shard(string word)
    {
        var first = Fold(word[..1]);
        return first.Length > 0 && first[0] is >= 'a' and <= 'z' ? first[..1] : "_";
    }

    /// <summary>As search.js folds: æ → ae, ø → oe, å → aa, other accents dropped, lower case.</summary>
    internal static string Fold(string s)
    {
        var sb = new StringBuilder(s.Length + 4);
        var mapped = s.ToLowerInvariant().Replace("æ", "ae").Replace("ø", "oe").Replace("å", "aa");
        foreach (var c in mapped.Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(c);
        return sb.ToString();
    }

    // An element marked data-pagefind-ignore, up to its end tag (the marked elements hold no element of their own
    // name, which is how the templates are written: dt, dd, p, nav, span).
    [GeneratedRegex(@"<(\w+)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline)]
    private static partial Regex Ignored();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Letters();
}

using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SiteGen.Common;
using SiteGen.Data;
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

    private static readonly IEnumerable<string> FileLetters =
        Enumerable.Range('a', 26).Select(c => ((char)c).ToString());

    // Read by search.js with JSON.parse and only compared, never shown as markup; æ, ø, å as themselves.
    internal static readonly JsonSerializerOptions JsonOptions = new()
        { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="fragments">the meeting pages' words kept from the last build (<see cref="Fragments"/>): only
    /// the pages of the meetings made again are read. With a cache folder the counts are a running total kept
    /// there (<see cref="WordTotals"/>): the last build's totals, less the words of the meetings it had and this
    /// build has not (edited, deleted, or with an item closed since), plus those of the meetings new to it.</param>
    public static void Write(PublicSite site, SiteWriter writer, Fragments? fragments = null)
    {
        var keys = fragments?.CacheDir is null ? null : StepLog.Step("word keys", () => Keys(site, fragments));
        var file = keys is null ? null : Path.Combine(fragments!.CacheDir!, WordTotals.FileName);
        var counts = file is null || fragments!.Fresh
            || StepLog.Step("word totals read", () => WordTotals.Read(file)) is not { } old ? null
            : StepLog.Step("word totals", () => Update(site, writer, fragments, keys!, old));
        counts ??= CountAll(site, writer, fragments);
        StepLog.Step("word files", () => WriteFiles(writer, counts));
        if (file is not null) StepLog.Step("word totals saved", () => WordTotals.Save(file, keys!, counts));
    }

    /// <summary>Tests: a build with the cache folder given took the running total, with so many meetings taken out
    /// and added.</summary>
    internal static event Action<string, int, int>? Updated;

    /// <summary>One file per letter a–z and "_", also when no word starts with it: the page may ask for any of them,
    /// and a missing file would be a failed request in the citizen's browser. Each a JSON array of [word, count],
    /// most frequent first, then by word.</summary>
    private static void WriteFiles(SiteWriter writer, Dictionary<string, int> counts)
    {
        // A word's file depends on its first character only: folded once per character, not per word.
        var shards = new Dictionary<char, string>();
        var byLetter = counts.GroupBy(kv => shards.TryGetValue(kv.Key[0], out var shard) ? shard
            : shards[kv.Key[0]] = Shard(kv.Key)).ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var letter in FileLetters.Append("_"))
        {
            var list = byLetter.GetValueOrDefault(letter, []);
            Array.Sort(list, (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value)
                : string.CompareOrdinal(a.Key, b.Key));
            writer.WriteBytes($"{Folder}/{letter}.json", Json(list));
        }
    }

    /// <summary>As <c>JsonSerializer.SerializeToUtf8Bytes</c> of the pairs as <c>object[]</c> with the same encoder,
    /// and a line end, written straight (no array boxed per word).</summary>
    internal static byte[] Json(IEnumerable<KeyValuePair<string, int>> list)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var j = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonOptions.Encoder }))
        {
            j.WriteStartArray();
            foreach (var (word, count) in list)
            {
                j.WriteStartArray();
                j.WriteStringValue(word);
                j.WriteNumberValue(count);
                j.WriteEndArray();
            }
            j.WriteEndArray();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    /// <summary>Every meeting's words counted (from its kept part, or its page).</summary>
    private static Dictionary<string, int> CountAll(PublicSite site, SiteWriter writer, Fragments? fragments)
    {
        // Meeting pages on all cores, each worker counting into its own table, merged at the end.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        Parallel.ForEach(site.Meetings, () => new Dictionary<string, int>(StringComparer.Ordinal), (m, _, local) =>
        {
            if (fragments is null)
            {
                CountPage(writer, m, local);
                return local;
            }
            Add(Words(writer, fragments, m), local, sign: 1);
            return local;
        }, local =>
        {
            lock (counts)
                foreach (var (word, n) in local) counts[word] = counts.GetValueOrDefault(word) + n;
        });
        return counts;
    }

    /// <summary>A meeting's words as <see cref="Encode"/> gives them: its kept part when that is as written, else
    /// counted from its page.</summary>
    private static byte[] Words(SiteWriter writer, Fragments fragments, PublicMeeting m)
    {
        var words = fragments.Meeting(m, Fragments.Slot.Words, () => Encode(writer, m));
        return Valid(words) ? words : Encode(writer, m); // not as written: counted again
    }

    private static bool Valid(ReadOnlySpan<byte> words) => Add(words, null, sign: 0);

    /// <summary>Each meeting's key (<see cref="Fragments.KeyOf"/>), or null when one has none or two share one (no
    /// running total then).</summary>
    private static string[]? Keys(PublicSite site, Fragments fragments)
    {
        var keys = new string[site.Meetings.Length];
        var seen = new HashSet<string>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
            if (fragments.KeyOf(site.Meetings[i]) is not { } key || !seen.Add(key)) return null;
            else keys[i] = key;
        return keys;
    }

    /// <summary>The last build's totals brought up to date: the words of its meetings not in this build taken out
    /// (their parts as the last build kept them), those of this build's new meetings added. Null when that cannot be
    /// done exactly (a part missing or not as written, a count that would go below zero) or would read more parts
    /// than counting every meeting does: then every meeting is counted.</summary>
    private static Dictionary<string, int>? Update(PublicSite site, SiteWriter writer, Fragments fragments,
        string[] keys, WordTotals old)
    {
        var current = new HashSet<string>(keys, StringComparer.Ordinal);
        var gone = old.Keys.Where(k => !current.Contains(k)).ToList();
        var added = Enumerable.Range(0, keys.Length).Where(i => !old.Keys.Contains(keys[i])).ToList();
        // Counting every meeting reads as many parts as the archive has (a template or site.yml changed: every key).
        if (gone.Count + added.Count > keys.Length + 16) return null;
        var counts = old.Counts;
        foreach (var key in gone)
            if (fragments.Previous(key, Fragments.Slot.Words) is not { } words || !Valid(words)
                || !Add(words, counts, sign: -1))
                return null;
        var isAdded = new bool[keys.Length];
        foreach (var i in added)
        {
            isAdded[i] = true;
            Add(Words(writer, fragments, site.Meetings[i]), counts, sign: 1);
        }
        // The unchanged meetings' parts stay in the cache (not read): the next build may have to take them out.
        for (var i = 0; i < keys.Length; i++)
            if (!isAdded[i])
                fragments.MeetingPiece(site.Meetings[i], Fragments.Slot.Words, () => Encode(writer, site.Meetings[i]));
        StepLog.Count("word totals: meetings taken out", gone.Count);
        StepLog.Count("word totals: meetings added", added.Count);
        Updated?.Invoke(fragments.CacheDir!, gone.Count, added.Count);
        return counts;
    }

    private static void CountPage(SiteWriter writer, PublicMeeting m, Dictionary<string, int> counts)
    {
        var path = Path.Combine(writer.Root, Urls.MeetingFile(m));
        if (File.Exists(path)) Count(File.ReadAllText(path), counts);
    }

    /// <summary>A meeting page's words and counts as bytes: their number, then each word's UTF-8 length, bytes and
    /// count (unsigned LEB128 numbers).</summary>
    private static byte[] Encode(SiteWriter writer, PublicMeeting m)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        CountPage(writer, m, counts);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        Number(buffer, counts.Count);
        foreach (var (word, n) in counts)
        {
            var bytes = Encoding.UTF8.GetBytes(word);
            Number(buffer, bytes.Length);
            buffer.Write(bytes);
            Number(buffer, n);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void Number(ArrayBufferWriter<byte> buffer, int value)
    {
        var v = (uint)value;
        var span = buffer.GetSpan(5);
        var i = 0;
        for (; v >= 0x80; v >>= 7) span[i++] = (byte)(v | 0x80);
        span[i++] = (byte)v;
        buffer.Advance(i);
    }

    private static bool Number(ReadOnlySpan<byte> data, ref int at, out int value)
    {
        value = 0;
        for (var shift = 0; shift < 32 && at < data.Length; shift += 7)
        {
            var b = data[at++];
            value |= (b & 0x7F) << shift;
            if (b < 0x80) return value >= 0;
        }
        return false;
    }

    /// <summary>Adds (<paramref name="sign"/> 1) or takes out (-1) the counts of <see cref="Encode"/>'s bytes to or
    /// from <paramref name="counts"/>; with 0 only checks that they are as written (a word of 3–40 letters, a count
    /// above 0). False when they are not, or a count taken out is not there (a word at 0 is removed).</summary>
    private static bool Add(ReadOnlySpan<byte> data, Dictionary<string, int>? counts, int sign)
    {
        var lookup = counts?.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> word = stackalloc char[MaxLength];
        var at = 0;
        if (!Number(data, ref at, out var words)) return false;
        for (var w = 0; w < words; w++)
        {
            if (!Number(data, ref at, out var length) || length > data.Length - at) return false;
            var utf8 = data.Slice(at, length);
            at += length;
            if (!Number(data, ref at, out var n) || n == 0) return false;
            if (!Encoding.UTF8.TryGetChars(utf8, word, out var chars) || chars < MinLength) return false;
            if (sign > 0)
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(lookup!.Value,
                    word[..chars], out _) += n;
            else if (sign < 0)
            {
                ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(
                    lookup!.Value, word[..chars]);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref count) || count < n) return false;
                count -= n;
                if (count == 0) lookup.Value.Remove(word[..chars]);
            }
        }
        return at == data.Length;
    }

    /// <summary>Adds the words of one meeting page's indexed text to <paramref name="counts"/>: the same words as
    /// <c>Words(IndexedText(html))</c>, in one pass without a string per word, page part or match (at 10,000
    /// meetings the regular expressions cost ~15 s CPU). A page the scanner cannot decide exactly as the regular
    /// expressions would (a tag name or the attribute next to a non-ASCII character) takes the regular
    /// expressions.</summary>
    internal static void Count(string html, Dictionary<string, int> counts)
    {
        if (Body(html) is not var (start, end)) return;
        var buffer = ArrayPool<char>.Shared.Rent(end - start);
        try
        {
            if (WithoutIgnored(html.AsSpan(start, end - start), buffer) is not { } length)
            {
                foreach (var word in Words(IndexedText(html))) counts[word] = counts.GetValueOrDefault(word) + 1;
                return;
            }
            CountText(buffer.AsSpan(0, length), counts);
        }
        finally { ArrayPool<char>.Shared.Return(buffer); }
    }

    /// <summary>As <c>Ignored().Replace(body, " ")</c> into <paramref name="output"/>: its length, or null when a
    /// tag is not plain ASCII where the expression's \w and \b decide.</summary>
    private static int? WithoutIgnored(ReadOnlySpan<char> body, char[] output)
    {
        const string Attribute = "data-pagefind-ignore";
        var n = 0;
        var i = 0;
        while (true)
        {
            var lt = body[i..].IndexOf('<');
            if (lt < 0) break;
            lt += i;
            // <(\w+)\b: the element's name, then a character that is no word character.
            var nameEnd = lt + 1;
            while (nameEnd < body.Length && IsAsciiWord(body[nameEnd])) nameEnd++;
            if (nameEnd < body.Length && !char.IsAscii(body[nameEnd])) return null;
            var matched = -1;
            if (nameEnd > lt + 1 && nameEnd < body.Length)
            {
                var gt = body[nameEnd..].IndexOf('>');
                if (gt >= 0)
                {
                    var attributes = body.Slice(nameEnd, gt);
                    var has = false;
                    for (var a = attributes.IndexOf(Attribute, StringComparison.Ordinal); a >= 0 && !has;)
                    {
                        // \bdata-pagefind-ignore\b: a non-word character on both sides ('>' at the latest).
                        var before = nameEnd + a - 1;
                        var after = nameEnd + a + Attribute.Length;
                        if (!char.IsAscii(body[before]) || !char.IsAscii(body[after])) return null;
                        has = !IsAsciiWord(body[before]) && !IsAsciiWord(body[after]);
                        var next = attributes[(a + 1)..].IndexOf(Attribute, StringComparison.Ordinal);
                        a = next < 0 ? -1 : a + 1 + next;
                    }
                    if (has && ClosingTag(body, nameEnd + gt + 1, body[(lt + 1)..nameEnd]) is var close)
                    {
                        if (close == -2) return null;
                        matched = close;
                    }
                }
            }
            if (matched < 0)
            {
                body[i..(lt + 1)].CopyTo(output.AsSpan(n));
                n += lt + 1 - i;
                i = lt + 1;
                continue;
            }
            body[i..lt].CopyTo(output.AsSpan(n));
            n += lt - i;
            output[n++] = ' ';
            i = matched;
        }
        body[i..].CopyTo(output.AsSpan(n));
        return n + body.Length - i;
    }

    /// <summary>The end of the first <c>&lt;/name\s*&gt;</c> from <paramref name="from"/> (the lazy <c>.*?</c>), -1
    /// when there is none, -2 when a non-ASCII character is where \s* decides.</summary>
    private static int ClosingTag(ReadOnlySpan<char> body, int from, ReadOnlySpan<char> name)
    {
        for (var i = from; ;)
        {
            var at = body[i..].IndexOf("</", StringComparison.Ordinal);
            if (at < 0) return -1;
            at += i;
            var j = at + 2;
            if (body[j..].StartsWith(name, StringComparison.Ordinal))
            {
                j += name.Length;
                while (j < body.Length && body[j] is ' ' or '\t' or '\n' or '\r' or '\f' or '\v') j++;
                if (j < body.Length && body[j] == '>') return j + 1;
                if (j < body.Length && !char.IsAscii(body[j])) return -2;
            }
            i = at + 1;
        }
    }

    private static bool IsAsciiWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>As <c>Words(WebUtility.HtmlDecode(Tag().Replace(text, " ")))</c>, counted.</summary>
    private static void CountText(ReadOnlySpan<char> text, Dictionary<string, int> counts)
    {
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> lower = stackalloc char[MaxLength];
        var i = 0;
        while (i < text.Length)
        {
            // <[^>]*>: a tag up to the next '>' is a space; a '<' with no '>' after it is text, and so is the rest.
            var lt = text[i..].IndexOf('<');
            var textEnd = lt < 0 ? text.Length : lt + i;
            var gt = lt < 0 ? -1 : text[(textEnd + 1)..].IndexOf('>');
            if (gt < 0) textEnd = text.Length;
            var part = text[i..textEnd];
            // Entities cannot span a tag (it became a space), so each part is decoded on its own.
            if (part.Contains('&')) part = WebUtility.HtmlDecode(part.ToString());
            for (var k = 0; k < part.Length;)
            {
                if (!char.IsLetter(part[k])) { k++; continue; }
                var from = k;
                while (k < part.Length && char.IsLetter(part[k])) k++;
                if (k - from is < MinLength or > MaxLength) continue;
                var key = lower[..(k - from)];
                part[from..k].ToLowerInvariant(key);
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(lookup, key, out _)++;
            }
            i = gt < 0 ? text.Length : textEnd + 1 + gt + 1;
        }
    }

    /// <summary>Where the content of the <c>data-pagefind-body</c> element is: after its start tag's <c>&gt;</c> (the
    /// tag's own attributes are markup, not words) up to the page's last <c>&lt;/article&gt;</c>.</summary>
    private static (int Start, int End)? Body(string html)
    {
        var marker = html.IndexOf("data-pagefind-body", StringComparison.Ordinal);
        var start = marker < 0 ? -1 : html.IndexOf('>', marker) + 1;
        var end = html.LastIndexOf("</article>", StringComparison.Ordinal);
        return start <= 0 || end < start ? null : (start, end);
    }

    /// <summary>The text inside the meeting page's <c>data-pagefind-body</c> element, without the parts marked
    /// <c>data-pagefind-ignore</c> (boilerplate), tags removed and entities decoded.</summary>
    internal static string IndexedText(string html)
    {
        if (Body(html) is not var (start, end)) return "";
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

/// <summary>The word list's counts as a running total (<see cref="WordList.Write"/>), kept in the cache folder: the
/// meetings' keys (<see cref="Fragments.KeyOf"/>) it sums and the count of each word. Only the published words of the
/// meeting pages are in it, the same as in the word list itself; a meeting no longer in the build (edited, deleted,
/// an item closed) is taken out the next build, and a word at 0 is dropped.</summary>
/// <remarks>The file: a mark, the version, the keys, the words with their counts, the SHA-256 of all that and an
/// end mark. Anything unexpected (another version, cut short, a wrong checksum, a count below 1, a key twice, a
/// link or anything but a regular file) and it is not used: every meeting is counted.</remarks>
internal sealed record WordTotals(HashSet<string> Keys, Dictionary<string, int> Counts)
{
    public const string FileName = "wordlist.bin";

    private const int Version = 1;
    private const long MaxBytes = 1L << 30;
    private static readonly byte[] Head = "SGWORDS\n"u8.ToArray();
    private static readonly byte[] Tail = "SGWORDE\n"u8.ToArray();

    /// <summary>The totals of <paramref name="path"/>, or null when they are missing or not to be trusted.</summary>
    public static WordTotals? Read(string path)
    {
        try
        {
            if (SignedFile.Read(path, Head, Tail, MaxBytes) is not var (bytes, signed)) return null;
            using var r = new BinaryReader(new MemoryStream(bytes, Head.Length, signed - Head.Length), Encoding.UTF8);
            if (r.ReadInt32() != Version) return null;
            var keyCount = r.ReadInt32();
            if (keyCount < 0 || keyCount > signed) return null;
            var keys = new HashSet<string>(keyCount, StringComparer.Ordinal);
            for (var i = 0; i < keyCount; i++)
                if (!keys.Add(r.ReadString())) return null;
            var wordCount = r.ReadInt32();
            if (wordCount < 0 || wordCount > signed) return null;
            var counts = new Dictionary<string, int>(wordCount, StringComparer.Ordinal);
            for (var i = 0; i < wordCount; i++)
            {
                var word = r.ReadString();
                var count = r.ReadInt32();
                if (count < 1 || !counts.TryAdd(word, count)) return null;
            }
            return r.BaseStream.Position == r.BaseStream.Length ? new WordTotals(keys, counts) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EndOfStreamException
                                       or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Writes the totals beside <paramref name="path"/> and renames them over it; a failure leaves no
    /// file (the next build counts every meeting), never a partial one.</summary>
    public static void Save(string path, IEnumerable<string> keys, Dictionary<string, int> counts)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var body = new MemoryStream();
            using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Head);
                w.Write(Version);
                var list = keys.ToList();
                w.Write(list.Count);
                foreach (var key in list) w.Write(key);
                w.Write(counts.Count);
                // In a fixed order: the same totals give the same file.
                foreach (var (word, count) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    w.Write(word);
                    w.Write(count);
                }
            }
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                f.Write(SignedFile.Sign(body.GetBuffer().AsSpan(0, (int)body.Length), Tail));
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException) { }
            // A stale file would still be right (its keys and counts agree), but one that could not be replaced may
            // be anything: removed if it can be.
            try { if (File.Exists(path)) File.Delete(path); }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException) { }
        }
    }
}

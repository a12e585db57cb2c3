using System.Runtime.CompilerServices;
using System.Text;
using SiteGen.Common;

namespace SiteGen.Rendering;

/// <summary>A section's safe HTML (under a level-3 heading, as <see cref="SafeMarkdown.ToHtml(string, int)"/>) and
/// the plain text of that HTML (<see cref="PlainText.FromSafeHtml"/>), made once per text and build and kept beside
/// the Markdown in its <see cref="TextStore"/>: out of the managed heap, which holds only where (≈ 40 bytes a text).
/// A decision is shown on the meeting page, its item's page, its case's page and feed, the decision feed, the
/// meeting's and the case's open data, the case list's data and the CSV: Markdig and the sanitiser now run once for
/// it instead of up to eight times.</summary>
/// <remarks>Keyed by content (<see cref="StoredText"/>'s equality: length and 128 bits of SHA-256), so equal texts
/// share their HTML, which depends on the text alone. A store's index lives as long as the store: serve, which keeps
/// unchanged meetings' texts in an earlier store, reuses their HTML across rebuilds.</remarks>
internal static class RenderedText
{
    // Strict: a text that is not valid Unicode (stored as UTF-16) is rendered every time instead of kept changed.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly ConditionalWeakTable<TextStore, Index> Indexes = new();

    /// <summary>The HTML of <paramref name="markdown"/> under a heading of <paramref name="sectionLevel"/>: as
    /// <see cref="SafeMarkdown.ToHtml(string, int)"/>.</summary>
    public static string Html(StoredText markdown, int sectionLevel)
    {
        var made = Of(markdown);
        return made.LevelMatters && sectionLevel != 3 ? SafeMarkdown.ToHtml(markdown.Read(), sectionLevel)
            : made.Html();
    }

    /// <summary>What is made of <paramref name="markdown"/>, made now when it is not kept yet.</summary>
    public static Made Of(StoredText markdown)
    {
        // Kept in the store texts are written to (a cached check's texts lie read-only in the check cache's file).
        if (markdown.Store?.Writable is not { } store) return Make(markdown.Read());
        var index = Indexes.GetValue(store, _ => new Index());
        if (index.TryGet(markdown, out var kept)) return new Made(store, kept);
        var made = Make(markdown.Read());
        byte[] bytes;
        int htmlBytes;
        try
        {
            htmlBytes = Utf8.GetByteCount(made.Html());
            bytes = new byte[htmlBytes + Utf8.GetByteCount(made.Plain())];
            Utf8.GetBytes(made.Html(), bytes);
            Utf8.GetBytes(made.Plain(), bytes.AsSpan(htmlBytes));
        }
        catch (EncoderFallbackException)
        {
            return made;
        }
        long offset;
        try { offset = store.Append(bytes); }
        catch (ObjectDisposedException) { return made; }
        index.Add(markdown, new Entry(offset, htmlBytes, bytes.Length - htmlBytes, made.Flags));
        return made;
    }

    private static Made Make(string markdown)
    {
        var parsed = SafeMarkdown.Parse(markdown);
        var html = SafeMarkdown.Sanitize(parsed, sectionLevel: 3);
        var flags = (parsed.LevelMatters ? Entry.LevelMatters : 0) | (MaybeRelative(html) ? Entry.Relative : 0);
        return new Made(html, PlainText.FromSafeHtml(html), flags);
    }

    /// <summary>Whether the HTML may hold a site-relative or fragment link (<c>href="/…"</c>, <c>src="#…"</c>),
    /// which a feed or the open data makes absolute: more than those (any <c>="/</c>), never fewer.</summary>
    private static bool MaybeRelative(string html) =>
        html.Contains("=\"/", StringComparison.Ordinal) || html.Contains("=\"#", StringComparison.Ordinal);

    /// <summary>A text's HTML and plain text: held (just made) or read from the store when asked.</summary>
    internal readonly struct Made
    {
        private readonly TextStore? _store;
        private readonly Entry _entry;
        private readonly string? _html;
        private readonly string? _plain;

        internal Made(TextStore store, Entry entry) => (_store, _entry, Flags) = (store, entry, entry.Flags);

        internal Made(string html, string plain, int flags) => (_html, _plain, Flags) = (html, plain, flags);

        internal int Flags { get; }

        /// <summary>Whether the HTML differs with the section level (a heading in it).</summary>
        public bool LevelMatters => (Flags & Entry.LevelMatters) != 0;

        /// <summary>Whether the HTML may hold a link a feed makes absolute (then its plain text may differ too).
        /// </summary>
        public bool MaybeRelative => (Flags & Entry.Relative) != 0;

        /// <summary>The safe HTML under a level-3 heading.</summary>
        public string Html() => _html ?? Read(_entry.Offset, _entry.HtmlBytes);

        /// <summary>The plain text of <see cref="Html"/>.</summary>
        public string Plain() => _plain ?? Read(_entry.Offset + _entry.HtmlBytes, _entry.PlainBytes);

        private string Read(long offset, int count)
        {
            if (count == 0) return "";
            var bytes = count <= 4096 ? stackalloc byte[count] : new byte[count];
            _store!.ReadAt(offset, bytes);
            return Utf8.GetString(bytes);
        }
    }

    /// <summary>Where a text's HTML and plain text are in its store (one after the other).</summary>
    internal readonly record struct Entry(long Offset, int HtmlBytes, int PlainBytes, int Flags)
    {
        public const int LevelMatters = 1;
        public const int Relative = 2;
    }

    /// <summary>A store's texts made so far, in parts with a lock each (the render and the open data run on all
    /// cores).</summary>
    private sealed class Index
    {
        private const int Parts = 16;
        private readonly Dictionary<StoredText, Entry>[] _parts =
            [.. Enumerable.Range(0, Parts).Select(_ => new Dictionary<StoredText, Entry>())];

        private Dictionary<StoredText, Entry> Part(StoredText text) =>
            _parts[(int)((uint)text.GetHashCode() % Parts)];

        public bool TryGet(StoredText text, out Entry entry)
        {
            var part = Part(text);
            lock (part) return part.TryGetValue(text, out entry);
        }

        public void Add(StoredText text, Entry entry)
        {
            var part = Part(text);
            lock (part) part.TryAdd(text, entry);
        }
    }
}

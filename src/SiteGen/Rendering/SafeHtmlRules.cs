using System.Buffers;
using System.Text.RegularExpressions;
using Markdig.Renderers;

namespace SiteGen.Rendering;

/// <summary>The project's rules for content HTML, shared by the Markdown renderer (<see cref="SafeHtmlExtension"/>)
/// and the raw-HTML sanitizer (<see cref="RawHtmlSanitizer"/>), so both paths write the same HTML.</summary>
internal static partial class SafeHtmlRules
{
    /// <summary>Wide tables scroll inside their own keyboard-reachable region, not the page.</summary>
    public const string TableWrapperStart = "<div class=\"tabel\" role=\"region\" aria-label=\"Tabel\" tabindex=\"0\">";

    private static readonly HashSet<string> SafeSchemes =
        new(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" };

    /// <summary>The level a content heading gets under a heading of <paramref name="sectionLevel"/>: #–#### become
    /// sectionLevel+1, deeper ones follow, never beyond h6 (a page's own outline uses h1–h3).</summary>
    public static int HeadingLevel(int authorLevel, int sectionLevel) =>
        Math.Min(6, sectionLevel + 1 + Math.Max(0, authorLevel - 4));

    /// <summary>The href when it is http(s), mailto, or relative/fragment; null otherwise.
    /// Browsers ignore whitespace and control characters inside a scheme, so the check does too.</summary>
    public static string? SafeHref(string? href)
    {
        if (href is null) return null;
        var trimmed = href.Trim();
        var squeezed = new string(trimmed.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        if (squeezed.Length == 0) return null;
        var scheme = Scheme().Match(squeezed);
        if (scheme.Success) return SafeSchemes.Contains(scheme.Groups[1].Value) ? trimmed : null;
        // No scheme: relative path, fragment or query. A colon before any / ? # would make it one.
        var colon = trimmed.IndexOf(':');
        return colon >= 0 && colon < FirstOf(trimmed, '/', '?', '#') ? null : trimmed;
    }

    private static int FirstOf(string s, params char[] chars) => s.IndexOfAny(chars) is var i and >= 0 ? i : s.Length;

    /// <summary>Links to other hosts get rel="noopener".</summary>
    public static bool IsExternal(string href) =>
        href.StartsWith("http:", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("//", StringComparison.Ordinal);

    /// <summary>"venstre", "centreret" or "hoejre" from an align attribute or, without one, a text-align style.
    /// A class, because the align attribute is obsolete HTML and style attributes are never published.</summary>
    public static string? AlignmentClass(string? align, string? style)
    {
        var value = align ?? AlignStyle().Match(style ?? "") switch
        {
            { Success: true } m => m.Groups[1].Value,
            _ => null,
        };
        return value?.Trim().ToLowerInvariant() switch
        {
            "left" => "venstre",
            "center" => "centreret",
            "right" => "hoejre",
            _ => null,
        };
    }

    /// <summary>A colspan/rowspan worth keeping (2–1000), as written; null otherwise.</summary>
    public static string? Span(string? value) => int.TryParse(value, out var n) ? Span(n) : null;

    /// <inheritdoc cref="Span(string?)"/>
    public static string? Span(int n) =>
        n is > 1 and <= 1000 ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    private static readonly SearchValues<char> TextSpecials = SearchValues.Create("&<>\u00A0\r");

    /// <summary>Writes text as an HTML parser reads it and its serialiser writes it back: &amp; &lt; &gt; and U+00A0 as
    /// entities, quotes as they are (Markdig's own escaping writes &amp;quot;), CR and CRLF as LF. These are the bytes
    /// pages had while every section went through a DOM sanitizer.</summary>
    public static void WriteText(HtmlRenderer renderer, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        renderer.Write(string.Empty); // Markdig's indentation and line state, as its own WriteEscape keeps them
        var writer = renderer.Writer;
        while (true)
        {
            var i = text.IndexOfAny(TextSpecials);
            if (i < 0)
            {
                writer.Write(text);
                return;
            }
            writer.Write(text[..i]);
            writer.Write(text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\r' when i + 1 < text.Length && text[i + 1] == '\n' => "",
                '\r' => "\n",
                _ => "&nbsp;",
            });
            text = text[(i + 1)..];
        }
    }

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.\-]*):")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"text-align\s*:\s*(left|center|right)", RegexOptions.IgnoreCase)]
    private static partial Regex AlignStyle();
}

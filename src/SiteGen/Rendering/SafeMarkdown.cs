using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SiteGen.Rendering;

/// <summary>Markdown from the secretariat → HTML that is safe to put on a page or in a feed.
/// The single place where content Markdown becomes HTML (pages and feeds both call it).</summary>
public static class SafeMarkdown
{
    // Raw HTML is parsed (old minutes contain it) and then passed through the allow-list in
    // HtmlSanitizer, which is what makes the output safe; Markdig alone does not sanitize.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .Build();

    /// <summary>Content headings start at h4: a page's own outline uses h1–h3 (meeting, item, section).</summary>
    public static string ToHtml(string markdown) => ToHtml(markdown, sectionLevel: 3);

    /// <summary>As <see cref="ToHtml(string)"/>, for text that sits under a heading of <paramref name="sectionLevel"/>:
    /// the content's own headings (#–####) become sectionLevel+1, deeper ones follow, never beyond h6.</summary>
    public static string ToHtml(string markdown, int sectionLevel) => Sanitize(Parse(markdown), sectionLevel);

    /// <summary>The level-independent half: Markdig's HTML of <paramref name="markdown"/> and whether its syntax
    /// tree holds raw HTML.</summary>
    internal static Parsed Parse(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        // Raw HTML (block or inline) always starts with '<': most sections have none, and skip the tree walk.
        return new Parsed(document.ToHtml(Pipeline), markdown.Contains('<') && HasRawHtml(document));
    }

    /// <summary>The safe HTML of a parsed text under a heading of <paramref name="sectionLevel"/>.</summary>
    internal static string Sanitize(Parsed parsed, int sectionLevel) =>
        // Without raw HTML in the syntax tree, Markdig's output is its own few tags with escaped text, and
        // the allow-list can be applied without parsing it again (AngleSharp was ~15% of a build's CPU).
        (parsed.RawHtml ? null : MarkdigHtmlSanitizer.TrySanitize(parsed.Html, sectionLevel))
        ?? HtmlSanitizer.Sanitize(parsed.Html, sectionLevel);

    /// <param name="Html">Markdig's output, not safe yet</param>
    /// <param name="RawHtml">whether the Markdown holds raw HTML (then only the full sanitizer may handle it)</param>
    internal readonly record struct Parsed(string Html, bool RawHtml)
    {
        /// <summary>Only headings are shifted, and without a tag starting "&lt;h" (any case) there is no heading element.</summary>
        public bool LevelMatters => Html.Contains("<h", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The full path every section took before the fast path: Markdig, then the sanitizer.
    /// The reference the fast path is tested against.</summary>
    internal static string ToHtmlThroughSanitizer(string markdown, int sectionLevel) =>
        HtmlSanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline), sectionLevel);

    /// <summary>The fast path only, null where it does not apply (raw HTML, or output it does not know).</summary>
    internal static string? ToHtmlFastPath(string markdown, int sectionLevel) =>
        Parse(markdown) is { RawHtml: false } parsed ? MarkdigHtmlSanitizer.TrySanitize(parsed.Html, sectionLevel) : null;

    private static bool HasRawHtml(MarkdownDocument document)
    {
        foreach (var node in document.Descendants())
            if (node is HtmlBlock or HtmlInline) return true;
        return false;
    }
}

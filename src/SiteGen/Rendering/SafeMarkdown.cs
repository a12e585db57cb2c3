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
    public static string ToHtml(string markdown, int sectionLevel) => ToHtmlAndLevelUse(markdown, sectionLevel).Html;

    /// <summary>As <see cref="ToHtml(string, int)"/>, and whether the result depends on the level at all: only
    /// headings are shifted, and without a tag starting "&lt;h" (any case) there is no heading element.</summary>
    internal static (string Html, bool LevelMatters) ToHtmlAndLevelUse(string markdown, int sectionLevel)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var raw = document.ToHtml(Pipeline);
        // Without raw HTML in the syntax tree, Markdig's output is its own few tags with escaped text, and
        // the allow-list can be applied without parsing it again (AngleSharp was ~15% of a build's CPU).
        var html = (HasRawHtml(document) ? null : MarkdigHtmlSanitizer.TrySanitize(raw, sectionLevel))
                   ?? HtmlSanitizer.Sanitize(raw, sectionLevel);
        return (html, raw.Contains("<h", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The full path every section took before the fast path: Markdig, then the sanitizer.
    /// The reference the fast path is tested against.</summary>
    internal static string ToHtmlThroughSanitizer(string markdown, int sectionLevel) =>
        HtmlSanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline), sectionLevel);

    /// <summary>The fast path only, null where it does not apply (raw HTML, or output it does not know).</summary>
    internal static string? ToHtmlFastPath(string markdown, int sectionLevel)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        return HasRawHtml(document) ? null : MarkdigHtmlSanitizer.TrySanitize(document.ToHtml(Pipeline), sectionLevel);
    }

    private static bool HasRawHtml(MarkdownDocument document)
    {
        foreach (var node in document.Descendants())
            if (node is HtmlBlock or HtmlInline) return true;
        return false;
    }
}

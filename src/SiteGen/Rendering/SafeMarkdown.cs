using Markdig;

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
        var raw = Markdown.ToHtml(markdown, Pipeline);
        return (HtmlSanitizer.Sanitize(raw, sectionLevel), raw.Contains("<h", StringComparison.OrdinalIgnoreCase));
    }
}

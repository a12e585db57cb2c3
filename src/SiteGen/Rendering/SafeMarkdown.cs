using Markdig;

namespace SiteGen.Rendering;

/// <summary>Markdown from the secretariat → HTML that is safe to put on a page or in a feed.
/// The single place where content Markdown becomes HTML (pages and feeds both call it).</summary>
public static class SafeMarkdown
{
    // Baseline: raw HTML is escaped. The rendering issue replaces this with an allow-list sanitizer.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .DisableHtml()
        .Build();

    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, Pipeline);
}

using Markdig;
using Markdig.Syntax;

namespace SiteGen.Rendering;

/// <summary>Markdown from the secretariat → HTML that is safe to put on a page or in a feed.
/// The single place where content Markdown becomes HTML (pages and feeds both call it).</summary>
public static class SafeMarkdown
{
    // Raw HTML is parsed (old minutes contain it); a section that holds any goes through RawHtmlSanitizer,
    // every other section is written safe by Markdig itself (SafeHtmlExtension).
    private static readonly MarkdownPipeline Parsing = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .Build();

    // One rendering pipeline per section level (0–5; at 5 every content heading is h6).
    private static readonly MarkdownPipeline[] Rendering =
    [
        .. Enumerable.Range(0, 6).Select(level => new MarkdownPipelineBuilder()
            .UsePipeTables()
            .Use(new SafeHtmlExtension(level))
            .Build()),
    ];

    /// <summary>Content headings start at h4: a page's own outline uses h1–h3 (meeting, item, section).</summary>
    public static string ToHtml(string markdown) => ToHtml(markdown, sectionLevel: 3);

    /// <summary>As <see cref="ToHtml(string)"/>, for text that sits under a heading of <paramref name="sectionLevel"/>:
    /// the content's own headings (#–####) become sectionLevel+1, deeper ones follow, never beyond h6.</summary>
    public static string ToHtml(string markdown, int sectionLevel) => Sanitize(Parse(markdown), sectionLevel);

    /// <summary>The level-independent half: Markdig's syntax tree of <paramref name="markdown"/>.</summary>
    internal static Parsed Parse(string markdown)
    {
        var document = Markdown.Parse(markdown, Parsing);
        // Raw HTML (block or inline) always starts with '<': most sections have none, and skip the tree walk.
        var rawHtml = markdown.Contains('<') && HasRawHtml(document);
        var levelMatters = HasHeading(document)
            || (rawHtml && markdown.Contains("<h", StringComparison.OrdinalIgnoreCase));
        return new Parsed(document, rawHtml, levelMatters);
    }

    /// <summary>The safe HTML of a parsed text under a heading of <paramref name="sectionLevel"/>.</summary>
    internal static string Sanitize(Parsed parsed, int sectionLevel) => parsed.RawHtml
        ? RawHtmlSanitizer.Sanitize(parsed.Document.ToHtml(Parsing), sectionLevel)
        : parsed.Document.ToHtml(Rendering[Math.Clamp(sectionLevel, 0, Rendering.Length - 1)]);

    /// <param name="Document">Markdig's syntax tree (rendering does not change it, so it may be rendered again)</param>
    /// <param name="RawHtml">whether the Markdown holds raw HTML (then the DOM sanitizer handles the section)</param>
    /// <param name="LevelMatters">whether the HTML may hold a heading, the only thing the section level changes</param>
    internal readonly record struct Parsed(MarkdownDocument Document, bool RawHtml, bool LevelMatters);

    private static bool HasRawHtml(MarkdownDocument document)
    {
        foreach (var node in document.Descendants())
            if (node is HtmlBlock or Markdig.Syntax.Inlines.HtmlInline) return true;
        return false;
    }

    private static bool HasHeading(ContainerBlock container)
    {
        foreach (var block in container)
            if (block is HeadingBlock || (block is ContainerBlock inner && HasHeading(inner))) return true;
        return false;
    }
}

using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SiteGen.Rendering;

/// <summary>Markdig writes the site's safe HTML itself: headings shifted below the section heading, links checked
/// (<see cref="SafeHtmlRules.SafeHref"/>) with rel="noopener" for other hosts, images as their alt text, tables in a
/// scrolling region with alignment as a class, and no attribute beyond those. Everything else is Markdig's own
/// output. Text and void elements are written as an HTML serialiser writes them, the bytes pages had when every
/// section went through a DOM sanitizer. Raw HTML is not handled here: <see cref="SafeMarkdown"/> sends a section
/// that holds any to <see cref="RawHtmlSanitizer"/>; should some reach this renderer, it is written as text.</summary>
internal sealed class SafeHtmlExtension(int sectionLevel) : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline) { }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is not HtmlRenderer html) return;
        var r = html.ObjectRenderers;
        Replace<HeadingRenderer>(r, new Heading(sectionLevel));
        Replace<LinkInlineRenderer>(r, new Link());
        Replace<AutolinkInlineRenderer>(r, new Autolink());
        Replace<HtmlTableRenderer>(r, new ScrollingTable());
        Replace<ListRenderer>(r, new List());
        Replace<ThematicBreakRenderer>(r, new ThematicBreak());
        Replace<LineBreakInlineRenderer>(r, new LineBreak());
        Replace<CodeBlockRenderer>(r, new CodeBlockAsText());
        Replace<CodeInlineRenderer>(r, new Code());
        Replace<LiteralInlineRenderer>(r, new Literal());
        Replace<HtmlEntityInlineRenderer>(r, new Entity());
        Replace<DelimiterInlineRenderer>(r, new Delimiter());
        Replace<HtmlBlockRenderer>(r, new HtmlBlockAsText());
        Replace<HtmlInlineRenderer>(r, new HtmlInlineAsText());
    }

    private static void Replace<T>(ObjectRendererCollection renderers, IMarkdownObjectRenderer replacement)
        where T : IMarkdownObjectRenderer
    {
        if (!renderers.Replace<T>(replacement))
            throw new InvalidOperationException($"Markdig has no {typeof(T).Name} to replace");
    }

    private static readonly string[] HeadingTags = ["h1", "h2", "h3", "h4", "h5", "h6"];

    private sealed class Heading(int sectionLevel) : HtmlObjectRenderer<HeadingBlock>
    {
        protected override void Write(HtmlRenderer renderer, HeadingBlock obj)
        {
            var tag = HeadingTags[SafeHtmlRules.HeadingLevel(obj.Level, sectionLevel) - 1];
            renderer.Write('<').Write(tag).Write('>');
            renderer.WriteLeafInline(obj);
            renderer.Write("</").Write(tag).WriteLine(">");
            renderer.EnsureLine();
        }
    }

    private sealed class Link : HtmlObjectRenderer<LinkInline>
    {
        protected override void Write(HtmlRenderer renderer, LinkInline link)
        {
            if (link.IsImage)
            {
                // Images are not published; their description is kept as text.
                var wasHtml = renderer.EnableHtmlForInline;
                renderer.EnableHtmlForInline = false;
                renderer.WriteChildren(link);
                renderer.EnableHtmlForInline = wasHtml;
                return;
            }
            var url = link.GetDynamicUrl?.Invoke() ?? link.Url;
            if (!renderer.EnableHtmlForInline || Href(url) is not { } href)
            {
                renderer.WriteChildren(link); // unsafe link: keep its text only
                return;
            }
            WriteStart(renderer, href);
            renderer.WriteChildren(link);
            renderer.Write("</a>");
        }
    }

    private sealed class Autolink : HtmlObjectRenderer<AutolinkInline>
    {
        protected override void Write(HtmlRenderer renderer, AutolinkInline obj)
        {
            var href = renderer.EnableHtmlForInline ? Href((obj.IsEmail ? "mailto:" : "") + obj.Url) : null;
            if (href is not null) WriteStart(renderer, href);
            SafeHtmlRules.WriteText(renderer, obj.Url);
            if (href is not null) renderer.Write("</a>");
        }
    }

    /// <summary>The href exactly as Markdig would write it (percent-encoded, &amp; as &amp;amp;), or null when the
    /// URL a browser reads from it is not safe.</summary>
    private static string? Href(string? url)
    {
        if (url is null) return null;
        var escaper = _urlEscaper ??= new HtmlRenderer(new StringWriter());
        var buffer = ((StringWriter)escaper.Writer).GetStringBuilder();
        buffer.Clear();
        escaper.WriteEscapeUrl(url);
        var written = buffer.ToString();
        return SafeHtmlRules.SafeHref(written.Replace("&amp;", "&", StringComparison.Ordinal)) is null ? null : written;
    }

    [ThreadStatic] private static HtmlRenderer? _urlEscaper;

    private static void WriteStart(HtmlRenderer renderer, string href)
    {
        renderer.Write("<a href=\"").Write(href);
        renderer.Write(SafeHtmlRules.IsExternal(href) ? "\" rel=\"noopener\">" : "\">");
    }

    private sealed class ScrollingTable : HtmlObjectRenderer<Markdig.Extensions.Tables.Table>
    {
        protected override void Write(HtmlRenderer renderer, Markdig.Extensions.Tables.Table table)
        {
            renderer.EnsureLine();
            renderer.Write(SafeHtmlRules.TableWrapperStart).WriteLine("<table>");
            var (hasBody, headerOpen, hadHeader) = (false, false, false);
            foreach (var rowObject in table)
            {
                var row = (TableRow)rowObject;
                if (row.IsHeader)
                {
                    if (!hadHeader) renderer.WriteLine("<thead>"); // a single thead, as Markdig writes it
                    headerOpen |= !hadHeader;
                    hadHeader = true;
                }
                else if (!hasBody)
                {
                    if (headerOpen) renderer.WriteLine("</thead>");
                    headerOpen = false;
                    renderer.WriteLine("<tbody>");
                    hasBody = true;
                }
                renderer.WriteLine("<tr>");
                for (var i = 0; i < row.Count; i++)
                    WriteCell(renderer, table, row, (TableCell)row[i], i);
                renderer.WriteLine("</tr>");
            }
            if (hasBody) renderer.WriteLine("</tbody>");
            else if (headerOpen) renderer.WriteLine("</thead>");
            renderer.WriteLine("</table></div>");
        }

        private static void WriteCell(HtmlRenderer renderer, Markdig.Extensions.Tables.Table table, TableRow row,
            TableCell cell, int i)
        {
            renderer.EnsureLine();
            renderer.Write(row.IsHeader ? "<th" : "<td");
            if (SafeHtmlRules.Span(cell.ColumnSpan) is { } cs)
                renderer.Write(" colspan=\"").Write(cs).Write('"');
            if (SafeHtmlRules.Span(cell.RowSpan) is { } rs)
                renderer.Write(" rowspan=\"").Write(rs).Write('"');
            if (table.ColumnDefinitions.Count > 0)
            {
                var columns = table.ColumnDefinitions.Count;
                var column = cell.ColumnIndex < 0 || cell.ColumnIndex >= columns ? i : cell.ColumnIndex;
                column = Math.Min(column, columns - 1);
                var align = table.ColumnDefinitions[column].Alignment switch
                {
                    TableColumnAlign.Left => "venstre",
                    TableColumnAlign.Center => "centreret",
                    TableColumnAlign.Right => "hoejre",
                    _ => null,
                };
                if (align is not null) renderer.Write(" class=\"tekst-").Write(align).Write('"');
            }
            renderer.Write('>');
            var implicitParagraph = renderer.ImplicitParagraph;
            if (cell.Count == 1) renderer.ImplicitParagraph = true;
            renderer.Write(cell);
            renderer.ImplicitParagraph = implicitParagraph;
            renderer.WriteLine(row.IsHeader ? "</th>" : "</td>");
        }
    }

    /// <summary>As Markdig's, without the start and type attributes (never published).</summary>
    private sealed class List : HtmlObjectRenderer<ListBlock>
    {
        protected override void Write(HtmlRenderer renderer, ListBlock list)
        {
            renderer.EnsureLine();
            renderer.WriteLine(list.IsOrdered ? "<ol>" : "<ul>");
            foreach (var item in list)
            {
                var implicitParagraph = renderer.ImplicitParagraph;
                renderer.ImplicitParagraph = !list.IsLoose;
                renderer.EnsureLine();
                renderer.Write("<li>");
                renderer.WriteChildren((ListItemBlock)item);
                renderer.WriteLine("</li>");
                renderer.EnsureLine();
                renderer.ImplicitParagraph = implicitParagraph;
            }
            renderer.WriteLine(list.IsOrdered ? "</ol>" : "</ul>");
            renderer.EnsureLine();
        }
    }

    private sealed class ThematicBreak : HtmlObjectRenderer<ThematicBreakBlock>
    {
        protected override void Write(HtmlRenderer renderer, ThematicBreakBlock obj) => renderer.WriteLine("<hr>");
    }

    private sealed class LineBreak : HtmlObjectRenderer<LineBreakInline>
    {
        protected override void Write(HtmlRenderer renderer, LineBreakInline obj)
        {
            if (renderer.IsLastInContainer) return;
            if (renderer.EnableHtmlForInline && obj.IsHard) renderer.WriteLine("<br>");
            renderer.EnsureLine();
        }
    }

    /// <summary>As Markdig's, without the language class of a fenced block.</summary>
    private sealed class CodeBlockAsText : HtmlObjectRenderer<CodeBlock>
    {
        protected override void Write(HtmlRenderer renderer, CodeBlock obj)
        {
            renderer.EnsureLine();
            renderer.Write("<pre><code>");
            WriteLines(renderer, obj);
            renderer.WriteLine("</code></pre>");
            renderer.EnsureLine();
        }
    }

    private static void WriteLines(HtmlRenderer renderer, LeafBlock block)
    {
        var lines = block.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            SafeHtmlRules.WriteText(renderer, lines.Lines[i].Slice.AsSpan());
            renderer.WriteLine();
        }
    }

    private sealed class Code : HtmlObjectRenderer<CodeInline>
    {
        protected override void Write(HtmlRenderer renderer, CodeInline obj)
        {
            if (renderer.EnableHtmlForInline) renderer.Write("<code>");
            SafeHtmlRules.WriteText(renderer, obj.ContentSpan);
            if (renderer.EnableHtmlForInline) renderer.Write("</code>");
        }
    }

    private sealed class Literal : HtmlObjectRenderer<LiteralInline>
    {
        protected override void Write(HtmlRenderer renderer, LiteralInline obj) =>
            SafeHtmlRules.WriteText(renderer, obj.Content.AsSpan());
    }

    private sealed class Entity : HtmlObjectRenderer<HtmlEntityInline>
    {
        protected override void Write(HtmlRenderer renderer, HtmlEntityInline obj) =>
            SafeHtmlRules.WriteText(renderer, obj.Transcoded.AsSpan());
    }

    private sealed class Delimiter : HtmlObjectRenderer<DelimiterInline>
    {
        protected override void Write(HtmlRenderer renderer, DelimiterInline obj)
        {
            SafeHtmlRules.WriteText(renderer, obj.ToLiteral());
            renderer.WriteChildren(obj);
        }
    }

    private sealed class HtmlBlockAsText : HtmlObjectRenderer<HtmlBlock>
    {
        protected override void Write(HtmlRenderer renderer, HtmlBlock obj)
        {
            renderer.EnsureLine();
            renderer.Write("<p>");
            WriteLines(renderer, obj);
            renderer.WriteLine("</p>");
        }
    }

    private sealed class HtmlInlineAsText : HtmlObjectRenderer<HtmlInline>
    {
        protected override void Write(HtmlRenderer renderer, HtmlInline obj) =>
            SafeHtmlRules.WriteText(renderer, obj.Tag);
    }
}

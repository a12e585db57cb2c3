using System.Text.RegularExpressions;

using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SiteGen.Content;

/// <summary>A <c>###</c> section: its heading and the exact Markdown source up to the next <c>##</c>/<c>###</c>.
/// Offsets are into the whole file text.</summary>
public sealed record RawSection(string Heading, int HeadingOffset, int TitleOffset, string Markdown,
    int MarkdownOffset);

/// <summary>A <c>##</c> heading and the sections under it.</summary>
public sealed record RawItem(string Heading, int HeadingOffset, int TitleOffset, List<RawSection> Sections);

public enum StrayKind
{
    Level1Heading,       // '#' heading anywhere at top level
    BeforeFirstItem,     // text (or a ### heading) before the first ## heading
    BeforeFirstSection,  // text inside an item before its first ### heading
    NestedItemHeading,   // a heading like "3. Something" inside a list or quote
    TooDeeplyNested,     // Markdig refuses the text (thousands of nested quotes, lists or brackets)
    HtmlTooDeep,         // raw HTML nested past MarkdownLimits.MaxHtmlDepth (not parsed)
    TooManyLinks,        // a paragraph past MarkdownLimits.MaxLinksPerParagraph (not parsed)
}

public sealed record Stray(StrayKind Kind, int Offset, string Text);

/// <summary>Raw HTML found in the body (a block or an inline tag).</summary>
public sealed record RawHtml(int Offset);

public sealed record RawBody(List<RawItem> Items, List<Stray> Strays, List<RawHtml> Html)
{
    /// <summary>The body could not be read at all: it has no items, and nothing can be said about them.</summary>
    public bool Unreadable =>
        Strays.Any(s => s.Kind is StrayKind.TooDeeplyNested or StrayKind.HtmlTooDeep or StrayKind.TooManyLinks);
}

/// <summary>Walks the top-level Markdown blocks: <c>##</c> starts an item, <c>###</c> a section;
/// everything else stays inside the section's Markdown source.</summary>
public static partial class BodyParser
{
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UsePreciseSourceLocation()
        .Build();

    [GeneratedRegex(@"^\d+\.(\s|$)")]
    public static partial Regex ItemLike();

    // "## 3. X" hidden in an HTML or code block, or "##3. X" (no space: not a heading in CommonMark).
    [GeneratedRegex(@"^ {0,3}#{1,3}[ \t]*(\d+\.(?:[ \t].*)?)$", RegexOptions.Multiline)]
    private static partial Regex ItemHeadingLine();

    private static int LineStart(string body, int offset)
    {
        offset = Math.Clamp(offset, 0, body.Length);
        return offset == 0 ? 0 : body.LastIndexOf('\n', offset - 1) + 1;
    }

    /// <param name="body">the body text</param>
    /// <param name="bodyOffset">where the body starts in the file text</param>
    public static RawBody Parse(string body, int bodyOffset)
    {
        // Text past the limits is never given to Markdig: reading it could take minutes.
        if (MarkdownLimits.Check(body) is { } limit)
        {
            var kind = limit.Kind == MarkdownLimits.Kind.HtmlTooDeep ? StrayKind.HtmlTooDeep : StrayKind.TooManyLinks;
            return new RawBody([], [new Stray(kind, bodyOffset + limit.Offset, "")], []);
        }
        MarkdownDocument doc;
        try
        {
            doc = Markdown.Parse(body, Pipeline);
        }
        catch (ArgumentException)
        {
            // Point at the longest line: that is where the nesting is.
            return new RawBody([], [new Stray(StrayKind.TooDeeplyNested, bodyOffset + LongestLineStart(body), "")], []);
        }
        var items = new List<RawItem>();
        var strays = new List<Stray>();
        RawItem? item = null;
        var strayBeforeItem = false;
        var strayInItem = false;

        // Top-level ##/### headings split the body; a section runs to the next of them (or a # heading).
        var splits = new List<int>();
        foreach (var block in doc)
            if (block is HeadingBlock { Level: <= 3 } split) splits.Add(split.Span.Start);
        splits.Add(body.Length);
        var nextSplit = 0;
        int NextSplit(int start)
        {
            // Asked for in document order, so the search goes on from the last answer.
            if (nextSplit > 0 && splits[nextSplit - 1] > start) nextSplit = 0;
            while (splits[nextSplit] <= start) nextSplit++;
            return splits[nextSplit];
        }

        foreach (var block in doc)
        {
            if (block is LinkReferenceDefinitionGroup or BlankLineBlock) continue;
            if (block is HeadingBlock h && h.Level <= 3)
            {
                var (text, titleStart) = HeadingText(body, h);
                var headingOffset = bodyOffset + h.Span.Start;
                switch (h.Level)
                {
                    case 1:
                        strays.Add(new Stray(StrayKind.Level1Heading, headingOffset, text));
                        break;
                    case 2:
                        item = new RawItem(text, headingOffset, bodyOffset + titleStart, []);
                        items.Add(item);
                        strayInItem = false;
                        break;
                    default:
                        if (item is null)
                        {
                            if (!strayBeforeItem) strays.Add(new Stray(StrayKind.BeforeFirstItem, headingOffset, text));
                            strayBeforeItem = true;
                            break;
                        }
                        var contentStart = LineEnd(body, h.Span.End);
                        var contentEnd = Math.Max(contentStart, NextSplit(h.Span.Start));
                        var (markdown, mdStart) = TrimBlankLines(body, contentStart, contentEnd);
                        item.Sections.Add(new RawSection(text, headingOffset, bodyOffset + titleStart, markdown,
                            bodyOffset + mdStart));
                        break;
                }
                continue;
            }

            var offset = bodyOffset + block.Span.Start;
            if (item is null)
            {
                if (!strayBeforeItem) strays.Add(new Stray(StrayKind.BeforeFirstItem, offset,
                    FirstLine(body, block.Span.Start)));
                strayBeforeItem = true;
            }
            else if (item.Sections.Count == 0)
            {
                if (!strayInItem) strays.Add(new Stray(StrayKind.BeforeFirstSection, offset,
                    FirstLine(body, block.Span.Start)));
                strayInItem = true;
            }
        }

        var html = FindNestedItemHeadings(doc, body, bodyOffset, strays);
        return new RawBody(items, strays, html);
    }

    private static int LongestLineStart(string body)
    {
        var at = 0; var longest = -1;
        for (int start = 0, end; start <= body.Length; start = end + 1)
        {
            end = body.IndexOf('\n', start);
            if (end < 0) end = body.Length;
            if (end - start > longest) { longest = end - start; at = start; }
        }
        return at;
    }

    /// <summary>Adds the item-like headings that are not top-level blocks to <paramref name="strays"/>; returns the
    /// raw HTML in text order.</summary>
    private static List<RawHtml> FindNestedItemHeadings(MarkdownDocument doc, string body, int bodyOffset,
        List<Stray> strays)
    {
        var html = new List<RawHtml>();
        // An item-like heading that is not a top-level block would merge its text into the item above it.
        // One walk over the tree for the headings and the raw HTML.
        var headings = new List<HeadingBlock>();
        foreach (var node in doc.Descendants())
        {
            if (node is HeadingBlock hd) headings.Add(hd);
            else if (node is HtmlBlock hb) html.Add(new RawHtml(bodyOffset + hb.Span.Start));
            else if (node is HtmlInline hi) html.Add(new RawHtml(bodyOffset + hi.Span.Start));
        }

        var flaggedLines = new HashSet<int>();
        foreach (var heading in headings)
        {
            var lineStart = LineStart(body, heading.Span.Start);
            if (heading.Parent is MarkdownDocument) { flaggedLines.Add(lineStart); continue; }
            var (text, _) = HeadingText(body, heading);
            if (ItemLike().IsMatch(text) && flaggedLines.Add(lineStart))
                strays.Add(new Stray(StrayKind.NestedItemHeading, bodyOffset + heading.Span.Start, text));
        }
        // The same for such lines that Markdig reads as something else (HTML or code blocks, no space after #).
        foreach (Match m in ItemHeadingLine().Matches(body))
            if (flaggedLines.Add(m.Index))
                strays.Add(new Stray(StrayKind.NestedItemHeading, bodyOffset + m.Index, m.Groups[1].Value.Trim()));

        html.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        return html;
    }

    /// <summary>The heading's text (without #-markers or setext underline) and where it starts in the body.</summary>
    private static (string Text, int Start) HeadingText(string body, HeadingBlock h)
    {
        var start = Math.Clamp(h.Span.Start, 0, body.Length);
        var end = Math.Clamp(h.Span.End + 1, start, body.Length);
        var raw = body[start..end];
        if (h.IsSetext)
        {
            var lastBreak = raw.TrimEnd('\n').LastIndexOf('\n');
            var content = lastBreak < 0 ? raw : raw[..lastBreak];
            var lead = content.Length - content.TrimStart().Length;
            return (string.Join(' ', content.Split('\n').Select(l => l.Trim())).Trim(), start + lead);
        }
        var lineEnd = raw.IndexOf('\n');
        var line = lineEnd < 0 ? raw : raw[..lineEnd];
        var i = 0;
        while (i < line.Length && line[i] == ' ') i++;
        while (i < line.Length && line[i] == '#') i++;
        while (i < line.Length && line[i] is ' ' or '\t') i++;
        var rest = line[i..].TrimEnd();
        // optional closing sequence of #'s preceded by a space
        var closing = rest.TrimEnd('#');
        if (closing.Length < rest.Length && (closing.Length == 0 || closing.EndsWith(' ')
            || closing.EndsWith('\t'))) rest = closing.TrimEnd();
        return (rest, start + i);
    }

    private static int LineEnd(string body, int inclusiveEnd)
    {
        var from = Math.Clamp(inclusiveEnd, 0, body.Length);
        var nl = body.IndexOf('\n', from);
        return nl < 0 ? body.Length : nl + 1;
    }

    private static string FirstLine(string body, int start)
    {
        start = Math.Clamp(start, 0, body.Length);
        var nl = body.IndexOf('\n', start);
        return (nl < 0 ? body[start..] : body[start..nl]).Trim();
    }

    /// <summary>The slice without leading blank lines and trailing whitespace; indentation of the first line is
    /// kept.</summary>
    private static (string Text, int Start) TrimBlankLines(string body, int start, int end)
    {
        var s = start;
        while (true)
        {
            var nl = body.IndexOf('\n', s, end - s);
            if (nl < 0) break;
            if (!body.AsSpan(s, nl - s).IsWhiteSpace()) break;
            s = nl + 1;
        }
        var length = body.AsSpan(s, end - s).TrimEnd().Length;
        if (length == 0) return ("", start);
        return (body.Substring(s, length), s);
    }
}

using System.Net;
using System.Text;

namespace SiteGen.Rendering;

/// <summary>The text a reader sees in sanitised HTML (<see cref="SafeMarkdown"/>'s output), as plain text: for
/// open data, where raw Markdown would carry what the page hides (comments, link titles, image URLs).
/// Deriving it from the safe HTML, never from the Markdown, means it can hold nothing the page does not show.</summary>
public static class PlainText
{
    /// <summary>Paragraphs, headings and tables separated by a blank line, list items and table rows by a line
    /// break ("- " or "1. " before an item, " | " between cells), whitespace collapsed as a browser shows it
    /// (kept inside &lt;pre&gt;), entities decoded. Links and emphasis become their text.</summary>
    /// <param name="safeHtml">sanitised HTML: tags with double-quoted attributes, text with &lt; escaped</param>
    public static string FromSafeHtml(string safeHtml)
    {
        var w = new Writer(safeHtml.Length);
        var i = 0;
        while (i < safeHtml.Length)
        {
            var lt = safeHtml.IndexOf('<', i);
            var textEnd = lt < 0 ? safeHtml.Length : lt;
            if (textEnd > i) w.Text(safeHtml.AsSpan(i, textEnd - i));
            if (lt < 0) break;
            var gt = TagEnd(safeHtml, lt);
            if (gt < 0) break; // not sanitiser output: the rest is not shown as text either
            w.Tag(safeHtml.AsSpan(lt + 1, gt - lt - 1));
            i = gt + 1;
        }
        return w.ToString();
    }

    /// <summary>The '>' that ends the tag at <paramref name="lt"/>; attribute values may contain '>'.</summary>
    private static int TagEnd(string html, int lt)
    {
        var quoted = false;
        for (var i = lt + 1; i < html.Length; i++)
        {
            if (html[i] == '"') quoted = !quoted;
            else if (html[i] == '>' && !quoted) return i;
        }
        return -1;
    }

    private const int MaxIndent = 8;

    private sealed class Writer(int capacity)
    {
        private readonly StringBuilder _sb = new(capacity);
        private readonly List<int> _lists = []; // per open list: 0 for bullets, else the next number
        private int _break;                      // line breaks owed before the next text: 0, 1 or 2
        private bool _space;                     // whitespace seen since the last text
        private string? _marker;                 // list marker owed before the next text
        private int _cell;                       // cells begun in the current table row
        private int _pre;                        // depth of <pre>: whitespace is kept

        public void Tag(ReadOnlySpan<char> tag)
        {
            var closing = tag.Length > 0 && tag[0] == '/';
            var body = closing ? tag[1..] : tag;
            var end = body.IndexOfAny(' ', '/', '\n');
            var name = (end < 0 ? body : body[..end]).ToString();
            switch (name)
            {
                case "p" or "div" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "blockquote" or "hr"
                    or "table":
                    Break(2);
                    break;
                case "pre":
                    if (closing) { _pre = Math.Max(0, _pre - 1); TrimLineEnds(); }
                    else _pre++;
                    Break(2);
                    break;
                case "ul" or "ol":
                    // A list inside a list item continues on the next line; any other list is a paragraph.
                    if (closing) { if (_lists.Count > 0) _lists.RemoveAt(_lists.Count - 1); }
                    else _lists.Add(name == "ol" ? 1 : 0);
                    Break(_lists.Count > (closing ? 0 : 1) ? 1 : 2);
                    break;
                case "li":
                    Break(1);
                    if (!closing && _lists.Count > 0)
                    {
                        var n = _lists[^1];
                        if (n > 0) _lists[^1] = n + 1;
                        // Indented by nesting, up to a limit: deeply nested raw HTML must not make the text grow
                        // with the square of its size.
                        _marker = new string(' ', 2 * Math.Min(_lists.Count - 1, MaxIndent))
                            + (n > 0 ? $"{n}. " : "- ");
                    }
                    break;
                case "tr" or "thead" or "tbody":
                    Break(1);
                    _cell = 0;
                    break;
                case "td" or "th":
                    if (!closing && _cell++ > 0)
                    {
                        Flush();
                        TrimSpaces();
                        _sb.Append(" | ");
                        _space = false;
                    }
                    break;
                case "br":
                    Break(1);
                    break;
            }
        }

        public void Text(ReadOnlySpan<char> html)
        {
            var text = html.Contains('&') ? WebUtility.HtmlDecode(html.ToString()).AsSpan() : html;
            foreach (var c in text)
            {
                if (_pre == 0 && c is ' ' or '\t' or '\n' or '\r' or '\f')
                {
                    _space = true;
                    continue;
                }
                Flush();
                _sb.Append(c);
            }
        }

        /// <summary>Writes the breaks, list marker or space owed before the next character.</summary>
        private void Flush()
        {
            if (_break > 0 || _marker is not null)
            {
                if (_sb.Length > 0)
                {
                    TrimLineEnds();
                    _sb.Append('\n', Math.Max(1, _break));
                }
                if (_marker is not null) _sb.Append(_marker);
                _break = 0;
                _marker = null;
            }
            else if (_space && _sb.Length > 0 && _sb[^1] != '\n') _sb.Append(' ');
            _space = false;
        }

        private void Break(int lines)
        {
            if (_sb.Length > 0) _break = Math.Max(_break, lines);
            _space = false;
        }

        private void TrimSpaces()
        {
            while (_sb.Length > 0 && _sb[^1] == ' ') _sb.Length--;
        }

        private void TrimLineEnds()
        {
            while (_sb.Length > 0 && _sb[^1] is ' ' or '\n' or '\t' or '\r') _sb.Length--;
        }

        public override string ToString()
        {
            TrimLineEnds();
            return _sb.ToString();
        }
    }
}

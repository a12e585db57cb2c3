using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SiteGen.Import;

/// <summary>Turns a section's lines as exported into CommonMark: tab-separated rows into a pipe table (or a
/// list, when each row has one cell), HTML fragments into paragraphs, lists and emphasis, stray Markdown headings
/// into level-4 headings, and indented list items into nested ones. Nothing that looks like an HTML tag is left,
/// and no line can start a code block, a setext heading or a level-2/3 heading (the item structure).</summary>
public static partial class BodyConverter
{
    public static List<string> Convert(IReadOnlyList<string> lines)
    {
        var output = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Contains('\t'))
            {
                i = Table(lines, i, output) - 1;
                continue;
            }
            if (HtmlTag().IsMatch(line))
            {
                Blank(output);
                output.AddRange(HtmlBlocks(line));
                Blank(output);
                continue;
            }
            output.Add(Line(line));
        }
        return Tidy(output);
    }

    private static string Line(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0) return "";
        if (ThematicBreak().IsMatch(trimmed)) return "";
        if (ExportWords.IsMarkdownHeading(trimmed))
        {
            var text = ExportWords.Plain(trimmed);
            return text.Length == 0 ? "" : "#### " + Escape(text);
        }
        var bullet = Bullet().Match(line);
        if (bullet.Success)
        {
            var indent = bullet.Groups[1].Value.Replace("\t", "    ", StringComparison.Ordinal).Length;
            var depth = indent == 0 ? 0 : Math.Min(3, (indent + 1) / 2);
            return new string(' ', depth * 2) + "- " + Escape(bullet.Groups[3].Value.Trim());
        }
        return Escape(trimmed);
    }

    /// <summary>Rows from <paramref name="start"/> while lines hold a tab (blank lines between rows allowed);
    /// returns the index after the table.</summary>
    private static int Table(IReadOnlyList<string> lines, int start, List<string> output)
    {
        var rows = new List<List<string>>();
        var i = start;
        while (i < lines.Count)
        {
            if (lines[i].Trim().Length == 0)
            {
                var next = i;
                while (next < lines.Count && lines[next].Trim().Length == 0) next++;
                if (next < lines.Count && lines[next].Contains('\t')) { i = next; continue; }
                break;
            }
            if (!lines[i].Contains('\t')) break;
            var cells = lines[i].Split('\t').Select(c => Inline(c)).ToList();
            var continuation = rows.Count > 0 && cells[0].Length == 0 && cells.Count(c => c.Length > 0) == 1
                && cells.First(c => c.Length > 0) is var text && (char.IsLower(text[0]) || text[0] is '-' or '•');
            if (continuation)
            {
                var row = rows[^1];
                var last = row.FindLastIndex(c => c.Length > 0);
                var add = cells.First(c => c.Length > 0);
                if (last < 0) row.Add(add);
                else row[last] = row[last].EndsWith('-') && char.IsLower(add[0])
                    ? row[last] + add
                    : row[last] + " " + add;
            }
            else rows.Add(cells);
            i++;
        }
        Blank(output);
        if (rows.All(r => r.Count(c => c.Length > 0) <= 1))
        {
            foreach (var r in rows)
                if (r.FirstOrDefault(c => c.Length > 0) is { } cell) output.Add("- " + cell);
        }
        else
        {
            var columns = rows.Max(r => r.FindLastIndex(c => c.Length > 0) + 1);
            string Row(List<string> r) => "| " + string.Join(" | ",
                Enumerable.Range(0, columns).Select(c => c < r.Count
                    ? r[c].Replace("|", "\\|", StringComparison.Ordinal)
                    : "")) + " |";
            output.Add(Row(rows[0]));
            output.Add("|" + string.Concat(Enumerable.Repeat(" --- |", columns)));
            foreach (var r in rows.Skip(1)) output.Add(Row(r));
        }
        Blank(output);
        return i;
    }

    /// <summary>A table cell on one line: paragraphs joined with a space, list items with "•".</summary>
    private static string Inline(string cell)
    {
        if (!HtmlTag().IsMatch(cell)) return Escape(ExportWords.Plain(cell) == "" ? "" : cell.Trim());
        var parts = HtmlBlocks(cell).Where(b => b.Length > 0)
            .Select(b => b.TrimStart().StartsWith("- ", StringComparison.Ordinal) ? "• " + b.TrimStart()[2..] : b);
        return string.Join(" ", parts).Trim();
    }

    /// <summary>One line holding HTML → Markdown lines (paragraphs separated by blank lines).</summary>
    internal static List<string> HtmlBlocks(string html)
    {
        var blocks = new List<string>();
        var current = new StringBuilder();
        var listDepth = 0;
        var sawItem = false;
        void Flush(bool item = false)
        {
            var text = Spaces().Replace(current.ToString(), " ").Trim();
            current.Clear();
            if (text.Length == 0) return;
            if (listDepth > 0 && !sawItem) // a <ul> whose items are written "• a • b" or "- a - b"
            {
                foreach (var part in PseudoItems().Split(text).Select(p => p.Trim()).Where(p => p.Length > 0))
                    blocks.Add(new string(' ', (listDepth - 1) * 2) + "- " + Escape(part));
                return;
            }
            if (blocks.Count > 0 && blocks[^1].Length > 0
                && !blocks[^1].TrimStart().StartsWith("- ", StringComparison.Ordinal))
                blocks.Add(""); // a list after a paragraph
            if (listDepth > 0 || item)
                blocks.Add(new string(' ', Math.Max(0, listDepth - 1) * 2) + "- " +
                    Escape(text.TrimStart('•', '-', ' ')));
            else
            {
                if (blocks.Count > 0) blocks.Add("");
                blocks.Add(Escape(text.TrimStart('•', ' ')));
            }
        }
        var pos = 0;
        string? skipping = null; // inside <script> or <style>: their content is never text
        foreach (Match tag in AnyTag().Matches(html))
        {
            if (skipping is null) current.Append(WebUtility.HtmlDecode(html[pos..tag.Index]));
            pos = tag.Index + tag.Length;
            var name = tag.Groups[2].Value.ToLowerInvariant();
            var closing = tag.Groups[1].Value == "/";
            if (skipping is not null)
            {
                if (closing && name == skipping) skipping = null;
                continue;
            }
            if (!closing && name is "script" or "style" or "iframe" or "object" or "template")
            {
                skipping = name;
                continue;
            }
            switch (name)
            {
                case "p" or "div" or "br" or "tr" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    Flush();
                    if (!closing && name == "p" && listDepth > 0 && !sawItem) listDepth = 0;
                    break;
                case "ul" or "ol":
                    Flush();
                    if (closing) { listDepth = Math.Max(0, listDepth - 1); if (listDepth == 0) sawItem = false; }
                    else listDepth++;
                    break;
                case "li":
                    Flush(item: true);
                    if (!closing) sawItem = true;
                    break;
                case "b" or "strong":
                    current.Append("**");
                    break;
                case "i" or "em":
                    current.Append('*');
                    break;
                case "td" or "th":
                    current.Append(' ');
                    break;
            }
        }
        if (skipping is null) current.Append(WebUtility.HtmlDecode(html[pos..]));
        Flush();
        return blocks.Select(b => b.Replace("** ", "**", StringComparison.Ordinal) == "****" ? "" : b).ToList();
    }

    /// <summary>Text that CommonMark must show as written: nothing that reads as an HTML tag, no leading
    /// characters that would start a heading, a quote or a code block.</summary>
    internal static string Escape(string text)
    {
        var s = TagStart().Replace(text, "&lt;");
        s = s.TrimStart();
        if (s.StartsWith('#')) s = "\\" + s;
        if (s.StartsWith('>')) s = "\\" + s;
        if (s.StartsWith("```", StringComparison.Ordinal) || s.StartsWith("~~~", StringComparison.Ordinal))
            s = "\\" + s;
        return s;
    }

    private static void Blank(List<string> output)
    {
        if (output.Count > 0 && output[^1].Length > 0) output.Add("");
    }

    /// <summary>No leading/trailing or repeated blank lines; a list or table stays separated from a paragraph.
    /// </summary>
    private static List<string> Tidy(List<string> lines)
    {
        var result = new List<string>();
        foreach (var l in lines)
        {
            if (l.Length == 0 && (result.Count == 0 || result[^1].Length == 0)) continue;
            result.Add(l);
        }
        while (result.Count > 0 && result[^1].Length == 0) result.RemoveAt(result.Count - 1);
        return result;
    }

    [GeneratedRegex(@"</?(?:p|ul|ol|li|br|b|strong|i|em|u|span|div|table|tbody|thead|tr|td|th|h[1-6]|a|sup|sub|" +
        @"font)\b[^<>]*>",
        RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"<(?=[A-Za-z/!?])")]
    private static partial Regex TagStart();

    [GeneratedRegex(@"^\s*(?:[-*_=]\s*){3,}$")]
    private static partial Regex ThematicBreak();

    [GeneratedRegex(@"^(\s*)([-*•–])\s+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"\s*•\s*|(?:^|\s)-\s+")]
    private static partial Regex PseudoItems();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

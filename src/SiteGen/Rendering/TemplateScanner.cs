using System.Text.RegularExpressions;

namespace SiteGen.Rendering;

/// <summary>Finds where a Handlebars template is broken (unclosed {{, unbalanced blocks), because the
/// Handlebars.Net compiler's own messages carry no position.</summary>
internal static partial class TemplateScanner
{
    public sealed record Problem(int Line, int Column, string Message);

    public static Problem? FindProblem(string text)
    {
        var open = new Stack<(string Name, int Index)>();
        var i = 0;
        while ((i = text.IndexOf("{{", i, StringComparison.Ordinal)) >= 0)
        {
            string close = text.AsSpan(i).StartsWith("{{!--") ? "--}}" : text.AsSpan(i).StartsWith("{{{") ? "}}}" : "}}";
            var end = text.IndexOf(close, i + 2, StringComparison.Ordinal);
            var nextOpen = text.IndexOf("{{", i + 2, StringComparison.Ordinal);
            if (end < 0 || (close == "}}" && nextOpen >= 0 && nextOpen < end))
                return At(text, i, $"'{{{{' is not closed with '{close}' before {(end < 0 ? "the end of the file" : "the next '{{'")}.");
            var tag = Tag().Match(text, i, end - i + close.Length);
            if (tag.Success)
            {
                var (kind, name) = (tag.Groups[1].Value, tag.Groups[2].Value);
                if (kind is "#" or "#>" or "^" && name.Length > 0) open.Push((name, i));
                else if (kind == "/")
                {
                    if (open.Count == 0) return At(text, i, $"'{{{{/{name}}}}}' closes a block that was never opened.");
                    var top = open.Pop();
                    if (top.Name != name)
                    {
                        var (l, _) = TemplateSet.Position(text, top.Index);
                        return At(text, i, $"'{{{{/{name}}}}}' does not match the open block '{top.Name}' (line {l}).");
                    }
                }
            }
            i = end + close.Length;
        }
        return open.Count > 0 ? At(text, open.Peek().Index, $"block '{open.Peek().Name}' is never closed with '{{{{/{open.Peek().Name}}}}}'.") : null;
    }

    private static Problem At(string text, int index, string message)
    {
        var (line, col) = TemplateSet.Position(text, index);
        return new Problem(line, col, message);
    }

    [GeneratedRegex(@"\G\{\{~?\s*(#>|#\*?|\^|/)\s*([\w\-@./]*)")]
    private static partial Regex Tag();
}

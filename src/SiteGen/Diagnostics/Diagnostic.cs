using System.Globalization;
using System.Text;

namespace SiteGen.Diagnostics;

public enum Severity { Error, Warning }

/// <summary>One problem found in the input, as a value. Printed in the canonical compiler form
/// <c>path(line,col): error CODE: message</c> so editors and CI can jump to it.
/// File and message never hold a line break or control character: values from the input are echoed in messages,
/// and one must not be able to forge another log line, a CI annotation or a terminal escape sequence. Such
/// characters are written visibly instead (<c>\n</c>, <c>\u001b</c>), wherever the diagnostic is shown.</summary>
public sealed record Diagnostic(string Code, Severity Severity, string File, int Line, int Column, string Message)
{
    private readonly string _file = Visible(File);
    private readonly string _message = Visible(Message);

    public string File { get => _file; init => _file = Visible(value); }
    public string Message { get => _message; init => _message = Visible(value); }

    public bool IsError => Severity == Severity.Error;

    public override string ToString() =>
        $"{File}({Line},{Column}): {(IsError ? "error" : "warning")} {Code}: {Message}";

    /// <summary>The text with every character that could break a log line or steer a terminal written as an
    /// escape: control characters, line and paragraph separators, bidirectional controls, noncharacters and
    /// lone surrogates. Everything else (letters of any script) is kept.</summary>
    public static string Visible(string text)
    {
        var i = 0;
        while (i < text.Length && !NeedsEscape(text, i)) i++;
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var cp = char.ConvertToUtf32(c, text[i + 1]);
                if ((cp & 0xFFFE) == 0xFFFE) sb.Append(CultureInfo.InvariantCulture, $"\\U{cp:x8}");
                else sb.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (!NeedsEscape(text, i)) sb.Append(c);
            else sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
            });
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c)) return !(i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            || (char.ConvertToUtf32(c, text[i + 1]) & 0xFFFE) == 0xFFFE;
        if (char.IsLowSurrogate(c)) return !(i > 0 && char.IsHighSurrogate(text[i - 1]));
        return c < 0x20 || c is >= '\u007F' and <= '\u009F'
            || c is '\u2028' or '\u2029' or '\u061C' or '\u200E' or '\u200F'
            || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069'
            || c is >= '\uFDD0' and <= '\uFDEF' || c is '\uFFFE' or '\uFFFF';
    }
}

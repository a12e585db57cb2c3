using System.Buffers;
using System.Globalization;

namespace SiteGen.Content;

/// <summary>Which characters a source text may hold. Never allowed: control characters (C0 except tab and line
/// breaks, DEL, C1), noncharacters (U+FDD0–U+FDEF, U+FFFE/U+FFFF in every plane) and lone surrogates. None of them
/// is ever meant in a referat, and most cannot be written into XML (feeds, calendars, sitemaps) at all.
/// A form feed (a page break pasted from a PDF) has a rule of its own: see <see cref="FormFeed"/>.</summary>
public static class CharacterRules
{
    public const char FormFeed = '\f';

    // Every char that may start a problem; surrogates are looked at in pairs after a hit.
    private static readonly SearchValues<char> Suspects = SearchValues.Create(Build());

    private static string Build()
    {
        var chars = new List<char>();
        for (var c = 0; c < 0x20; c++)
            if (c is not ('\t' or '\n' or '\r')) chars.Add((char)c);
        for (var c = 0x7F; c <= 0x9F; c++) chars.Add((char)c);
        for (var c = 0xD800; c <= 0xDFFF; c++) chars.Add((char)c);
        for (var c = 0xFDD0; c <= 0xFDEF; c++) chars.Add((char)c);
        chars.Add('\uFFFE');
        chars.Add('\uFFFF');
        return new string([.. chars]);
    }

    /// <summary>Whether a code point is never allowed (form feed included: see <see cref="FormFeed"/>).</summary>
    public static bool IsBad(int codePoint) =>
        codePoint is < 0x20 and not ('\t' or '\n' or '\r')
        || codePoint is >= 0x7F and <= 0x9F
        || codePoint is >= 0xD800 and <= 0xDFFF // a lone surrogate (a pair is one code point)
        || codePoint is >= 0xFDD0 and <= 0xFDEF
        || (codePoint & 0xFFFE) == 0xFFFE
        || codePoint > 0x10FFFF;

    /// <summary>Every bad code point in the text: (index, code point). Fast when there is none.</summary>
    public static IEnumerable<(int Index, int CodePoint)> FindAll(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var next = text.AsSpan(i).IndexOfAny(Suspects);
            if (next < 0) yield break;
            i += next;
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var cp = char.ConvertToUtf32(c, text[i + 1]);
                if (IsBad(cp)) yield return (i, cp);
                i += 2;
                continue;
            }
            yield return (i, c);
            i++;
        }
    }

    /// <summary>The first bad code point in a text, or null.</summary>
    public static int? FirstBad(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny(Suspects) < 0) return null;
        foreach (var (_, cp) in FindAll(text)) return cp;
        return null;
    }

    /// <summary>The text with every bad code point replaced, keeping every offset: a form feed by a space,
    /// anything else by U+FFFD (so the text reads on and its other problems are found too).</summary>
    public static string Replace(string text, IEnumerable<(int Index, int CodePoint)> bad)
    {
        char[]? chars = null;
        foreach (var (index, cp) in bad)
        {
            chars ??= text.ToCharArray();
            chars[index] = cp == FormFeed ? ' ' : '\uFFFD';
            if (cp > 0xFFFF) chars[index + 1] = '\uFFFD';
        }
        return chars is null ? text : new string(chars);
    }

    /// <summary>Where in a YAML double-quoted scalar's source an escape writes a bad character (offset of the
    /// backslash), or null. YAML escapes: \0 \a \b \v \f \e \N, \xHH, \uHHHH, \UHHHHHHHH.</summary>
    public static int? FirstBadEscape(ReadOnlySpan<char> source)
    {
        for (var i = 0; i + 1 < source.Length; i++)
        {
            if (source[i] != '\\') continue;
            var e = source[i + 1];
            int? cp = e switch
            {
                '0' => 0, 'a' => 7, 'b' => 8, 'v' => 0x0B, 'f' => 0x0C, 'e' => 0x1B, 'N' => 0x85,
                'x' => Hex(source, i + 2, 2), 'u' => Hex(source, i + 2, 4), 'U' => Hex(source, i + 2, 8),
                _ => null,
            };
            if (cp is { } c && IsBad(c)) return i;
            i++; // the escaped character is not the start of another escape ("\\0" is a backslash and a 0)
        }
        return null;
    }

    private static int? Hex(ReadOnlySpan<char> s, int start, int length) =>
        start + length <= s.Length
        && int.TryParse(s.Slice(start, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)
            ? v : null;

    /// <summary>A bad character named for a message, e.g. "et styretegn (U+0007)".</summary>
    public static string Describe(int codePoint)
    {
        var hex = $"U+{codePoint:X4}";
        return codePoint switch
        {
            0 => $"et NUL-tegn ({hex})",
            FormFeed => $"et sideskift-tegn (form feed, {hex})",
            '\u001B' => $"et escape-tegn ({hex})",
            < 0x20 or (>= 0x7F and <= 0x9F) => $"et styretegn ({hex})",
            >= 0xD800 and <= 0xDFFF => $"en halv tegnkode uden sin anden halvdel ({hex})",
            _ => $"en kode, der ikke er et tegn ({hex})",
        };
    }

    /// <summary>Numeric character references (<c>&amp;#7;</c>, <c>&amp;#x1B;</c>) that would become a bad character (or
    /// none): (index, length, code point). Read as an HTML parser reads raw HTML, which is looser than Markdown:
    /// any number of digits, the ';' optional.</summary>
    public static IEnumerable<(int Index, int Length, int CodePoint)> FindBadReferences(string text)
    {
        var i = 0;
        while ((i = text.IndexOf("&#", i, StringComparison.Ordinal)) >= 0)
        {
            var start = i;
            i += 2;
            var hex = i < text.Length && text[i] is 'x' or 'X';
            if (hex) i++;
            var digitsStart = i;
            var cp = 0;
            while (i < text.Length && (hex ? char.IsAsciiHexDigit(text[i]) : char.IsAsciiDigit(text[i])))
            {
                // Past U+10FFFF every value is as bad as the next: stop counting there (no overflow).
                var digit = char.IsAsciiDigit(text[i]) ? text[i] - '0' : (text[i] | 0x20) - 'a' + 10;
                cp = Math.Min(0x110000, cp * (hex ? 16 : 10) + digit);
                i++;
            }
            if (i == digitsStart) continue;
            if (i < text.Length && text[i] == ';') i++;
            if (cp == 0 || IsBad(cp)) yield return (start, i - start, cp);
        }
    }
}

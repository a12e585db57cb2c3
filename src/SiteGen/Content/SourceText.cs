using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace SiteGen.Content;

/// <summary>A 1-based position in a file, as shown in diagnostics.</summary>
public readonly record struct Pos(int Line, int Column)
{
    public static readonly Pos Start = new(1, 1);
}

/// <summary>Maps character offsets in a text to 1-based line and column.</summary>
public sealed class LineIndex
{
    private readonly int[] _starts;

    public LineIndex(string text)
    {
        // Count first, then fill: two vectorized passes and one array of the right size.
        var span = text.AsSpan();
        _starts = new int[span.Count('\n') + 1];
        var n = 1;
        var i = span.IndexOf('\n');
        while (i >= 0)
        {
            _starts[n++] = i + 1;
            var next = span[(i + 1)..].IndexOf('\n');
            i = next < 0 ? -1 : i + 1 + next;
        }
    }

    public Pos At(int offset)
    {
        if (offset < 0) offset = 0;
        var i = Array.BinarySearch(_starts, offset);
        if (i < 0) i = ~i - 1;
        return new Pos(i + 1, offset - _starts[i] + 1);
    }

    /// <summary>Offset of the first character of a 1-based line (clamped to the text).</summary>
    public int LineStart(int line) => _starts[Math.Clamp(line - 1, 0, _starts.Length - 1)];
}

/// <summary>A character that is never allowed (see <see cref="CharacterRules"/>), where it was in the file.</summary>
public readonly record struct BadCharacter(Pos At, int CodePoint);

/// <summary>Decoded file text: strict UTF-8 (BOM allowed), line endings as \n, Unicode NFC. Characters that are
/// never allowed are listed in <see cref="BadCharacters"/> and replaced in <see cref="Text"/> (a form feed by a
/// space, others by U+FFFD), so the rest of the file is still checked; whoever reads it reports them.</summary>
public sealed record SourceText(string Text, LineIndex Lines)
{
    public Pos At(int offset) => Lines.At(offset);

    /// <summary>The first <see cref="SourceDecoder.MaxBadCharacters"/> bad characters, in text order.</summary>
    public IReadOnlyList<BadCharacter> BadCharacters { get; init; } = [];

    /// <summary>How many bad characters there were in all.</summary>
    public int BadCharacterCount { get; init; }
}

public abstract record DecodeResult
{
    public sealed record Ok(SourceText Source) : DecodeResult;
    /// <summary>The bytes are not UTF-8; the position is that of the first bad byte.</summary>
    public sealed record NotUtf8(Pos At) : DecodeResult;
    public sealed record Empty : DecodeResult;
}

public static class SourceDecoder
{
    /// <summary>The bad characters whose position is kept; the rest are only counted.</summary>
    public const int MaxBadCharacters = 100;

    public static DecodeResult Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];

        if (!Utf8.IsValid(bytes))
        {
            var chars = new char[bytes.Length];
            Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false);
            return new DecodeResult.NotUtf8(PositionOfByte(bytes, read));
        }

        // Valid UTF-8, so nothing is replaced: the text straight into one string.
        var text = Encoding.UTF8.GetString(bytes)
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace('\r', '\n');
        // Bad characters are found (and replaced) before normalizing: their positions are those an editor shows,
        // and normalization never sees them (it may refuse noncharacters). Lines are the same before and after.
        List<BadCharacter> badCharacters = [];
        var badCount = 0;
        if (CharacterRules.FirstBad(text) is not null)
        {
            var lines = new LineIndex(text);
            var bad = CharacterRules.FindAll(text).ToList();
            badCount = bad.Count;
            badCharacters =
                [.. bad.Take(MaxBadCharacters).Select(b => new BadCharacter(lines.At(b.Index), b.CodePoint))];
            text = CharacterRules.Replace(text, bad);
        }
        // Most files are NFC already, and the check is much cheaper than normalizing (which copies).
        if (!text.IsNormalized(NormalizationForm.FormC)) text = text.Normalize(NormalizationForm.FormC);
        if (string.IsNullOrWhiteSpace(text)) return new DecodeResult.Empty();
        return new DecodeResult.Ok(new SourceText(text, new LineIndex(text))
        {
            BadCharacters = badCharacters,
            BadCharacterCount = badCount,
        });
    }

    /// <summary>Line and column (in characters) of a byte offset, counting only the valid prefix.</summary>
    private static Pos PositionOfByte(ReadOnlySpan<byte> bytes, int offset)
    {
        var prefix = bytes[..offset];
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < prefix.Length; i++)
            if (prefix[i] == (byte)'\n') { line++; lineStart = i + 1; }
        var column = Encoding.UTF8.GetCharCount(prefix[lineStart..]) + 1;
        return new Pos(line, column);
    }
}

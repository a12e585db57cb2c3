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

/// <summary>Decoded file text: strict UTF-8 (BOM allowed), line endings as \n, Unicode NFC.</summary>
public sealed record SourceText(string Text, LineIndex Lines)
{
    public Pos At(int offset) => Lines.At(offset);
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
        // Most files are NFC already, and the check is much cheaper than normalizing (which copies).
        if (!text.IsNormalized(NormalizationForm.FormC)) text = text.Normalize(NormalizationForm.FormC);
        if (string.IsNullOrWhiteSpace(text)) return new DecodeResult.Empty();
        return new DecodeResult.Ok(new SourceText(text, new LineIndex(text)));
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

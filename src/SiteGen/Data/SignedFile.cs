using System.Security.Cryptography;
using SiteGen.Common;

namespace SiteGen.Data;

/// <summary>A small cache record in one file: a head mark, a body, the body's SHA-256 and an end mark (the head mark
/// is part of what is hashed). Read back only when all of that is as written and it is a regular file of at most
/// the size given: a link is not followed, a pipe never opened (it would block).</summary>
internal static class SignedFile
{
    private const int Checksum = 32;

    /// <summary>The file's bytes and the length of its signed part (head and body), or null.</summary>
    public static (byte[] Bytes, int Signed)? Read(string path, byte[] head, byte[] tail, long maxBytes)
    {
        if (InputFiles.Kind(path) != FileKind.Regular || new FileInfo(path).Length > maxBytes) return null;
        var bytes = File.ReadAllBytes(path);
        var trailer = Checksum + tail.Length;
        if (bytes.Length < head.Length + 4 + trailer || !bytes.AsSpan(0, head.Length).SequenceEqual(head)
            || !bytes.AsSpan(bytes.Length - tail.Length).SequenceEqual(tail))
            return null;
        var signed = bytes.Length - trailer;
        return SHA256.HashData(bytes.AsSpan(0, signed)).AsSpan().SequenceEqual(bytes.AsSpan(signed, Checksum))
            ? (bytes, signed) : null;
    }

    /// <summary>The signed part (head and body) followed by its checksum and <paramref name="tail"/>.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> signed, byte[] tail) => [.. signed, .. SHA256.HashData(signed), .. tail];
}

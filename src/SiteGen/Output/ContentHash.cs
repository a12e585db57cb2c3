using System.IO.Hashing;
using System.Text;

namespace SiteGen.Output;

/// <summary>The content hash of output files (XxHash3, 64 bits), recorded with a build's units, whole files and search
/// bundles so that a file whose write time changed but whose bytes did not can still be reused. A restore that copies the
/// output (Netlify's cache: <c>fs.cp</c> gives every file a new write time) would otherwise make the whole site again.
/// Not a cryptographic hash: it tells the bytes a build wrote from an accident (a copy, a checkout, <c>touch</c>); it
/// is checked only where the size and the path already match, and whoever can write the output folder can change
/// the published site directly.</summary>
public static class ContentHash
{
    /// <summary>No hash known (a file <see cref="SiteWriter"/> copied, or one Pagefind wrote): such a file or unit is
    /// reused only on its write time.</summary>
    public const ulong Unknown = 0;

    /// <summary>The hash of one file's bytes (never <see cref="Unknown"/>).</summary>
    public static ulong Of(ReadOnlySpan<byte> bytes) => XxHash3.HashToUInt64(bytes) is var h && h == Unknown ? 1 : h;

    /// <summary>The hash of bytes appended to <paramref name="hash"/> (equal to <see cref="Of(ReadOnlySpan{byte})"/> of
    /// the same bytes at once).</summary>
    public static ulong Of(XxHash3 hash) => hash.GetCurrentHashAsUInt64() is var h && h == Unknown ? 1 : h;

    /// <summary>The size and hash of the file at <paramref name="path"/> (read through a pooled buffer: a restored
    /// output is ≈ 2 GB at 10,000 meetings, and an array per file kept the garbage collector busy for 2 s).</summary>
    public static (long Size, ulong Hash) OfFile(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength) return (length, Unknown);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
        try
        {
            var read = 0;
            while (read < length && RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read) is > 0 and
                   var n)
                read += n;
            return (read, Of(buffer.AsSpan(0, read)));
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>The hash of several files: each one's path, size and hash, in the order given; <see cref="Unknown"/>
    /// when one of them is.</summary>
    public static ulong Of(IEnumerable<(string Path, long Size, ulong Hash)> files)
    {
        var hash = new XxHash3();
        foreach (var (path, size, fileHash) in files)
        {
            if (fileHash == Unknown) return Unknown;
            hash.Append(Entry(path, size, fileHash));
        }
        return hash.GetCurrentHashAsUInt64() is var h && h == Unknown ? 1 : h;
    }

    /// <summary>What a hash of a list of files takes of one of them: its path (UTF-8), then the path's length in
    /// bytes (each path delimited: no two lists read alike), its size and its hash.</summary>
    public static byte[] Entry(string path, long size, ulong hash)
    {
        var length = Encoding.UTF8.GetByteCount(path);
        var entry = new byte[length + sizeof(long) * 3];
        Encoding.UTF8.GetBytes(path, entry);
        var numbers = entry.AsSpan(length);
        BitConverter.TryWriteBytes(numbers, (long)length);
        BitConverter.TryWriteBytes(numbers[sizeof(long)..], size);
        BitConverter.TryWriteBytes(numbers[(sizeof(long) * 2)..], hash);
        return entry;
    }
}

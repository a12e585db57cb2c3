using System.Security.Cryptography;
using System.Text;

namespace SiteGen.Output;

/// <summary>The build cache's manifest as bytes: a header (magic and format number), the content (strings with
/// their length in front, counts, sizes and times), and the SHA-256 of all before it. A JSON manifest took a
/// second to read and half a second to write at 10,000 meetings (74,000 units, 300,000 files); this one is read
/// and written in a fraction of that. Anything unexpected (another magic or format, a count larger than what is
/// left, a checksum that differs, bytes cut short) reads as no manifest: the build makes everything.</summary>
internal static class ManifestCodec
{
    private static readonly byte[] Magic = "SGCACHE\n"u8.ToArray();
    private const int HashLength = 32;

    /// <summary>The manifest's bytes (<see cref="Write"/> into memory).</summary>
    public static byte[] Encode(BuildCache.Manifest manifest, int format)
    {
        using var stream = new MemoryStream(1 << 20);
        Write(stream, manifest, format);
        return stream.ToArray();
    }

    /// <summary>Writes the manifest's bytes to <paramref name="output"/> as they are made, the checksum taken on the
    /// way: no copy of the whole (≈ 30 MB at 10,000 meetings, which a memory stream grew to by doubling and then
    /// copied once more: ≈ 95 MB allocated per build).</summary>
    public static void Write(Stream output, BuildCache.Manifest manifest, int format)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var hashing = new Hashing(output, hash);
        // Buffered before the hash and the output: both take large pieces, not BinaryWriter's bytes one by one.
        using (var buffered = new BufferedStream(hashing, 1 << 20))
        using (var w = new BinaryWriter(buffered, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(format);
            w.Write(manifest.Generator);
            w.Write(manifest.Output);
            w.Write(manifest.Bundles.Count);
            foreach (var b in manifest.Bundles)
            {
                w.Write(b.Folder);
                w.Write(b.Pages);
                w.Write(b.Files.Count);
                foreach (var (path, file) in b.Files)
                {
                    w.Write(path);
                    w.Write(file.Size);
                    w.Write(file.Ticks);
                }
                w.Write(b.Content);
            }
            w.Write(manifest.Units.Count);
            foreach (var u in manifest.Units)
            {
                w.Write(u.Key);
                w.Write(u.Files.Count);
                foreach (var f in u.Files)
                {
                    w.Write(f.Path);
                    w.Write(f.Size);
                    w.Write(f.Ticks);
                    w.Write(f.Hash != ContentHash.Unknown);
                    if (f.Hash != ContentHash.Unknown) w.Write(f.Hash);
                }
                w.Write(u.Content);
            }
            var folders = manifest.Folders ?? [];
            w.Write(folders.Count);
            foreach (var f in folders)
            {
                w.Write(f.Path);
                w.Write(f.Inode);
                w.Write(f.Device);
                w.Write(f.MtimeNs);
                w.Write(f.CtimeNs);
            }
            var extras = manifest.Extras ?? [];
            w.Write(extras.Count);
            foreach (var e in extras)
            {
                w.Write(e.Path);
                w.Write(e.IsFolder);
            }
        }
        output.Write(hash.GetHashAndReset());
    }

    /// <summary>A stream that passes what is written on to <paramref name="output"/> and adds it to
    /// <paramref name="hash"/>.</summary>
    private sealed class Hashing(Stream output, IncrementalHash hash) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            output.Write(buffer);
        }

        public override void Flush() => output.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The manifest in <paramref name="bytes"/>, or null (see the class).</summary>
    /// <param name="units">with true, the folders' stamps and other entries are checked as read but not kept
    /// (null in the manifest): the live output's manifest needs only its bundles and units (≈ 144,000 stamps at
    /// 10,000 meetings not made)</param>
    /// <param name="keys">when given (ordinal), only the units with one of these keys are kept; the others are
    /// checked as read but not made (the live output's manifest: only the units the put-aside folder did not hold
    /// are looked up in it, ≈ 10 of 74,000 in the steady state)</param>
    public static BuildCache.Manifest? Decode(byte[] bytes, int format, PathPool? paths = null, bool units = false,
        HashSet<string>? keys = null)
    {
        var body = bytes.Length - HashLength;
        if (body < Magic.Length + sizeof(int) || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)
            || !SHA256.HashData(bytes.AsSpan(0, body)).AsSpan().SequenceEqual(bytes.AsSpan(body)))
            return null;
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, body, writable: false), Encoding.UTF8);
            r.ReadBytes(Magic.Length);
            if (r.ReadInt32() != format) return null;
            var generator = r.ReadString();
            var output = r.ReadString();
            var bundleCount = Count(r, body);
            var bundles = new List<BuildCache.Bundle>(bundleCount);
            for (var i = 0; i < bundleCount; i++)
            {
                var folder = r.ReadString();
                var pages = r.ReadString();
                var files = new SortedDictionary<string, BuildCache.BundleFile>(StringComparer.Ordinal);
                for (int j = 0, m = Count(r, body); j < m; j++)
                    files[r.ReadString()] = new BuildCache.BundleFile(r.ReadInt64(), r.ReadInt64());
                bundles.Add(new BuildCache.Bundle(folder, pages, files, r.ReadUInt64()));
            }
            var unitCount = Count(r, body);
            var unitList = new List<BuildCache.Unit>(unitCount);
            var wanted = keys?.GetAlternateLookup<ReadOnlySpan<char>>();
            for (var i = 0; i < unitCount; i++)
            {
                var key = wanted is { } lookup ? Wanted(r, bytes, body, lookup) : r.ReadString();
                if (key is null)
                {
                    for (int j = 0, m = Count(r, body); j < m; j++)
                    {
                        Skip(r, body);
                        Skip(r, body, 2 * sizeof(long));
                        if (r.ReadBoolean()) Skip(r, body, sizeof(ulong));
                    }
                    Skip(r, body, sizeof(ulong));
                    continue;
                }
                var fileCount = Count(r, body);
                var files = new List<BuildCache.UnitFile>(fileCount);
                for (var j = 0; j < fileCount; j++)
                {
                    var path = paths is null ? r.ReadString() : Pooled(r, bytes, body, paths);
                    files.Add(new BuildCache.UnitFile(path, r.ReadInt64(),
                        r.ReadInt64(), r.ReadBoolean() ? r.ReadUInt64() : ContentHash.Unknown));
                }
                unitList.Add(new BuildCache.Unit(key, files, r.ReadUInt64()));
            }
            var folderCount = Count(r, body);
            var folders = units ? null : new List<BuildCache.FolderStamp>(folderCount);
            for (var i = 0; i < folderCount; i++)
            {
                if (folders is null)
                {
                    Skip(r, body);
                    Skip(r, body, 4 * sizeof(long));
                }
                else
                    folders.Add(new BuildCache.FolderStamp(r.ReadString(), r.ReadUInt64(), r.ReadUInt64(),
                        r.ReadInt64(), r.ReadInt64()));
            }
            var extraCount = Count(r, body);
            var extras = units ? null : new List<BuildCache.Extra>(extraCount);
            for (var i = 0; i < extraCount; i++)
            {
                if (extras is null)
                {
                    Skip(r, body);
                    r.ReadBoolean();
                }
                else extras.Add(new BuildCache.Extra(r.ReadString(), r.ReadBoolean()));
            }
            return r.BaseStream.Position == body
                ? new BuildCache.Manifest(generator, output, bundles, unitList, folders, extras)
                : null;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException
                                       or InvalidDataException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A string as <see cref="BinaryReader.ReadString"/> reads it, taken from <paramref name="paths"/>
    /// without making a string when the pool has it.</summary>
    private static string Pooled(BinaryReader r, byte[] bytes, int body, PathPool paths)
    {
        var length = r.Read7BitEncodedInt();
        var at = (int)r.BaseStream.Position;
        if (length < 0 || length > body - at) throw new EndOfStreamException();
        r.BaseStream.Position = at + length;
        return paths.Get(bytes.AsSpan(at, length));
    }

    /// <summary>The key at the reader's place (passed over) as the wanted set's own string, or null when it is not
    /// one of them: no string is made for a key not wanted.</summary>
    private static string? Wanted(BinaryReader r, byte[] bytes, int body,
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> wanted)
    {
        var length = r.Read7BitEncodedInt();
        var at = (int)r.BaseStream.Position;
        if (length < 0 || length > body - at) throw new EndOfStreamException();
        r.BaseStream.Position = at + length;
        var utf8 = bytes.AsSpan(at, length);
        var rented = System.Buffers.ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(length));
        try
        {
            // Decoded as ReadString decodes (invalid bytes as U+FFFD), so a key matches exactly when its string would.
            var chars = rented.AsSpan(0, Encoding.UTF8.GetChars(utf8, rented));
            return wanted.TryGetValue(chars, out var key) ? key : null;
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Passes over a string (<paramref name="bytes"/> &lt; 0) or a number of bytes, as a read would: refused
    /// past the end.</summary>
    private static void Skip(BinaryReader r, int body, int bytes = -1)
    {
        var length = bytes >= 0 ? bytes : r.Read7BitEncodedInt();
        var at = r.BaseStream.Position;
        if (length < 0 || length > body - at) throw new EndOfStreamException();
        r.BaseStream.Position = at + length;
    }

    /// <summary>A count, refused when larger than the bytes left could hold (a forged count must not make the
    /// reader allocate gigabytes).</summary>
    private static int Count(BinaryReader r, int body)
    {
        var n = r.ReadInt32();
        if (n < 0 || n > body - r.BaseStream.Position) throw new InvalidDataException("count out of range");
        return n;
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SiteGen.Common;
using SiteGen.Output;
using SiteGen.Publishing;

namespace SiteGen.Rendering;

/// <summary>Whole files of the site that are not output units (the overview pages: front page, years, committees,
/// case lists; the whole-archive data files and calendars), kept from the previous build when their key — the hash
/// of everything their bytes depend on, <see cref="KeyHash"/> — is the one recorded when they were made. Such a file
/// is hard-linked from the previous output (<see cref="SiteWriter.Keep"/>) instead of being made again.</summary>
/// <remarks>The cache file (<see cref="FileName"/> in the cache folder) holds, per file, its path, key, size and write
/// time, and the output folder it describes: no text of the site, so nothing closed can be in it. A file is kept
/// only when its key is equal and the previous output's file is still a regular file of the recorded size and time.
/// Anything unexpected in the cache file (another version, a wrong checksum, cut short, too large, a link, a folder
/// or anything but a regular file in its place) and nothing is kept: every file is made.</remarks>
public sealed class WholeFiles
{
    public const string FileName = "wholefiles.bin";

    private const int Version = 2; // 2: content hashes
    private const long MaxBytes = 64L * 1024 * 1024;
    private static readonly byte[] Head = "SGWHOLE\n"u8.ToArray();
    private static readonly byte[] Tail = "SGWHOLEE"u8.ToArray();

    /// <summary>No cache: nothing is kept, nothing recorded.</summary>
    public static WholeFiles None { get; } = new(null, "", "", null, []);

    private readonly string? _cacheDir;
    private readonly string _output;
    private readonly SiteWriter? _writer;
    private readonly Dictionary<string, Entry> _old;
    private readonly ConcurrentDictionary<string, string> _new = new(StringComparer.Ordinal);

    internal readonly record struct Entry(string Key, long Size, long Ticks, ulong Hash = ContentHash.Unknown);

    private WholeFiles(string? cacheDir, string output, string context, SiteWriter? writer,
        Dictionary<string, Entry> old)
    {
        (_cacheDir, _output, Context, _writer, _old) = (cacheDir, output, context, writer, old);
    }

    /// <summary>What every key includes: generator, templates, assets and site settings (<see
    /// cref="OutputUnits.Context"/>).</summary>
    public string Context { get; }

    /// <summary>Files kept from the previous build this time (for the step log and tests).</summary>
    public int Kept => _kept;

    private int _kept;

    /// <summary>The cache of <paramref name="cacheDir"/> for a build into <paramref name="outputDir"/> written by
    /// <paramref name="writer"/> (nothing kept when <paramref name="clean"/>).</summary>
    public static WholeFiles Open(string cacheDir, bool clean, string outputDir, SiteWriter writer, string context)
    {
        var output = Path.GetFullPath(outputDir);
        var old = clean ? null : Read(Path.Combine(cacheDir, FileName));
        return new WholeFiles(cacheDir, output, context, writer,
            old is { } o && o.Output == output ? o.Entries : []);
    }

    /// <summary>Takes the previous build's file at <paramref name="path"/> (site-relative) when it was made under
    /// <paramref name="key"/>; true when it is now in the staging folder, so the caller makes nothing.</summary>
    public bool TryKeep(string path, string key)
    {
        if (_writer is null) return false;
        if (!_old.TryGetValue(path, out var old) || old.Key != key
            || !_writer.Keep(path, Path.Combine(_output, path), old.Size, old.Ticks, old.Hash))
            return false;
        _new[path] = key;
        Interlocked.Increment(ref _kept);
        StepLog.Count("whole kept " + StepLog.Kind(path));
        return true;
    }

    /// <summary>The file at <paramref name="path"/>: kept from the last build when its key (the context, the path
    /// and what <paramref name="key"/> adds) is unchanged, then nothing to write (null); else
    /// <paramref name="write"/>, which writes it part by part.</summary>
    public (Action<Stream>? Write, string? Key) KeepOr(string path, Action<KeyHash> key, Action<Stream> write)
    {
        if (_writer is null) return (write, null);
        using var hash = new KeyHash(Context, path);
        key(hash);
        var text = hash.Done();
        return TryKeep(path, text) ? (null, text) : (write, text);
    }

    /// <summary>The files kept or made under a key so far in this build (site-relative).</summary>
    public IEnumerable<string> Recorded => _new.Keys;

    /// <summary>Records that the file at <paramref name="path"/> was made now under <paramref name="key"/>.</summary>
    public void Made(string path, string key)
    {
        if (_writer is null) return;
        _new[path] = key;
        StepLog.Count("whole made " + StepLog.Kind(path));
    }

    /// <summary>Writes the record of this build's files (as they are now in the staging folder) to the cache folder:
    /// written beside, then renamed over the old one. A file no longer there is left out.</summary>
    public void Save()
    {
        if (_writer is null || _cacheDir is null) return;
        var temp = Path.Combine(_cacheDir, $"{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            var entries = new List<(string Path, Entry Entry)>();
            foreach (var (path, key) in _new.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var info = new FileInfo(Path.Combine(_writer.Root, path));
                if (info.Exists)
                    entries.Add((path,
                        new Entry(key, info.Length, info.LastWriteTimeUtc.Ticks, _writer.HashOf(path))));
            }
            Directory.CreateDirectory(_cacheDir);
            File.WriteAllBytes(temp, Encode(_output, entries));
            File.Move(temp, Path.Combine(_cacheDir, FileName), overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException) { }
        }
    }

    internal static byte[] Encode(string output, IReadOnlyCollection<(string Path, Entry Entry)> entries)
    {
        var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Head);
            w.Write(Version);
            w.Write(output);
            w.Write(entries.Count);
            foreach (var (path, e) in entries)
            {
                w.Write(path);
                w.Write(e.Key);
                w.Write(e.Size);
                w.Write(e.Ticks);
                w.Write(e.Hash);
            }
        }
        return Data.SignedFile.Sign(body.GetBuffer().AsSpan(0, (int)body.Length), Tail);
    }

    /// <summary>The recorded files, or null when the cache file is missing or not to be trusted.</summary>
    internal static (string Output, Dictionary<string, Entry> Entries)? Read(string path)
    {
        try
        {
            if (Data.SignedFile.Read(path, Head, Tail, MaxBytes) is not var (bytes, signed)) return null;
            using var r = new BinaryReader(new MemoryStream(bytes, Head.Length, signed - Head.Length), Encoding.UTF8);
            if (r.ReadInt32() != Version) return null;
            var output = r.ReadString();
            var count = r.ReadInt32();
            if (count < 0 || count > signed) return null;
            var entries = new Dictionary<string, Entry>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var file = r.ReadString();
                var entry = new Entry(r.ReadString(), r.ReadInt64(), r.ReadInt64(), r.ReadUInt64());
                if (!SafeRelative(file)) return null;
                entries[file] = entry;
            }
            return r.BaseStream.Position == r.BaseStream.Length ? (output, entries) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EndOfStreamException
                                       or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static bool SafeRelative(string relative) =>
        relative.Length > 0 && !Path.IsPathRooted(relative) && !relative.Split('/').Any(p => p is "" or "." or "..");
}

/// <summary>A whole-archive file (a list, the CSV, a calendar): its path, the meetings it is made from (serve, see
/// <see cref="GeneratedFile"/>), and how to make it, or keep it (<see cref="WholeFiles.KeepOr"/>): written part by
/// part, as a stream, so that no array of the whole file is made.</summary>
public sealed record WholeFile(string Path, ImmutableArray<PublicMeeting> From,
    Func<WholeFiles, (Action<Stream>? Write, string? Key)> Make)
{
    // A small file of one meeting or case, made every time: written in one piece.
    private Func<byte[]>? _small;

    /// <summary>A file made every time (of one meeting or case, or bounded: the feeds).</summary>
    public static WholeFile Always(string path, ImmutableArray<PublicMeeting> from, Func<byte[]> bytes) =>
        new(path, from, _ => (s => s.Write(bytes()), null)) { _small = bytes };

    public GeneratedFile Generated => new(Path, From, () => _small?.Invoke() ?? Bytes(Make(WholeFiles.None).Write!));

    /// <summary>What <paramref name="write"/> writes, as one array (serve, tests).</summary>
    public static byte[] Bytes(Action<Stream> write)
    {
        using var memory = new MemoryStream();
        write(memory);
        return memory.ToArray();
    }

    /// <summary>Makes the file and writes it, unless it was kept.</summary>
    public void WriteTo(SiteWriter writer, WholeFiles whole)
    {
        if (_small is { } small)
        {
            writer.WriteBytes(Path, small());
            return;
        }
        var (write, key) = Make(whole);
        if (write is null) return;
        writer.WriteStream(Path, write);
        if (key is not null) whole.Made(Path, key);
    }
}

/// <summary>A key of a whole file (<see cref="WholeFiles"/>): SHA-256 over what it is given, each value delimited,
/// so two different sequences never run into each other. The values are gathered in a buffer and hashed in blocks
/// (a sitemap's or a list's key has one value per page or entry: one hash call each cost more than the hashing).
/// </summary>
public sealed class KeyHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _used;

    public KeyHash(string context, string path) => Add(context).Add(path);

    public KeyHash Add(string text) => Add(text.AsSpan());

    /// <summary>Its length, then its UTF-8.</summary>
    public KeyHash Add(ReadOnlySpan<char> text)
    {
        var size = 4 + Encoding.UTF8.GetMaxByteCount(text.Length);
        if (size > _buffer.Length - _used) Flush();
        if (size > _buffer.Length)
        {
            // Longer than the buffer: hashed on its own, the same bytes.
            var bytes = new byte[size];
            BitConverter.TryWriteBytes(bytes, text.Length);
            var n = Encoding.UTF8.GetBytes(text, bytes.AsSpan(4));
            _hash.AppendData(bytes, 0, 4 + n);
            return this;
        }
        BitConverter.TryWriteBytes(_buffer.AsSpan(_used), text.Length);
        _used += 4 + Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used + 4));
        return this;
    }

    public KeyHash Add(UInt128 value)
    {
        if (_buffer.Length - _used < 16) Flush();
        BitConverter.TryWriteBytes(_buffer.AsSpan(_used, 8), (ulong)(value >> 64));
        BitConverter.TryWriteBytes(_buffer.AsSpan(_used + 8, 8), (ulong)value);
        _used += 16;
        return this;
    }

    private void Flush()
    {
        _hash.AppendData(_buffer, 0, _used);
        _used = 0;
    }

    public string Done()
    {
        Flush();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}

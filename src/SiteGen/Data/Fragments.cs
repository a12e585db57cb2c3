using SiteGen.Common;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;
using SiteGen.Publishing;

namespace SiteGen.Data;

/// <summary>What a meeting or case adds to a whole-archive file (its entry in moeder.json or sager.json, its rows of
/// the CSV, its calendar event, its words for the word list), kept from one build to the next by the unit's key
/// (<see cref="Output.OutputUnits"/>: equal keys mean equal public model, site settings and generator). A whole-archive
/// file is the concatenation of its units' parts in archive order, the parts of unchanged units taken from the cache
/// file and the others made now: the same bytes as a clean build by construction. Each part has a hash, so a whole
/// file whose parts are all as they were is not put together again (<see cref="Rendering.WholeFiles"/>): a kept
/// part's bytes are then not even read.</summary>
/// <remarks>The cache file (<see cref="FileName"/> in the cache folder) holds the parts, then an index (key → where
/// each part is, and its hash), the index's length and SHA-256, and an end mark. Anything unexpected in it (another
/// version, a wrong hash, a part outside the file, a link or folder in its place) and it is not used: every part is
/// made. A build appends the parts it makes to the file and, in <see cref="Save"/>, the new index: kept parts stay
/// where they are (at 10,000 meetings the parts are 295 MB, which a rewrite copied every build). The parts no
/// longer used are overwritten with zeros at the save, so nothing of an item closed since stays in the file; when
/// they are more than the parts in use, the file is written anew instead (beside it, then renamed over it). A build
/// that ends without saving cuts the file back to what it was. A part is a function of its key alone, so a cache
/// saved by a build that then fails is still right.</remarks>
public sealed class Fragments : IDisposable
{
    public const string FileName = "fragments.bin";

    private const int Version = 2;
    private static readonly byte[] Head = "SGFRAGS\n"u8.ToArray();
    private static readonly byte[] Tail = "SGFRAGE\n"u8.ToArray();

    /// <summary>The parts a unit may have (a case only <see cref="Slot.Json"/>).</summary>
    public enum Slot
    {
        /// <summary>the entry of a list in the open data (moeder.json, an udvalg's moeder.json, sager.json)</summary>
        Json,

        /// <summary>the rows of data/beslutninger.csv</summary>
        Csv,

        /// <summary>the VEVENT of the archive-wide and committee calendars</summary>
        Event,

        /// <summary>the meeting page's words and counts (<see cref="Search.WordList"/>)</summary>
        Words,

        /// <summary>the meeting as HTML in an RSS entry (<see cref="Feeds.FeedText.MeetingHtml"/>)</summary>
        FeedHtml,
    }

    private const int Slots = 5;

    // A part in the index: offset (8 bytes), length (4), hash (16).
    private const int PartSize = 28;

    // The step log's names, made once (not a string per part).
    private static readonly string[] KeptCount = [.. Enum.GetValues<Slot>().Select(s => $"fragments kept ({s})")];
    private static readonly string[] MadeCount = [.. Enum.GetValues<Slot>().Select(s => $"fragments made ({s})")];

    /// <summary>No cache: every part is made, nothing is kept.</summary>
    public static Fragments None { get; } = new(null, null, null, null);

    private readonly Func<PublicMeeting, string?>? _meetingKey;
    private readonly Func<PublicSag, string?>? _sagKey;
    private readonly SafeFileHandle? _old;
    private readonly Dictionary<string, OldParts>? _oldIndex;
    private readonly string? _cacheDir;
    private bool _fresh;
    private readonly ConcurrentDictionary<string, Unit> _new = new(StringComparer.Ordinal);
    // Each meeting or case (by reference) and its unit: its key made and looked up once, not once per part and file
    // (a kept list asks for every part of the archive, and six files ask for each meeting's).
    private readonly ConcurrentDictionary<object, Unit?> _units = new(ReferenceEqualityComparer.Instance);
    // The units resolved by Prepare, by meeting or case and by key: plain tables, only read once the files are made
    // (no lock per lookup; a unit not among them goes to the concurrent tables above).
    private Dictionary<object, Unit?>? _prepared;
    // The units Prepare made (for the index), and those of them whose key the old index does not have (the others are
    // found by key through their old entry, OldParts.Owner).
    private List<Unit>? _preparedUnits;
    private Dictionary<string, Unit>? _preparedFresh;
    // Parts kept and made per slot, for the step log (counted here: one log call per part cost more than the part).
    private readonly int[] _kept = new int[Slots], _made = new int[Slots];
    private SafeFileHandle? _newFile;
    private string? _newPath;
    private long _newEnd;
    // Appending to the old file (its parts stay where they are): its length before this build, else -1.
    private long _appendFrom = -1;

    /// <param name="Hash">the first 16 bytes of the part's SHA-256: a whole file's key is made of its parts' hashes
    /// (<see cref="Rendering.WholeFiles"/>), so a part made again with the same bytes leaves the file as it was</param>
    internal readonly record struct Part(long Offset, int Length, UInt128 Hash)
    {
        public bool Exists => Offset >= 0;
    }

    /// <summary>A unit's parts in the last build's index, and which of them this build uses (a bit per slot, set
    /// under the lock of the unit's new parts): those not used are zeroed at the save.</summary>
    private sealed class OldParts(Part[] parts)
    {
        public readonly Part[] Parts = parts;
        public int Used;
        // The unit of this build under the same key, when Prepare made it (set before any part is asked for).
        public Unit? Owner;
    }

    /// <summary>A unit of this build: its key, its parts (where they are now; locked while one is made) and its
    /// parts in the last build's index.</summary>
    private sealed class Unit(string key, OldParts? old)
    {
        public readonly string Key = key;
        public readonly Part[] Parts = Missing();
        public readonly OldParts? Old = old;
        // Held while one of its parts is looked up or made (see Get): a flag set by compare-and-swap, not a monitor
        // (a lock per part asked for, ≈ 110,000 in a one-edit build, took the monitor's slow path in the profile).
        private int _busy;

        public void Enter()
        {
            var wait = new SpinWait();
            while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) wait.SpinOnce();
        }

        public void Exit() => Volatile.Write(ref _busy, 0);
    }

    /// <summary>A part: its hash, and its bytes, read from the cache file (or made again) each time they are asked
    /// for and never held: a whole file is written part by part, so the parts of the archive are never in memory
    /// at once.</summary>
    public sealed class Piece
    {
        private readonly byte[]? _bytes;
        // Where it is in the cache file (no delegate per part: a kept list asks for every part of the archive).
        private readonly SafeFileHandle? _file;
        private readonly Part _at;
        private readonly Func<byte[]> _make;

        private Piece(byte[]? bytes, UInt128 hash, SafeFileHandle? file, Part at, Func<byte[]> make) =>
            (_bytes, Hash, _file, _at, _make) = (bytes, hash, file, at, make);

        internal static Piece Made(byte[]? bytes, UInt128 hash, Func<byte[]> make) =>
            new(bytes, hash, null, default, make);

        internal static Piece At(SafeFileHandle? file, Part at, Func<byte[]> make) => new(null, at.Hash, file, at, make);

        public UInt128 Hash { get; }

        /// <summary>A part made every time (not kept in the cache file).</summary>
        public static Piece Of(byte[] bytes) => Made(bytes, HashOf(bytes), () => bytes);

        /// <summary>The part's bytes: from the cache file when they are there as written (their hash), else made
        /// again, which gives the same bytes (a part is a function of its key).</summary>
        public byte[] Bytes => _bytes ?? (_file is null ? null : ReadPart(_file, _at)) ?? _make();
    }

    /// <summary>The first 16 bytes of the SHA-256 of <paramref name="bytes"/>.</summary>
    public static UInt128 HashOf(ReadOnlySpan<byte> bytes)
    {
        Span<byte> sha = stackalloc byte[32];
        SHA256.HashData(bytes, sha);
        return new UInt128(BitConverter.ToUInt64(sha[..8]), BitConverter.ToUInt64(sha[8..16]));
    }

    private Fragments(Func<PublicMeeting, string?>? meetingKey, Func<PublicSag, string?>? sagKey, string? cacheDir,
        (SafeFileHandle File, Dictionary<string, OldParts> Index)? old)
    {
        (_meetingKey, _sagKey, _cacheDir) = (meetingKey, sagKey, cacheDir);
        (_old, _oldIndex) = old is { } o ? (o.File, o.Index) : (null, null);
    }

    /// <summary>The cache of <paramref name="cacheDir"/> (nothing reused when <paramref name="clean"/>, or when its
    /// file cannot be trusted) for units keyed by <paramref name="meetingKey"/> and <paramref name="sagKey"/> (null:
    /// a unit without a key, made every time).</summary>
    public static Fragments Open(string cacheDir, bool clean, Func<PublicMeeting, string?> meetingKey,
        Func<PublicSag, string?> sagKey)
    {
        var path = Path.Combine(cacheDir, FileName);
        var old = clean ? null : StepLog.Step("fragments read", () => Read(path, writable: true));
        var fragments = new Fragments(meetingKey, sagKey, cacheDir, old is null ? null : (old.File, old.Index))
        {
            _fresh = clean,
        };
        if (old is { } kept && kept.Unused <= kept.Used)
        {
            // Few unused parts: new ones are appended to the old file.
            fragments._newFile = kept.File;
            fragments._newPath = path;
            fragments._newEnd = fragments._appendFrom = RandomAccess.GetLength(kept.File);
            return fragments;
        }
        try
        {
            Directory.CreateDirectory(cacheDir);
            fragments._newPath = Path.Combine(cacheDir, $"{FileName}.{Guid.NewGuid():N}.tmp");
            fragments._newFile = File.OpenHandle(fragments._newPath, FileMode.CreateNew, FileAccess.ReadWrite);
            RandomAccess.Write(fragments._newFile, Header(), 0);
            fragments._newEnd = Head.Length + 4;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            fragments.Drop(); // no new cache this time; the parts are still taken from the old one
        }
        return fragments;
    }

    /// <summary>Resolves every meeting's and case's unit now, on one thread, into plain tables sized for them: the
    /// files made in parallel then only read the tables (no lock; a concurrent table's insert took a monitor per
    /// unit, ≈ 134 ms of the one-edit stage at 10,000 meetings). Left to the files, the first asks for each of the
    /// 74,000 units at 10,000 meetings were inserts into growing concurrent tables from several threads at once,
    /// whose lock waits were most of the feeds+data stage's CPU in a one-edit build
    /// (docs/perf-notes-s8-data.md). Called before any part is asked for; the units are those a later ask would
    /// make (a unit asked for that is not among them is still made on first use).</summary>
    public void Prepare(IReadOnlyCollection<PublicMeeting> meetings, IReadOnlyCollection<PublicSag> sager)
    {
        if (_meetingKey is null && _sagKey is null) return; // (None: nothing remembered)
        if (!_units.IsEmpty || _prepared is not null)
            throw new InvalidOperationException("Prepare comes before the first part, once.");
        var count = meetings.Count + sager.Count;
        var prepared = new Dictionary<object, Unit?>(count, ReferenceEqualityComparer.Instance);
        var units = new List<Unit>(count);
        var fresh = new Dictionary<string, Unit>(StringComparer.Ordinal);
        // The key looked up in the old index as a span ("m" or "s", then the unit's key): a unit kept from the last
        // build takes the index's string and is found again through its old entry (Owner), so no string is made and
        // no second table of 74,000 keys is filled at 10,000 meetings; only a key new to this build is.
        var old = _oldIndex?.GetAlternateLookup<ReadOnlySpan<char>>();
        var buffer = new char[256];
        Unit? Resolve(char kind, string? own)
        {
            if (own is null) return null;
            if (buffer.Length < own.Length + 1) buffer = new char[own.Length + 1];
            buffer[0] = kind;
            own.CopyTo(buffer.AsSpan(1));
            var key = buffer.AsSpan(0, own.Length + 1);
            if (old is { } index && index.TryGetValue(key, out var known, out var parts))
            {
                if (parts.Owner is { } owner) return owner;
                units.Add(parts.Owner = new Unit(known, parts));
                return parts.Owner;
            }
            ref var made = ref CollectionsMarshal.GetValueRefOrAddDefault(fresh, new string(key), out var exists);
            if (!exists) units.Add(made = new Unit(kind + own, null));
            return made;
        }
        foreach (var m in meetings)
        {
            ref var unit = ref CollectionsMarshal.GetValueRefOrAddDefault(prepared, m, out var exists);
            if (!exists) unit = Resolve('m', _meetingKey?.Invoke(m));
        }
        foreach (var s in sager)
        {
            ref var unit = ref CollectionsMarshal.GetValueRefOrAddDefault(prepared, s, out var exists);
            if (!exists) unit = Resolve('s', _sagKey?.Invoke(s));
        }
        (_prepared, _preparedUnits, _preparedFresh) = (prepared, units, fresh);
    }

    /// <summary>The cache folder (null: no cache), and whether this build reuses nothing of it (<c>--clean</c>): for
    /// the records kept beside the parts (<see cref="Search.WordList"/>'s totals).</summary>
    public string? CacheDir => _cacheDir;

    public bool Fresh => _fresh;

    /// <summary>The key <paramref name="m"/>'s parts are kept under (null: none, its parts are made every time).
    /// </summary>
    public string? KeyOf(PublicMeeting m) => UnitOf(m)?.Key;

    /// <summary>The unit of a meeting or case, made on first use (null: it has no key).</summary>
    private Unit? UnitOf(object unit) => _meetingKey is null && _sagKey is null ? null // (None: nothing remembered)
        : _prepared is not null && _prepared.TryGetValue(unit, out var prepared) ? prepared
        : _units.GetOrAdd(unit, static (o, self) => self.KeyFor(o) is { } key
            ? self.PreparedUnit(key)
              ?? self._new.GetOrAdd(key, static (k, old) => new Unit(k, old?.GetValueOrDefault(k)), self._oldIndex)
            : null, this);

    /// <summary>The unit Prepare made under <paramref name="key"/>, or null.</summary>
    private Unit? PreparedUnit(string key) =>
        _oldIndex?.GetValueOrDefault(key)?.Owner ?? _preparedFresh?.GetValueOrDefault(key);

    private string? KeyFor(object unit) => unit switch
    {
        PublicMeeting m => _meetingKey?.Invoke(m) is { } key ? "m" + key : null,
        PublicSag s => _sagKey?.Invoke(s) is { } key ? "s" + key : null,
        _ => null,
    };

    /// <summary>The part kept under <paramref name="key"/> (<see cref="KeyOf"/>) by the last build, as written (its
    /// hash checked), or null: how a running total takes out what a unit no longer adds.</summary>
    public byte[]? Previous(string key, Slot slot) =>
        _oldIndex?.GetValueOrDefault(key)?.Parts is { } parts && parts[(int)slot].Exists
            ? ReadPart(_old, parts[(int)slot]) : null;

    /// <summary>The part's bytes (those just made or read, when it had to be: not read back).</summary>
    public byte[] Meeting(PublicMeeting m, Slot slot, Func<byte[]> make)
    {
        var piece = Get(UnitOf(m), slot, make, out var now);
        return now ?? piece.Bytes;
    }

    /// <summary>As <see cref="Meeting"/>, with the part's hash; its bytes are read only when asked for.</summary>
    public Piece MeetingPiece(PublicMeeting m, Slot slot, Func<byte[]> make) =>
        Get(UnitOf(m), slot, make, out _);

    public Piece SagPiece(PublicSag s, Slot slot, Func<byte[]> make) =>
        Get(UnitOf(s), slot, make, out _);

    /// <summary>As <see cref="Meeting"/>, for a case.</summary>
    public byte[] Sag(PublicSag s, Slot slot, Func<byte[]> make)
    {
        var piece = Get(UnitOf(s), slot, make, out var now);
        return now ?? piece.Bytes;
    }

    /// <param name="now">the bytes when they were made or read now (else null)</param>
    private Piece Get(Unit? unit, Slot slot, Func<byte[]> make, out byte[]? now)
    {
        now = null;
        if (unit is null)
        {
            // Without a cache no whole file is kept, so no key asks for the hash: made when its file is written.
            if (_cacheDir is null) return Piece.Made(null, default, make);
            var made = now = make();
            return Piece.Made(made, HashOf(made), make);
        }
        var i = (int)slot;
        var parts = unit.Parts;
        var file = _newFile;
        // One maker per unit and slot: two files asking for the same part at once (the archive's and a committee's
        // feed) would otherwise both append it, and the copy the index does not name would stay in the file, never
        // zeroed (an item closed later would leave its text there).
        unit.Enter();
        try
        {
            var known = parts[i];
            if (known.Exists) return Piece.At(file, known, make);
            var old = unit.Old?.Parts[i] is { Exists: true } o ? o : default(Part?);
            if (old is { } p && _appendFrom >= 0)
            {
                // In the file already: nothing to copy.
                Interlocked.Increment(ref _kept[i]);
                parts[i] = p;
                unit.Old!.Used |= 1 << i;
                return Piece.At(file, p, make);
            }
            var bytes = old is { } q ? ReadPart(_old, q) : null;
            Interlocked.Increment(ref (bytes is null ? ref _made[i] : ref _kept[i]));
            var hash = bytes is null ? default : old!.Value.Hash;
            if (bytes is null)
            {
                bytes = make();
                hash = HashOf(bytes);
            }
            now = bytes;
            if (file is not null)
            {
                var at = Interlocked.Add(ref _newEnd, bytes.Length) - bytes.Length;
                try
                {
                    RandomAccess.Write(file, bytes, at);
                    var written = parts[i] = new Part(at, bytes.Length, hash);
                    // Not held: read back when its file is written.
                    return Piece.At(file, written, make);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException
                                               or ObjectDisposedException)
                {
                    Drop();
                }
            }
            return Piece.Made(null, hash, make);
        }
        finally
        {
            unit.Exit();
        }
    }

    private static Part[] Missing()
    {
        var parts = new Part[Slots];
        Array.Fill(parts, new Part(-1, 0, default));
        return parts;
    }

    /// <summary>The part's bytes as written (their hash checked: the file may have been changed or cut since), or
    /// null.</summary>
    private static byte[]? ReadPart(SafeFileHandle? file, Part part)
    {
        if (file is null) return null;
        try
        {
            var bytes = new byte[part.Length];
            return FileBytes.ReadAt(file, bytes, part.Offset) && HashOf(bytes) == part.Hash ? bytes : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Writes the index of this build's parts (and puts the file in place of the old one, when it was
    /// written anew). Parts of units this build did not ask for are not kept: in an appended file they are
    /// overwritten with zeros.</summary>
    public void Save()
    {
        for (var i = 0; i < Slots; i++)
        {
            StepLog.Count(KeptCount[i], Interlocked.Exchange(ref _kept[i], 0));
            StepLog.Count(MadeCount[i], Interlocked.Exchange(ref _made[i], 0));
        }
        if (_newFile is not { } file || _newPath is null || _cacheDir is null) return;
        try
        {
            // In no particular order: the parts' offsets depend on the order they were made in anyway, and a reader
            // builds a dictionary (sorting 84,000 keys cost more than the rest of the save).
            var entries = (_preparedUnits ?? Enumerable.Empty<Unit>()).Concat(_new.Values)
                .Where(u => u.Parts.Any(p => p.Exists)).ToArray();
            // Written to the file as it is made, hashed on the way (no copy of the index in memory: at 100,000
            // meetings it holds ≈ 400,000 units), in BinaryWriter's format, put together in a buffer (a stream call
            // per field was most of the save: ≈ 450,000 fields at 10,000 meetings).
            var index = new IndexStream(file, _newEnd);
            var buffer = new byte[256 * 1024];
            var n = 0;
            void Room(int size)
            {
                if (buffer.Length - n >= size) return;
                index.Write(buffer.AsSpan(0, n));
                n = 0;
                if (size > buffer.Length) buffer = new byte[size];
            }
            void Length(int value)
            {
                var v = (uint)value;
                for (; v >= 0x80; v >>= 7) buffer[n++] = (byte)(v | 0x80);
                buffer[n++] = (byte)v;
            }
            Room(4);
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(n), entries.Length);
            n += 4;
            foreach (var unit in entries)
            {
                var size = Encoding.UTF8.GetByteCount(unit.Key);
                Room(5 + size + Slots * PartSize);
                Length(size);
                n += Encoding.UTF8.GetBytes(unit.Key, buffer.AsSpan(n));
                foreach (var p in unit.Parts)
                {
                    var at = buffer.AsSpan(n, PartSize);
                    BinaryPrimitives.WriteInt64LittleEndian(at, p.Offset);
                    BinaryPrimitives.WriteInt32LittleEndian(at[8..], p.Length);
                    BinaryPrimitives.WriteUInt64LittleEndian(at[12..], (ulong)(p.Hash >> 64));
                    BinaryPrimitives.WriteUInt64LittleEndian(at[20..], (ulong)p.Hash);
                    n += PartSize;
                }
            }
            index.Write(buffer.AsSpan(0, n));
            var end = new byte[8 + 32 + Tail.Length];
            BitConverter.TryWriteBytes(end.AsSpan(0, 8), index.Length);
            index.Hash(end.AsSpan(8, 32));
            Tail.CopyTo(end, 8 + 32);
            RandomAccess.Write(file, end, _newEnd + index.Length);
            // After the new index is written: the old one, which named the parts zeroed now, is gone for good.
            if (_appendFrom >= 0)
            {
                _appendFrom = -1; // nothing to cut back from now on
                StepLog.Step("fragments zeroed", () => ZeroUnused(file));
            }
            RandomAccess.FlushToDisk(file);
            file.Dispose();
            _newFile = null;
            if (_newPath != Path.Combine(_cacheDir, FileName))
                File.Move(_newPath, Path.Combine(_cacheDir, FileName), overwrite: true);
            _newPath = null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Drop(); // a folder in its place, a full disk: no cache next time, which only costs time
        }
    }

    /// <summary>The index written to the cache file from <paramref name="at"/> on, and its SHA-256.</summary>
    private sealed class IndexStream(SafeFileHandle file, long at) : Stream
    {
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public override long Length => _length;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            RandomAccess.Write(file, buffer, at + _length);
            _sha.AppendData(buffer);
            _length += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        /// <summary>The SHA-256 of what was written (once: the stream is done then).</summary>
        public void Hash(Span<byte> into)
        {
            _sha.GetHashAndReset(into);
            _sha.Dispose();
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Zeros over the old index's parts that the new index does not name for the same key and slot (an
    /// item closed since the last build leaves no text behind): those no unit of this build took (its bit in
    /// <see cref="OldParts.Used"/>; in an appended file a kept part is always the old one, so this is the same as
    /// comparing the two indexes, without a lookup per key). No two old parts share a byte (checked when the
    /// index was read) and the parts made now were appended after them, so a part zeroed is no other entry's.
    /// </summary>
    private void ZeroUnused(SafeFileHandle file)
    {
        var zeros = new byte[64 * 1024];
        foreach (var old in _oldIndex!.Values)
        {
            for (var i = 0; i < Slots; i++)
            {
                var part = old.Parts[i];
                if (!part.Exists || part.Length == 0 || (old.Used & (1 << i)) != 0) continue;
                for (var at = 0; at < part.Length; at += zeros.Length)
                    RandomAccess.Write(file, zeros.AsSpan(0, Math.Min(zeros.Length, part.Length - at)),
                        part.Offset + at);
            }
        }
    }

    private static byte[] Header() => [.. Head, .. BitConverter.GetBytes(Version)];

    /// <summary>The old file's index, or null when it is missing or not to be trusted.</summary>
    /// <summary>A trusted old file: its handle, index, and the bytes of its parts in use and not.</summary>
    private sealed record Old(SafeFileHandle File, Dictionary<string, OldParts> Index, long Used, long Unused);

    /// <summary>The old file and its index, or null when it is missing or not to be trusted.</summary>
    private static Old? Read(string path, bool writable)
    {
        SafeFileHandle? file = null;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.Directory))
                return null;
            file = File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read);
            var length = RandomAccess.GetLength(file);
            var header = Header();
            var trailer = 8 + 32 + Tail.Length;
            if (length < header.Length + trailer) return Fail(file);
            var start = new byte[header.Length];
            var end = new byte[trailer];
            if (RandomAccess.Read(file, start, 0) != start.Length || !start.AsSpan().SequenceEqual(header)
                || RandomAccess.Read(file, end, length - trailer) != trailer
                || !end.AsSpan(8 + 32).SequenceEqual(Tail))
                return Fail(file);
            var indexLength = BitConverter.ToInt64(end, 0);
            var indexStart = length - trailer - indexLength;
            if (indexLength < 4 || indexStart < header.Length || indexLength > int.MaxValue) return Fail(file);
            var indexBytes = new byte[indexLength];
            if (RandomAccess.Read(file, indexBytes, indexStart) != indexBytes.Length
                || !SHA256.HashData(indexBytes).AsSpan().SequenceEqual(end.AsSpan(8, 32)))
                return Fail(file);
            var r = new IndexReader(indexBytes);
            var count = r.Int32();
            if (count < 0 || count > indexLength) return Fail(file);
            var index = new Dictionary<string, OldParts>(count, StringComparer.Ordinal);
            for (var e = 0; e < count; e++)
            {
                var key = r.String();
                var parts = new Part[Slots];
                for (var i = 0; i < Slots; i++)
                {
                    var (offset, size) = (r.Int64(), r.Int32());
                    var hash = new UInt128(r.UInt64(), r.UInt64());
                    var inside = offset >= header.Length && size >= 0 && offset + size <= indexStart;
                    if (offset != -1 && !inside) return Fail(file);
                    parts[i] = new Part(offset, size, hash);
                }
                // A key twice (a forged index): its first parts would be in no entry, so never zeroed.
                if (!index.TryAdd(key, new OldParts(parts))) return Fail(file);
            }
            if (r.Position != indexBytes.Length) return Fail(file);
            // Parts never overlap (unused ones are overwritten with zeros: a forged index must not make that reach a
            // part in use).
            // Sorted as two arrays (offsets, ends): at 10,000 meetings there are ≈ 250,000 parts. An empty part (a
            // meeting without decisions has no CSV rows) covers no byte: it may share its offset with the next part.
            var (offsets, ends) = (new List<long>(index.Count * 3), new List<long>(index.Count * 3));
            foreach (var parts in index.Values)
                foreach (var part in parts.Parts)
                    if (part.Exists && part.Length > 0)
                    {
                        offsets.Add(part.Offset);
                        ends.Add(part.Offset + part.Length);
                    }
            var (starts, stops) = (offsets.ToArray(), ends.ToArray());
            Array.Sort(starts, stops);
            long used = 0, last = 0;
            for (var i = 0; i < starts.Length; i++)
            {
                if (starts[i] < last) return Fail(file);
                last = stops[i];
                used += stops[i] - starts[i];
            }
            return new Old(file, index, used, indexStart - header.Length - used);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EndOfStreamException
                                       or FormatException or ArgumentException)
        {
            return Fail(file);
        }
    }

    /// <summary>The index as <see cref="BinaryReader"/> reads what <see cref="Save"/> writes (little-endian numbers, a
    /// string as its UTF-8 length in 7-bit groups, then its UTF-8), from the bytes read: no stream call per field
    /// (≈ 450,000 fields at 10,000 meetings). Past the end: <see cref="EndOfStreamException"/>; a length of more
    /// than 5 groups or 31 bits: <see cref="FormatException"/>.</summary>
    private ref struct IndexReader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Position { get; private set; }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > _bytes.Length - Position) throw new EndOfStreamException();
            var taken = _bytes.Slice(Position, count);
            Position += count;
            return taken;
        }

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public string String()
        {
            uint length = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = Take(1)[0];
                if (shift == 28 && b > 0b111) throw new FormatException("string length out of range");
                length |= (uint)(b & 0x7F) << shift;
                if (b < 0x80) break;
            }
            return Encoding.UTF8.GetString(Take((int)length));
        }
    }

    private static Old? Fail(SafeFileHandle? file)
    {
        file?.Dispose();
        return null;
    }

    private void Drop()
    {
        if (_appendFrom >= 0 && _newFile is { } appended)
        {
            // The old file as it was: the parts appended since are cut off again.
            try { RandomAccess.SetLength(appended, _appendFrom); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException) { }
            _newPath = null;
        }
        _newFile?.Dispose();
        _newFile = null;
        if (_newPath is not null)
        {
            try { File.Delete(_newPath); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
            _newPath = null;
        }
    }

    public void Dispose()
    {
        Drop();
        _old?.Dispose();
    }
}

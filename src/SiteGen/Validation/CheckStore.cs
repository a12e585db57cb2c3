using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using SiteGen.Common;
using Microsoft.Win32.SafeHandles;
using SiteGen.Content;

namespace SiteGen.Validation;

/// <summary>Each referat file's check (<see cref="FileCheck"/>) kept between builds in <c>&lt;cache&gt;/checks.bin</c>,
/// so that an incremental build neither parses nor checks the files that did not change. An entry is used only when
/// everything the check depends on is the same: the file's path and bytes (SHA-256; the bytes are not read again
/// while the file's stamp is the one kept with the hash, as git's index does: <see cref="FileStamp"/>,
/// <see cref="StampMargin"/>), the attachment files it looked up (looked up again, same answer), and a context hash
/// of everything else (the generator's build, site.yml's bytes and the config read from it, the input folder, the
/// working directory shown in messages, the culture and the time zone rules). Cross-file rules (duplicates) run on
/// every build. The file holds closed content: the cache folder is never published.
/// <para>Layout: header (magic, format, context), the index (per file: path, hash, stamp, attachments, where its
/// check's bytes are and their SHA-256) with its SHA-256, then the checks' bytes, each read only when used.</para>
/// <para>Any doubt means the file is checked again: a cache file that is missing, not a regular file, of another
/// format or context, truncated or with an altered index (SHA-256), a check whose bytes are altered (their SHA-256,
/// kept in the index), or one that cannot be read back.</para>
/// <para>The SHA-256 of a check's bytes, verified on every read, is also the referat's
/// <see cref="Referat.Fingerprint"/>: the output units' keys name an unchanged meeting by it instead of walking its
/// public model (<c>OutputUnits</c>).</para></summary>
internal sealed class CheckStore
{
    public const string FileName = "checks.bin";

    /// <summary>Raised whenever the layout below or what a check depends on changes.</summary>
    private const int Format = 4;

    /// <summary>A file whose modification or change time is this close to the start of the run (or later) is not
    /// stamped: a second edit within the same tick of the file system's clock (FAT: 2 s; ext4, tmpfs: a kernel
    /// tick) could leave the same stamp on other bytes ("racy git"). It is read and hashed until it is older.</summary>
    public static readonly TimeSpan StampMargin = TimeSpan.FromSeconds(3);

    /// <summary>Entries that gained a stamp this run (read, found unchanged, now old enough) before the file is
    /// rewritten for their sake alone: fewer cost a few reads per build, a rewrite costs all of the file.</summary>
    private const int RestampAtLeast = 32;

    /// <summary>Files whose bytes changed since their entry was written, checked afresh this run, before the file is
    /// rewritten for their sake alone (nothing else changed): below this, their old entries are left as they are and
    /// the files checked afresh again next time (a few ms each), instead of writing all of the file (≈ 200 MB at
    /// 10,000 meetings, 0.15–0.3 s of a one-edit build: docs/perf-notes-s9-load.md). An old entry never answers for
    /// the new bytes: its hash and stamp are those of the old ones.</summary>
    internal const int RewriteAtEdits = 8;

    private static readonly byte[] Magic = "SGCHECKS"u8.ToArray();
    private const int HashBytes = 32;
    private const int HeaderBytes = 8 + 4 + HashBytes;

    /// <summary>A larger check is not stored (a forged index cannot make a run allocate more for one entry).
    /// </summary>
    private const int MaxPayloadBytes = 64 * 1024 * 1024;

    /// <param name="Hash">SHA-256 of the file's bytes</param>
    /// <param name="Stamp">the file's stamp when <paramref name="Hash"/> was taken, if it was old enough to be trusted
    /// (<see cref="StampMargin"/>): while the file has the very same stamp, it is not read again</param>
    /// <param name="Payload">the check, as <see cref="CheckCodec"/> wrote it (read and decoded only when used)
    /// </param>
    private sealed record Entry(byte[] Hash, FileStamp? Stamp, AttachmentLookup[] Attachments, Payload Payload);

    /// <summary>Where a check's bytes are: at <paramref name="Offset"/> in <paramref name="Spilled"/> when made this
    /// run (a clean build's checks are written out as they are made, not held until <see cref="Save"/>: 2 GB at
    /// 100,000 meetings), else at <paramref name="Offset"/> in the loaded file (read when used: the file is not
    /// read into memory as a whole, hundreds of MB at 10,000 meetings). <paramref name="Sha"/>: SHA-256 of the bytes,
    /// checked on every read (a forged one is refused there, so a fingerprint is always that of the bytes decoded).
    /// </summary>
    private sealed record Payload(TextStore? Spilled, long Offset, int Length, byte[] Sha);

    private readonly string _dir;
    private readonly byte[] _context;
    private readonly IReadOnlyDictionary<string, Entry> _known;
    private readonly SafeFileHandle? _file; // the loaded file
    // The loaded file as a read-only text store, which owns its handle: a decoded check's section texts are left
    // where they lie in it (CheckCodec.Decode, inPlace) instead of being copied into the run's text store (≈ 160 MB
    // written per one-edit build at 10,000 meetings). The handle stays open while any of those texts lives; Save
    // replaces the file by a rename, so the bytes the handle reads are those verified when each check was read.
    private TextStore? _loaded; // made by the first decode (it needs the run's store, RunContext.Text)
    private readonly Lock _loadedGate = new();
    private readonly TextStore _spill; // the checks made this run, until Save (an unlinked file in the folder)
    private readonly ConcurrentDictionary<string, Entry> _next;
    private readonly long _stampBefore;
    private int _hits, _misses, _stamped, _restamped, _edited;

    private CheckStore(string dir, byte[] context, IReadOnlyDictionary<string, Entry> known, SafeFileHandle? file,
        long stampBefore) => (_dir, _context, _known, _file, _stampBefore, _spill, _next) =
        (dir, context, known, file, stampBefore, new TextStore(dir),
            // Sized for the loaded entries: grown while every core adds to it, it was locked whole at each growth.
            new(Environment.ProcessorCount, Math.Max(31, known.Count), StringComparer.Ordinal));

    /// <summary>Files whose check was taken from the cache, and files checked (and stored) this run.</summary>
    public int Hits => _hits;
    public int Misses => _misses;

    /// <summary>Hits taken on the file's stamp alone, without reading the file.</summary>
    public int Stamped => _stamped;

    /// <summary>The bytes of the checks kept from the previous build (what a run may decode).</summary>
    public long StoredBytes => _known.Values.Sum(e => (long)e.Payload.Length);

    /// <summary>Whether the previous build's cache could be used at all.</summary>
    public bool Loaded => _known.Count > 0;

    /// <param name="clean">start empty (<c>--clean</c>): the file is written afresh</param>
    /// <param name="stampMargin">see <see cref="StampMargin"/> (tests: a negative one stamps files just written)
    /// </param>
    public static CheckStore Open(string cacheDir, bool clean, string inputFull, string sitePath, SiteConfig? config,
        TimeSpan stampMargin)
    {
        // Taken before any file is read: a file changed after this gets a later time than any stamp kept.
        var stampBefore = DateTimeOffset.UtcNow.Add(-stampMargin).ToUnixTimeSeconds();
        var context = Context(inputFull, sitePath, config);
        var (known, file) = clean ? default
            : StepLog.Step("checks load", () => Load(Path.Combine(cacheDir, FileName), context));
        return new CheckStore(cacheDir, context, known ?? new Dictionary<string, Entry>(), file, stampBefore);
    }

    /// <summary>The check of <paramref name="file"/>: the stored one when it still holds, else made now (and kept
    /// for the next build). Thread-safe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    public FileCheck Check(string file, RunContext ctx)
    {
        var key = Path.GetRelativePath(ctx.InputDirFull, file).Replace('\\', '/');
        _known.TryGetValue(key, out var entry);
        // The same stamp as when the stored hash was taken: the same bytes, not read again (as git's index). The
        // folders on the way were found to be folders, not links, by the walk that listed the file.
        var before = InputFiles.Stamp(file);
        if (entry is not null && before is { } stamp && entry.Stamp == stamp && stamp.Size <= InputFiles.MaxReferatBytes
            && Hit(key, entry, entry, file, ctx, SourceVersion.Of(file, stamp.ModifiedTicks, entry.Hash)) is { } known)
        {
            Interlocked.Increment(ref _stamped);
            StepLog.Count("checks stamped");
            return known;
        }
        // Read as the check reads it (no link, no pipe, bounded); a refused file is left to the check to report.
        var (bytes, _) = StepLog.Step("checks read", () => InputFiles.Read(ctx.InputDirFull, file,
            InputFiles.MaxReferatBytes));
        if (bytes is null) return ReferatValidator.Check(file, ctx);
        var hash = SHA256.HashData(bytes);
        // Stamped only when the file did not change while it was read and is older than the margin.
        var after = InputFiles.Stamp(file);
        var trusted = before is { } b && b == after && b.Before(_stampBefore) ? before : null;
        if (entry is not null && hash.AsSpan().SequenceEqual(entry.Hash))
        {
            var version = SourceVersion.Of(file, trusted?.ModifiedTicks ?? File.GetLastWriteTimeUtc(file).Ticks, hash);
            if (Hit(key, entry, entry with { Stamp = trusted }, file, ctx, version) is { } stored)
            {
                if (trusted is not null && entry.Stamp != trusted) Interlocked.Increment(ref _restamped);
                return stored;
            }
        }
        Interlocked.Increment(ref _misses);
        if (entry is not null && !hash.AsSpan().SequenceEqual(entry.Hash)) Interlocked.Increment(ref _edited);
        StepLog.Count("checks made");
        var check = ReferatValidator.Check(file, ctx, bytes);
        StepLog.Step("checks encode", () =>
        {
            try
            {
                var encoded = CheckCodec.Encode(check);
                if (encoded.Length > MaxPayloadBytes) return;
                var sha = SHA256.HashData(encoded);
                _next[key] = new Entry(hash, trusted, [.. check.Attachments],
                    new Payload(_spill, _spill.Append(encoded), encoded.Length, sha));
                // Only a stored check has a fingerprint: one that is not stored is made afresh, without one, next
                // time too (its units' keys walk the model then).
                check = WithFingerprint(check, sha);
            }
            catch (EncoderFallbackException)
            {
                // Text that is not valid Unicode cannot be written back exactly: not stored, checked again next time.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // No room to keep it until Save (disk full): not stored, checked again next time.
            }
        });
        return check;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    private FileCheck? Hit(string key, Entry entry, Entry next, string file, RunContext ctx, SourceVersion version)
    {
        if (!StepLog.Step("checks holds", () => Holds(entry, ctx))) return null;
        if (StepLog.Step("checks decode", () => Decode(entry, version, ctx)) is not { } stored) return null;
        _next[key] = next;
        Interlocked.Increment(ref _hits);
        StepLog.Count("checks reused");
        return stored;
    }

    /// <summary>Writes this run's entries when they differ from the loaded ones (beyond a few edited files' and new
    /// stamps, see <see cref="RewriteAtEdits"/> and <see cref="RestampAtLeast"/>): to a temporary file, then renamed
    /// over <see cref="FileName"/>, so a build that stops half-way leaves the old file or none. Called after
    /// validation rather than after the whole build: an entry is right whatever the later stages do (it depends
    /// only on what its key covers), and a build that stops on one bad file keeps the work done on all the others.
    /// A cache that cannot be written (read-only, a folder in the way) is not an error: the next build checks
    /// everything.</summary>
    public void Save()
    {
        StepLog.Step("checks save", () => Write());
        // Once a check is decoded the loaded file is not closed here: its texts are read from it (its store closes
        // it).
        lock (_loadedGate)
            if (_loaded is null) _file?.Dispose();
        _spill.Dispose();
    }

    private bool Write()
    {
        // No file added or deleted, no entry refused (attachments changed, bytes altered: refused again each run until
        // written), a few files edited at most, (almost) no new stamps.
        if (_misses == _edited && _edited < RewriteAtEdits && _next.Count == _known.Count
            && _restamped < RestampAtLeast) return false;
        var temp = Path.Combine(_dir, $"{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(_dir);
            var entries = _next.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
            // The index (everything but the checks' bytes, with each one's place after it), then the checks.
            using var index = new MemoryStream();
            using (var w = new BinaryWriter(index, CheckCodec.Utf8, leaveOpen: true))
            {
                w.Write7BitEncodedInt(entries.Count);
                long offset = 0;
                foreach (var (key, entry) in entries)
                {
                    Write(w, key, entry, offset);
                    offset += entry.Payload.Length;
                }
            }
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                file.Write(Magic);
                file.Write(BitConverter.GetBytes(Format));
                file.Write(_context);
                file.Write(BitConverter.GetBytes(index.Length));
                file.Write(index.GetBuffer().AsSpan(0, (int)index.Length));
                file.Write(SHA256.HashData(index.GetBuffer().AsSpan(0, (int)index.Length)));
                Copy(file, entries.Select(e => e.Value.Payload));
            }
            File.Move(temp, Path.Combine(_dir, FileName), overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EncoderFallbackException
                                       or FormatException) // the loaded file changed under this run: not copied
        {
            try { File.Delete(temp); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            return false;
        }
    }

    /// <summary>The checks' bytes, copied from the loaded file or the spill as they lie there: neighbours in one read
    /// and write (the loaded file's unchanged entries are in the same order), not checked again (each was checked
    /// when it was read this run, or made this run; whatever the copy gets wrong, the next run's check of its
    /// SHA-256 refuses).</summary>
    private void Copy(FileStream into, IEnumerable<Payload> payloads)
    {
        const int MaxRun = 4 << 20;
        var buffer = new byte[MaxRun];
        (TextStore? Spilled, long Offset, int Length) run = default;
        void Flush()
        {
            if (run.Length == 0) return;
            var span = buffer.AsSpan(0, run.Length);
            if (run.Spilled is { } spill) spill.ReadAt(run.Offset, span);
            else if (!FileBytes.ReadAt(_file!, span, run.Offset)) throw new FormatException("truncated");
            into.Write(span);
            run = default;
        }
        foreach (var p in payloads)
        {
            if (run.Length > 0 && (run.Spilled != p.Spilled || run.Offset + run.Length != p.Offset
                                   || run.Length + p.Length > MaxRun)) Flush();
            if (p.Length > MaxRun)
            {
                var big = Array.Empty<byte>();
                into.Write(Read(p, ref big));
                continue;
            }
            run = run.Length == 0 ? (p.Spilled, p.Offset, p.Length) : (run.Spilled, run.Offset, run.Length + p.Length);
        }
        Flush();
    }

    private static void Write(BinaryWriter w, string key, Entry entry, long offset)
    {
        w.Write(key);
        w.Write(entry.Hash);
        w.Write(entry.Stamp is not null);
        if (entry.Stamp is { } s)
        {
            w.Write(s.Size);
            w.Write(s.Inode);
            w.Write(s.Device);
            w.Write(s.ModifiedSeconds);
            w.Write(s.ModifiedNanoseconds);
            w.Write(s.ChangedSeconds);
            w.Write(s.ChangedNanoseconds);
        }
        w.Write7BitEncodedInt(entry.Attachments.Length);
        foreach (var a in entry.Attachments)
        {
            w.Write(a.Full);
            w.Write(a.Outcome is not null);
            if (a.Outcome is not { } o) continue;
            w.Write((int)o.Problem);
            w.Write(o.At);
            w.Write(o.Detail);
        }
        w.Write(offset);
        w.Write(entry.Payload.Length);
        w.Write(entry.Payload.Sha);
    }

    /// <summary>The bytes of an entry's check (in the loaded file, or in the spill when made this run), read into
    /// <paramref name="buffer"/> (grown when needed, reused); <see cref="FormatException"/> when the file no longer
    /// holds them (changed, truncated since it was loaded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    private ReadOnlySpan<byte> Read(Payload p, ref byte[] buffer)
    {
        if (buffer.Length < p.Length) buffer = new byte[Math.Max(p.Length, Math.Min(2 * buffer.Length, MaxPayloadBytes))];
        var span = buffer.AsSpan(0, p.Length);
        if (p.Spilled is { } spill) spill.ReadAt(p.Offset, span);
        else if (!FileBytes.ReadAt(_file!, span, p.Offset)) throw new FormatException("truncated");
        // SHA-256 rather than a CRC: it is the check's fingerprint too, so it must name these very bytes (a stored
        // value that does not is refused here, whoever wrote it). With the processor's SHA instructions ≈ 0.1 s per
        // 200 MB.
        Span<byte> sha = stackalloc byte[HashBytes];
        SHA256.HashData(span, sha);
        if (!sha.SequenceEqual(p.Sha)) throw new FormatException("altered");
        return span;
    }

    /// <summary><paramref name="check"/> with its referat's fingerprint: the SHA-256 of its stored bytes.</summary>
    private static FileCheck WithFingerprint(FileCheck check, byte[] sha) => check.Referat is { } referat
        ? check with { Referat = referat with { Fingerprint = Convert.ToHexStringLower(sha) } }
        : check;

    /// <summary>The entries of the cache file's index with the file left open for their checks, or nulls when it
    /// cannot be trusted as a whole. Only the header is read before the context is known to match, so a large file
    /// of another kind costs nothing; the index is checked by its SHA-256, each check by its own SHA-256 when it is read.
    /// </summary>
    private static (Dictionary<string, Entry>?, SafeFileHandle?) Load(string path, byte[] context)
    {
        SafeFileHandle? file = null;
        try
        {
            if (InputFiles.Kind(path) != FileKind.Regular) return default; // missing, a link, a folder, a pipe
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            var length = RandomAccess.GetLength(file);
            var header = new byte[HeaderBytes + 8];
            if (length < header.Length + HashBytes || RandomAccess.Read(file, header, 0) != header.Length
                || !header.AsSpan(0, 8).SequenceEqual(Magic)
                || BitConverter.ToInt32(header, 8) != Format
                || !header.AsSpan(12, HashBytes).SequenceEqual(context)) return Fail();
            var indexLength = BitConverter.ToInt64(header, HeaderBytes);
            if (indexLength < 1 || indexLength > length - header.Length - HashBytes || indexLength > Array.MaxLength)
                return Fail();
            var index = new byte[indexLength + HashBytes];
            if (RandomAccess.Read(file, index, header.Length) != index.Length) return Fail();
            var body = (int)indexLength;
            if (!SHA256.HashData(index.AsSpan(0, body)).AsSpan().SequenceEqual(index.AsSpan(body))) return Fail();
            var start = header.Length + index.Length;
            return (StepLog.Step("checks load index", () => Entries(index.AsMemory(0, body), start, length - start)),
                file);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Fail(); // unreadable, changed while read, or not what it claims: check everything
        }

        (Dictionary<string, Entry>?, SafeFileHandle?) Fail()
        {
            file?.Dispose();
            return default;
        }
    }

    /// <param name="start">where the checks' bytes start in the file</param>
    /// <param name="room">how many bytes follow there</param>
    private static Dictionary<string, Entry> Entries(ReadOnlyMemory<byte> index, long start, long room)
    {
        var r = new ByteReader(index);
        var count = r.Count();
        var entries = new Dictionary<string, Entry>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = r.String();
            var hash = r.Slice(HashBytes).ToArray();
            FileStamp? stamp = r.Bool()
                ? new FileStamp(r.Long(), (ulong)r.Long(), (ulong)r.Long(), r.Long(), (uint)r.Int(), r.Long(),
                    (uint)r.Int())
                : null;
            var attachments = new AttachmentLookup[r.Count()];
            for (var a = 0; a < attachments.Length; a++)
            {
                var full = r.String();
                Refusal? outcome = null;
                if (r.Bool())
                {
                    var problem = (InputProblem)r.Int();
                    if (!Enum.IsDefined(problem)) throw new FormatException("bad problem");
                    outcome = new Refusal(problem, r.String(), r.String());
                }
                attachments[a] = new AttachmentLookup(full, outcome);
            }
            var (offset, length) = (r.Long(), r.Int());
            var sha = r.Slice(HashBytes).ToArray();
            if (offset < 0 || length < 0 || length > MaxPayloadBytes || offset > room - length)
                throw new FormatException("bad place");
            var payload = new Payload(null, start + offset, length, sha);
            if (!entries.TryAdd(key, new Entry(hash, stamp, attachments, payload))) throw new FormatException("twice");
        }
        r.End();
        return entries;
    }

    /// <summary>Whether every attachment file the stored check looked up gives the same answer now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    private static bool Holds(Entry entry, RunContext ctx)
    {
        var root = Path.TrimEndingDirectorySeparator(ctx.InputDirFull);
        foreach (var a in entry.Attachments)
            if (InputFiles.Check(root, a.Full, InputFiles.MaxAttachmentBytes) != a.Outcome) return false;
        return true;
    }

    /// <summary>One buffer per thread for the checks read from the loaded file (decoded at once, then reused).
    /// </summary>
    [ThreadStatic] private static byte[]? _buffer;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    private FileCheck? Decode(Entry entry, SourceVersion version, RunContext ctx)
    {
        try
        {
            var p = entry.Payload;
            ReadOnlyMemory<byte> bytes;
            var buffer = _buffer ?? [];
            var length = Read(p, ref buffer).Length;
            _buffer = buffer;
            bytes = buffer.AsMemory(0, length);
            // The texts are left in the loaded file, at the place of the bytes just verified.
            var check = CheckCodec.Decode(bytes, ctx.Config, entry.Attachments, ctx.Text,
                p.Spilled is null ? LoadedTexts(ctx) : null, p.Offset);
            // The version holds the file's write time, which a cached check must not freeze. The fingerprint is the
            // hash the bytes were just verified against.
            return check.Referat is { } referat
                ? check with { Referat = referat with { Version = version, Fingerprint = Convert.ToHexStringLower(p.Sha) } }
                : check;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null; // altered in a way the checksum did not catch: check the file itself
        }
    }

    /// <summary>The loaded file as a read-only text store (see <see cref="_loaded"/>).</summary>
    private TextStore LoadedTexts(RunContext ctx)
    {
        if (Volatile.Read(ref _loaded) is { } loaded) return loaded; // made: no lock per check
        lock (_loadedGate) return _loaded ??= TextStore.Over(_file!, ctx.Text);
    }

    /// <summary>Everything besides the file and its attachments that a file's check reads: see the class summary.
    /// </summary>
    internal static byte[] Context(string inputFull, string sitePath, SiteConfig? config)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(ReadOnlySpan<byte> part)
        {
            hash.AppendData(BitConverter.GetBytes(part.Length));
            hash.AppendData(part);
        }
        Add(Encoding.UTF8.GetBytes(string.Join('\n', $"format {Format}", GeneratorBuild.Identity,
            Environment.CurrentDirectory, inputFull, CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name,
            Danish.Copenhagen.ToSerializedString())));
        var (site, refusal) = InputFiles.Read(inputFull, sitePath, InputFiles.MaxTextBytes);
        Add(site ?? Encoding.UTF8.GetBytes($"(no site.yml: {refusal})"));
        Add(CheckCodec.EncodeConfig(config));
        return hash.GetHashAndReset();
    }
}

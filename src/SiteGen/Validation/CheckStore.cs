using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SiteGen.Common;
using SiteGen.Content;

namespace SiteGen.Validation;

/// <summary>Each referat file's check (<see cref="FileCheck"/>) kept between builds in <c>&lt;cache&gt;/checks.bin</c>,
/// so that an incremental build neither parses nor checks the files that did not change. An entry is used only when
/// everything the check depends on is the same: the file's path and bytes (SHA-256, not its write time: a git
/// checkout resets those), the attachment files it looked up (looked up again, same answer), and a context hash of
/// everything else (the generator's build, site.yml's bytes and the config read from it, the input folder, the
/// working directory shown in messages, the culture and the time zone rules). Cross-file rules (duplicates) run on
/// every build. The file holds closed content: the cache folder is never published.
/// <para>Any doubt means the file is checked again: a cache file that is missing, not a regular file, of another
/// format or context, truncated or altered (SHA-256 trailer), or an entry that cannot be read back.</para></summary>
internal sealed class CheckStore
{
    public const string FileName = "checks.bin";

    /// <summary>Raised whenever the layout below or what a check depends on changes.</summary>
    private const int Format = 2;

    /// <summary>A file whose modification or change time is this close to the start of the run (or later) is not
    /// stamped: a second edit within the same tick of the file system's clock (FAT: 2 s; ext4, tmpfs: a kernel
    /// tick) could leave the same stamp on other bytes ("racy git"). It is read and hashed until it is older.</summary>
    public static readonly TimeSpan StampMargin = TimeSpan.FromSeconds(3);

    /// <summary>Entries that gained a stamp this run (read, found unchanged, now old enough) before the file is
    /// rewritten for their sake alone: fewer cost a few reads per build, a rewrite costs all of the file.</summary>
    private const int RestampAtLeast = 32;

    private static readonly byte[] Magic = "SGCHECKS"u8.ToArray();
    private const int HashBytes = 32;
    private const int HeaderBytes = 8 + 4 + HashBytes;

    /// <param name="Hash">SHA-256 of the file's bytes</param>
    /// <param name="Stamp">the file's stamp when <paramref name="Hash"/> was taken, if it was old enough to be trusted
    /// (<see cref="StampMargin"/>): while the file has the very same stamp, it is not read again</param>
    /// <param name="Payload">the check, as <see cref="CheckCodec"/> wrote it (decoded only when used)</param>
    private sealed record Entry(byte[] Hash, FileStamp? Stamp, AttachmentLookup[] Attachments,
        ReadOnlyMemory<byte> Payload);

    private readonly string _dir;
    private readonly byte[] _context;
    private readonly IReadOnlyDictionary<string, Entry> _known;
    private readonly ConcurrentDictionary<string, Entry> _next = new(StringComparer.Ordinal);
    private readonly long _stampBefore;
    private int _hits, _misses, _stamped, _restamped;

    private CheckStore(string dir, byte[] context, IReadOnlyDictionary<string, Entry> known, long stampBefore) =>
        (_dir, _context, _known, _stampBefore) = (dir, context, known, stampBefore);

    /// <summary>Files whose check was taken from the cache, and files checked (and stored) this run.</summary>
    public int Hits => _hits;
    public int Misses => _misses;

    /// <summary>Hits taken on the file's stamp alone, without reading the file.</summary>
    public int Stamped => _stamped;

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
        var known = clean ? null : StepLog.Step("checks load", () => Load(Path.Combine(cacheDir, FileName), context));
        return new CheckStore(cacheDir, context, known ?? new Dictionary<string, Entry>(), stampBefore);
    }

    /// <summary>The check of <paramref name="file"/>: the stored one when it still holds, else made now (and kept
    /// for the next build). Thread-safe.</summary>
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
        StepLog.Count("checks made");
        var check = ReferatValidator.Check(file, ctx, bytes);
        StepLog.Step("checks encode", () =>
        {
            try
            {
                _next[key] = new Entry(hash, trusted, [.. check.Attachments], CheckCodec.Encode(check));
            }
            catch (EncoderFallbackException)
            {
                // Text that is not valid Unicode cannot be written back exactly: not stored, checked again next time.
            }
        });
        return check;
    }

    private FileCheck? Hit(string key, Entry entry, Entry next, string file, RunContext ctx, SourceVersion version)
    {
        if (!StepLog.Step("checks holds", () => Holds(entry, ctx))) return null;
        if (StepLog.Step("checks decode", () => Decode(entry, version, ctx)) is not { } stored) return null;
        _next[key] = next;
        Interlocked.Increment(ref _hits);
        StepLog.Count("checks reused");
        return stored;
    }

    /// <summary>Writes this run's entries when they differ from the loaded ones: to a temporary file, then renamed
    /// over <see cref="FileName"/>, so a build that stops half-way leaves the old file or none. Called after
    /// validation rather than after the whole build: an entry is right whatever the later stages do (it depends
    /// only on what its key covers), and a build that stops on one bad file keeps the work done on all the others.
    /// A cache that cannot be written (read-only, a folder in the way) is not an error: the next build checks
    /// everything.</summary>
    public void Save() => StepLog.Step("checks save", () => Write());

    private bool Write()
    {
        // Nothing changed, nothing deleted, (almost) no new stamps.
        if (_misses == 0 && _next.Count == _known.Count && _restamped < RestampAtLeast) return false;
        var temp = Path.Combine(_dir, $"{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(_dir);
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var hashing = new HashingStream(file);
                using (var w = new BinaryWriter(hashing, CheckCodec.Utf8, leaveOpen: true))
                {
                    w.Write(Magic);
                    w.Write(Format);
                    w.Write(_context);
                    w.Write7BitEncodedInt(_next.Count);
                    foreach (var (key, entry) in _next.OrderBy(e => e.Key, StringComparer.Ordinal))
                        Write(w, key, entry);
                }
                file.Write(hashing.Hash());
            }
            File.Move(temp, Path.Combine(_dir, FileName), overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EncoderFallbackException)
        {
            try { File.Delete(temp); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            return false;
        }
    }

    private static void Write(BinaryWriter w, string key, Entry entry)
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
        w.Write7BitEncodedInt(entry.Payload.Length);
        w.Write(entry.Payload.Span);
    }

    /// <summary>The entries of the cache file, or null when it cannot be trusted as a whole. Only the header is
    /// read before the context is known to match, so a large file of another kind costs nothing.</summary>
    private static Dictionary<string, Entry>? Load(string path, byte[] context)
    {
        try
        {
            if (InputFiles.Kind(path) != FileKind.Regular) return null; // missing, a link, a folder, a pipe
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1,
                FileOptions.SequentialScan);
            var length = stream.Length;
            if (length < HeaderBytes + 1 + HashBytes || length > Array.MaxLength) return null;
            var header = new byte[HeaderBytes];
            stream.ReadExactly(header);
            if (!header.AsSpan(0, 8).SequenceEqual(Magic)
                || BitConverter.ToInt32(header, 8) != Format
                || !header.AsSpan(12).SequenceEqual(context)) return null;
            var bytes = new byte[length];
            header.CopyTo(bytes, 0);
            stream.ReadExactly(bytes.AsSpan(HeaderBytes));
            var body = (int)length - HashBytes;
            if (!SHA256.HashData(bytes.AsSpan(0, body)).AsSpan().SequenceEqual(bytes.AsSpan(body))) return null;
            return Entries(bytes, body);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null; // unreadable, changed while read, or not what it claims: check everything
        }
    }

    private static Dictionary<string, Entry> Entries(byte[] bytes, int body)
    {
        var r = new ByteReader(bytes.AsMemory(0, body)) { Position = HeaderBytes };
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
            var payload = r.Slice(r.Count());
            if (!entries.TryAdd(key, new Entry(hash, stamp, attachments, payload))) throw new FormatException("twice");
        }
        r.End();
        return entries;
    }

    /// <summary>Whether every attachment file the stored check looked up gives the same answer now.</summary>
    private static bool Holds(Entry entry, RunContext ctx)
    {
        var root = Path.TrimEndingDirectorySeparator(ctx.InputDirFull);
        foreach (var a in entry.Attachments)
            if (InputFiles.Check(root, a.Full, InputFiles.MaxAttachmentBytes) != a.Outcome) return false;
        return true;
    }

    private static FileCheck? Decode(Entry entry, SourceVersion version, RunContext ctx)
    {
        try
        {
            var check = CheckCodec.Decode(entry.Payload, ctx.Config, entry.Attachments);
            // The version holds the file's write time, which a cached check must not freeze.
            return check.Referat is { } referat ? check with { Referat = referat with { Version = version } } : check;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null; // altered in a way the checksum did not catch: check the file itself
        }
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


    /// <summary>Passes bytes on to a stream and hashes them on the way (the cache file's trailer).</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Hash() => _hash.GetHashAndReset();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace SiteGen.Common;

/// <summary>An append-only file of bytes outside the managed heap: the sections' text of a build (the text of
/// 100,000 meetings is ≈ 3 GB as strings) and the checks a clean build makes for the cache. The file is created
/// (mode 0600) in the given folder (the build's cache folder, which already holds closed text in checks.bin; never
/// the input or the output) or else the system's temp folder, and unlinked at once: nothing is left behind, even
/// when the build is killed, and the kernel's page cache keeps it fast without counting in the process's memory.
/// Appends and reads are thread-safe (positional reads and writes; an append only reserves its place atomically).
/// The file lives as long as this object: until <see cref="Dispose"/>, or until no <see cref="StoredText"/> points
/// into it and it is collected (serve keeps models, and so their stores, across builds).</summary>
public sealed class TextStore : IDisposable
{
    /// <summary>Strict: invalid UTF-8 throws (a stored text is read back exactly as it was written).</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string? _folder;
    private readonly Lock _gate = new();
    private FileStream? _file;
    // Taken once: FileStream.SafeFileHandle seeks the descriptor to the stream's position on every call (an lseek
    // per decoded check and per text read; the store only ever reads and writes at explicit offsets).
    private SafeFileHandle? _handle;
    private long _end;
    private bool _disposed;
    private readonly TextStore? _writable; // set for a read-only store only (Over)

    /// <param name="folder">where the file is made; the system's temp folder when null or not writable</param>
    public TextStore(string? folder = null) => _folder = folder;

    private TextStore(SafeFileHandle file, TextStore writable) => (_handle, _writable) = (file, writable);

    private bool ReadOnly => _writable is not null;

    /// <summary>A read-only store over a file that already holds texts where they lie (the check cache's file,
    /// <c>CheckStore</c>): its texts are made by <see cref="At"/>, nothing is ever written to it; what is made from
    /// them and kept beside them goes to <paramref name="writable"/> (<see cref="Writable"/>). The store owns the
    /// handle: it is closed on <see cref="Dispose"/>, or when the store and its texts are collected. The file must
    /// not change while the store is used (the check cache's file is replaced by a rename, never written in place:
    /// the open handle keeps the bytes it was opened with).</summary>
    internal static TextStore Over(SafeFileHandle file, TextStore writable) => new(file, writable);

    /// <summary>Where what is made from this store's texts may be kept (<c>RenderedText</c>): the store itself, or
    /// for a read-only store (<see cref="Over"/>) the store it was given.</summary>
    internal TextStore Writable => _writable ?? this;

    /// <summary>The text whose UTF-8 bytes, <paramref name="utf8"/>, lie at <paramref name="offset"/> in this
    /// read-only store's file (<see cref="Over"/>); <see cref="FormatException"/> when they are not valid UTF-8.
    /// Nothing is copied; its hash is made when first asked, from the file.</summary>
    internal StoredText At(long offset, ReadOnlySpan<byte> utf8)
    {
        if (!ReadOnly)
            throw new InvalidOperationException("Kun et skrivebeskyttet tekstlager har tekster, hvor de ligger.");
        if (utf8.IsEmpty) return StoredText.Empty;
        int chars;
        try { chars = Utf8.GetCharCount(utf8); }
        catch (DecoderFallbackException) { throw new FormatException("not UTF-8"); }
        return new StoredText(this, offset, utf8.Length, chars, utf16: false, hash: null);
    }

    /// <summary>For texts made outside a build (tests, tools): one per process, in the temp folder.</summary>
    public static TextStore Shared { get; } = new();

    /// <summary>Bytes appended (or reserved by a <see cref="Batch"/>) so far.</summary>
    public long Bytes => Interlocked.Read(ref _end);

    /// <summary>Stores <paramref name="text"/>: as UTF-8, or as UTF-16 when it is not valid Unicode (a lone
    /// surrogate), so that <see cref="StoredText.Read"/> gives back exactly this string.</summary>
    public StoredText Add(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return StoredText.Empty;
        int count;
        try { count = Utf8.GetByteCount(text); }
        catch (EncoderFallbackException)
        {
            var raw = MemoryMarshal.AsBytes(text);
            return new StoredText(this, Append(raw), raw.Length, text.Length, utf16: true, Digest(raw));
        }
        var rented = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            var bytes = rented.AsSpan(0, Utf8.GetBytes(text, rented));
            return new StoredText(this, Append(bytes), bytes.Length, text.Length, utf16: false, Digest(bytes));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Stores text given as UTF-8 (e.g. straight from the check cache), without making a string of it;
    /// <see cref="FormatException"/> when the bytes are not valid UTF-8.</summary>
    public StoredText AddUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return StoredText.Empty;
        int chars;
        try { chars = Utf8.GetCharCount(utf8); }
        catch (DecoderFallbackException) { throw new FormatException("not UTF-8"); }
        return new StoredText(this, Append(utf8), utf8.Length, chars, utf16: false, Digest(utf8));
    }

    /// <summary>A place for texts of at most <paramref name="capacity"/> bytes in all, written with one write on
    /// <see cref="Batch.Commit"/> instead of one per text (a decoded check holds hundreds of sections: one write
    /// each was most of the decoding's CPU at 10,000 meetings). Nothing is written until then.</summary>
    internal Batch Begin(int capacity) => new(this, capacity);

    /// <summary>Texts gathered for one write (<see cref="Begin"/>). Its texts may be read only after
    /// <see cref="Commit"/>; a batch given up (not committed) leaves an unwritten hole that no text points into
    /// that anyone keeps.</summary>
    internal sealed class Batch : IDisposable
    {
        private readonly TextStore _store;
        private readonly long _start;
        private byte[]? _buffer;
        private int _used;

        internal Batch(TextStore store, int capacity)
        {
            _store = store;
            store.Handle(); // created (or refused) now, not at the commit
            _start = Interlocked.Add(ref store._end, capacity) - capacity;
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
        }

        /// <summary>As <see cref="TextStore.AddUtf8"/>, written on <see cref="Commit"/>.</summary>
        public StoredText AddUtf8(ReadOnlySpan<byte> utf8)
        {
            if (utf8.IsEmpty) return StoredText.Empty;
            var buffer = _buffer ?? throw new ObjectDisposedException(nameof(Batch));
            // More than reserved cannot come from a payload the size of the reservation; kept correct anyway.
            if (utf8.Length > buffer.Length - _used) return _store.AddUtf8(utf8);
            int chars;
            try { chars = Utf8.GetCharCount(utf8); }
            catch (DecoderFallbackException) { throw new FormatException("not UTF-8"); }
            utf8.CopyTo(buffer.AsSpan(_used));
            // Hashed when first asked (a decoded check's texts: the unit keys name an unchanged meeting by its
            // check's fingerprint and never ask; ≈ 0.1 s of SHA-256 per 10,000 meetings saved).
            var text = new StoredText(_store, _start + _used, utf8.Length, chars, utf16: false, hash: null);
            _used += utf8.Length;
            return text;
        }

        /// <summary>Writes the batch's texts (one positional write).</summary>
        public void Commit()
        {
            var buffer = _buffer ?? throw new ObjectDisposedException(nameof(Batch));
            if (_used > 0) RandomAccess.Write(_store.Handle(), buffer.AsSpan(0, _used), _start);
        }

        public void Dispose()
        {
            if (_buffer is { } buffer) ArrayPool<byte>.Shared.Return(buffer);
            _buffer = null;
        }
    }

    /// <summary>Appends <paramref name="bytes"/> and returns where they start. Thread-safe.</summary>
    internal long Append(ReadOnlySpan<byte> bytes)
    {
        var handle = Handle();
        var offset = Interlocked.Add(ref _end, bytes.Length) - bytes.Length;
        RandomAccess.Write(handle, bytes, offset);
        return offset;
    }

    /// <summary>Fills <paramref name="into"/> with the bytes at <paramref name="offset"/>. Thread-safe.</summary>
    internal void ReadAt(long offset, Span<byte> into)
    {
        var handle = _handle ?? throw new ObjectDisposedException(nameof(TextStore));
        if (!FileBytes.ReadAt(handle, into, offset))
            throw new IOException("Tekstlageret er kortere end en tekst, det skulle rumme.");
    }

    /// <summary>The first 16 bytes of the SHA-256 of <paramref name="bytes"/>, as two numbers (no array per text).
    /// </summary>
    internal static (ulong, ulong) Digest(ReadOnlySpan<byte> bytes)
    {
        Span<byte> full = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, full);
        return (BinaryPrimitives.ReadUInt64BigEndian(full), BinaryPrimitives.ReadUInt64BigEndian(full[8..]));
    }

    private SafeFileHandle Handle()
    {
        if (ReadOnly) throw new InvalidOperationException("Tekstlageret er skrivebeskyttet.");
        if (_handle is { } handle) return handle;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _file ??= Create(_folder);
            return _handle ??= _file.SafeFileHandle;
        }
    }

    private static FileStream Create(string? folder)
    {
        IOException? last = null;
        foreach (var dir in new[] { folder, Path.GetTempPath() })
        {
            if (dir is null) continue;
            var path = Path.Combine(dir, $"text.{Guid.NewGuid():N}.tmp");
            try
            {
                Directory.CreateDirectory(dir);
                var options = new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite,
                    Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0,
                    Options = OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None,
                };
                if (!OperatingSystem.IsWindows())
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                var file = new FileStream(path, options);
                if (OperatingSystem.IsWindows()) return file;
                try
                {
                    System.IO.File.Delete(path); // the open handle keeps the file; its name is gone
                    return file;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    file.Dispose();
                    throw new IOException(ex.Message, ex);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                last = ex as IOException ?? new IOException(ex.Message, ex);
            }
        }
        throw last ?? new IOException("No folder for the text store.");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _file?.Dispose();
            if (ReadOnly) _handle?.Dispose();
        }
    }
}

/// <summary>A text kept in a <see cref="TextStore"/>, read back when asked (<see cref="Read"/>). Its public
/// properties are its content hash and length, so a walk of the model's properties (Output's unit keys) hashes the
/// content without reading it; two handles are equal when their content is.</summary>
public sealed class StoredText : IEquatable<StoredText>
{
    /// <summary>The empty text (stored nowhere).</summary>
    public static readonly StoredText Empty = new(null, 0, 0, 0, false, default);

    private readonly TextStore? _store;
    private readonly long _offset;
    private readonly int _bytes;
    private readonly bool _utf16;
    private (ulong High, ulong Low) _hash; // SHA-256 of the stored bytes, the first 16 of its 32 bytes
    private int _hashed; // 1 once _hash is set (made when first asked when not given)

    /// <param name="hash">see <see cref="TextStore.Digest"/>; null: made from the stored bytes when first asked
    /// (they must be written by then)</param>
    internal StoredText(TextStore? store, long offset, int bytes, int length, bool utf16, (ulong, ulong)? hash)
    {
        (_store, _offset, _bytes, Length, _utf16) = (store, offset, bytes, length, utf16);
        if (hash.HasValue || store is null) (_hash, _hashed) = (hash ?? default, 1);
    }

    /// <summary>The content hash's two numbers, made once from the stored bytes when not given. Threads that ask at
    /// once each make the same value.</summary>
    private (ulong High, ulong Low) Digest()
    {
        if (Volatile.Read(ref _hashed) == 1) return _hash;
        var rented = ArrayPool<byte>.Shared.Rent(_bytes);
        try
        {
            var bytes = rented.AsSpan(0, _bytes);
            _store!.ReadAt(_offset, bytes);
            _hash = TextStore.Digest(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        Volatile.Write(ref _hashed, 1);
        return _hash;
    }

    /// <summary>For texts made outside a build (tests, tools): kept in <see cref="TextStore.Shared"/>.</summary>
    public static StoredText Of(string text) => TextStore.Shared.Add(text);

    /// <summary>Its length in UTF-16 code units, as <see cref="string.Length"/>.</summary>
    public int Length { get; }

    /// <summary>The store it is kept in (null for the empty text): what is made from it may be kept beside it.</summary>
    internal TextStore? Store => _store;

    /// <summary>The content hash (hex): equal texts have equal hashes, in every process and build.</summary>
    public string Hash
    {
        get
        {
            var (high, low) = Digest();
            return (_utf16 ? "u" : "") + high.ToString("x16", CultureInfo.InvariantCulture)
                + low.ToString("x16", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The text, read from the store.</summary>
    public string Read()
    {
        if (_bytes == 0) return "";
        var rented = ArrayPool<byte>.Shared.Rent(_bytes);
        try
        {
            var bytes = rented.AsSpan(0, _bytes);
            _store!.ReadAt(_offset, bytes);
            return _utf16 ? new string(MemoryMarshal.Cast<byte, char>(bytes)) : Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes the text as <see cref="BinaryWriter.Write(string)"/> does (7-bit length, then UTF-8), from
    /// the stored bytes when they are UTF-8.</summary>
    internal void WriteTo(BinaryWriter w)
    {
        if (_utf16)
        {
            w.Write(Read()); // not valid Unicode: the writer's encoding decides (a strict one throws)
            return;
        }
        w.Write7BitEncodedInt(_bytes);
        if (_bytes == 0) return;
        var rented = ArrayPool<byte>.Shared.Rent(_bytes);
        try
        {
            var bytes = rented.AsSpan(0, _bytes);
            _store!.ReadAt(_offset, bytes);
            w.Write(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public bool Equals(StoredText? other) => other is not null && (ReferenceEquals(this, other)
        || (Length == other.Length && _utf16 == other._utf16 && Digest() == other.Digest()));

    public override bool Equals(object? obj) => Equals(obj as StoredText);

    public override int GetHashCode() => (int)Digest().Low;

    /// <summary>The text itself, as the string it replaces would print.</summary>
    public override string ToString() => Read();
}

using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Enumeration;
using System.Runtime.InteropServices;
using System.Text;
using SiteGen.Common;

namespace SiteGen.Output;

/// <summary>Writes the site into a staging folder. Every output byte goes through here, so
/// the set of written files is known (for the summary and for checks). Thread-safe.</summary>
/// <param name="files">how many files the build is expected to hold (the table is made that large at once), or 0
/// </param>
public sealed class SiteWriter(string root, int files = 0)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    // A file's size, or for a file recorded as kept (RecordKept) and not written since, its size's complement
    // (negative): Made passes over those without a lookup; and the content hash of a file written from bytes here.
    private readonly ConcurrentDictionary<string, Entry> _files = new(Stripes, Math.Max(files, 31),
        StringComparer.Ordinal);

    private readonly record struct Entry(long Size, ulong Hash = ContentHash.Unknown)
    {
        public static implicit operator Entry(long size) => new(size);

        /// <summary>The file's size, kept or written.</summary>
        public long Length => Size < 0 ? ~Size : Size;
    }
    private readonly ConcurrentDictionary<string, bool> _folders = new(StringComparer.Ordinal); // created already
    private volatile bool _rootMade;
    private int _remembered; // folders added to _folders since it was last cleared (about: a race only clears early)

    public string Root { get; } = Path.GetFullPath(root);

    public IReadOnlyCollection<string> Files => _files.Keys.ToArray();

    /// <summary>The files written (or recorded by <see cref="Rescan"/>) so far, without those recorded by
    /// <see cref="RecordKept"/> and not written since.</summary>
    public IEnumerable<string> Made => _files.Where(kv => kv.Value.Size >= 0).Select(kv => kv.Key);

    /// <summary>The files written or recorded so far, enumerated as they are (no copy of ≈ 3 million paths at
    /// 100,000 meetings); files recorded meanwhile may or may not be seen.</summary>
    public IEnumerable<string> Paths => _files.Select(kv => kv.Key);

    public int Count => _files.Count;

    public long Bytes => _files.Values.Sum(e => e.Length);

    /// <summary>The content hash (<see cref="ContentHash"/>) of a file this writer wrote (bytes, text or a stream) or
    /// kept with its recorded hash, else <see cref="ContentHash.Unknown"/> (copied, recorded by <see cref="RecordKept"/>
    /// without a hash, or by <see cref="Rescan"/>).</summary>
    public ulong HashOf(string relativePath) => Recorded(relativePath).Hash;

    /// <summary>The size and content hash of a file as <see cref="HashOf"/> knows it; (0, unknown) for a file not
    /// recorded.</summary>
    public (long Size, ulong Hash) Recorded(string relativePath) =>
        _files.TryGetValue(relativePath, out var e) ? (e.Length, e.Hash) : (0, ContentHash.Unknown);

    /// <summary>Writes <paramref name="content"/> as UTF-8 to <paramref name="relativePath"/> (forward slashes, no
    /// leading slash).</summary>
    public void WriteText(string relativePath, string content) => WriteText(relativePath, content.AsSpan(), default);

    /// <summary>As <see cref="WriteText(string, string)"/>, from a buffer a renderer reuses (no string of the page is
    /// made).</summary>
    public void WriteText(string relativePath, StringBuilder content) => WriteText(relativePath, default, content);

    private void WriteText(string relativePath, ReadOnlySpan<char> text, StringBuilder? chunks)
    {
        // Encoded into a rented buffer and written with one call: ~16,000 pages would otherwise each allocate
        // their UTF-8 copy (and the garbage collector clear and collect it).
        var length = chunks?.Length ?? text.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(Utf8.GetMaxByteCount(length));
        try
        {
            int n;
            if (chunks is null) n = Utf8.GetBytes(text, buffer);
            else
            {
                var encoder = Utf8.GetEncoder(); // keeps a surrogate pair that spans two chunks together
                n = 0;
                foreach (var chunk in chunks.GetChunks())
                    n += encoder.GetBytes(chunk.Span, buffer.AsSpan(n), flush: false);
                n += encoder.GetBytes([], buffer.AsSpan(n), flush: true);
            }
            Write(relativePath, buffer.AsSpan(0, n));
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    public void WriteBytes(string relativePath, byte[] bytes) => Write(relativePath, bytes);

    /// <summary>Writes a file part by part as <paramref name="write"/> gives it (a whole-archive file: no array of all
    /// its bytes). Written beside the path, then renamed over it: when <paramref name="write"/> fails midway, the
    /// exception goes to the caller and nothing is left at the path nor beside it.</summary>
    public void WriteStream(string relativePath, Action<Stream> write)
    {
        var full = Prepare(relativePath);
        var temp = TempBeside(full);
        try
        {
            long length;
            var hash = new System.IO.Hashing.XxHash3();
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                       StreamBuffer))
            using (var hashing = new HashingStream(stream, hash))
            {
                write(hashing);
                hashing.Flush();
                length = stream.Length;
            }
            File.Move(temp, full, overwrite: true); // never written into: it may be a hard link (see Write)
            _files[relativePath] = new Entry(length, ContentHash.Of(hash));
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private const int StreamBuffer = 256 * 1024;

    // The table's locks: every written file takes one. With one per core (as it was), the render's workers, the
    // feeds' and the data's waited on them for ≈ 40 % of their time at 10,000 meetings; 64 cost ≈ 2 KB.
    private const int Stripes = 64;

    private const int RememberedFolders = 16 * 1024;

    private static string TempBeside(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");

    /// <remarks>Never writes into an existing file: a file of a staging folder may be a hard link shared with the
    /// live output (BuildCache, StaleBuffer), and truncating it would change the published site. A new file is
    /// created; an existing one is replaced by a new file renamed over it.</remarks>
    private void Write(string relativePath, ReadOnlySpan<byte> bytes)
    {
        var full = Prepare(relativePath);
        if (!TryCreate(full, bytes)) Replace(full, bytes);
        _files[relativePath] = new Entry(bytes.Length, ContentHash.Of(bytes));
    }

    private static bool TryCreate(string full, ReadOnlySpan<byte> bytes)
    {
        if (OperatingSystem.IsLinux())
        {
            // open, write, close: .NET's handle also takes an flock, an fstat and (with a size) an fallocate, which
            // for ≈ 300,000 small files at 10,000 meetings is CPU for nothing.
            var fd = Native.Open(full, Native.CreateNewForWrite, Native.NewFileMode);
            if (fd >= 0)
            {
                try { Native.WriteAll(fd, bytes); }
                finally { Native.Close(fd); }
                return true;
            }
            if (Marshal.GetLastPInvokeError() == Native.Exists && InputFiles.Kind(full) == FileKind.Regular)
                return false;
            // Anything else: .NET's open below reports it in its words.
        }
        try
        {
            using var handle = File.OpenHandle(full, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                FileOptions.None, bytes.Length);
            RandomAccess.Write(handle, bytes, 0);
            return true;
        }
        catch (IOException e) when (!DiskFull.Is(e) && InputFiles.Kind(full) == FileKind.Regular)
        {
            return false; // there already; a write cut short by a full disk is not
        }
    }

    /// <summary>Like <see cref="WriteBytes"/>, but a reader never sees a half-written file: written beside it,
    /// then renamed over it (serve rewrites feeds and data in the folder it serves).</summary>
    public void ReplaceBytes(string relativePath, byte[] bytes)
    {
        Replace(Prepare(relativePath), bytes);
        _files[relativePath] = new Entry(bytes.LongLength, ContentHash.Of(bytes));
    }

    private static void Replace(string full, ReadOnlySpan<byte> bytes)
    {
        var temp = TempBeside(full);
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Copies an input file that validation found to be a regular file (an asset or an attachment). Never
    /// follows a link, and stops at <paramref name="limit"/> bytes, in case the file changed since.</summary>
    public void CopyFile(string sourcePath, string relativePath, long limit = InputFiles.MaxAttachmentBytes)
    {
        var full = Prepare(relativePath);
        File.Delete(full); // a new file, never one shared through a hard link (see Write)
        _files[relativePath] = InputFiles.Copy(sourcePath, full, limit);
    }

    /// <summary>Removes a file left from an earlier build (serve rebuilds into the same folder).</summary>
    public void Delete(string relativePath)
    {
        File.Delete(FullPath(relativePath));
        _files.TryRemove(relativePath, out _);
    }

    /// <summary>Records files that another tool (Pagefind) wrote into the staging folder: those in
    /// <paramref name="folders"/> (site-relative), or in the whole folder when none are named. Naming them spares a
    /// walk of every file of the site (300,000 at 10,000 meetings) when the writer knows all the others.</summary>
    public void Rescan(params string[] folders)
    {
        var roots = folders.Length == 0 ? [Root] : folders.Select(FullPath).Where(Directory.Exists);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };
        foreach (var root in roots)
        {
            // Each file's size as the listing gives it: no second stat per file (11,000 of Pagefind's at 10,000).
            var found = new FileSystemEnumerable<(string Path, long Length)>(root,
                (ref FileSystemEntry e) => (Relative(e.Directory, e.FileName), e.Length), options)
            {
                ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory,
            };
            foreach (var (relative, length) in found)
                if (relative != OutputFolder.Marker) _files[relative] = length; // not of the site
        }
    }

    /// <summary>The site-relative path of an entry of <paramref name="directory"/> (under <see cref="Root"/>).
    /// </summary>
    private string Relative(ReadOnlySpan<char> directory, ReadOnlySpan<char> name)
    {
        if (directory.Length <= Root.Length) return name.ToString();
        return string.Concat(directory[(Root.Length + 1)..], "/", name).Replace('\\', '/');
    }

    /// <summary>Puts the previous build's file <paramref name="previous"/> (a full path) at
    /// <paramref name="relativePath"/> as a hard link, when it is a regular file of <paramref name="size"/> bytes
    /// written at <paramref name="ticks"/> (UTC): what was recorded when it was made. Whatever is at the path in the
    /// staging folder is unlinked first, never written into (it may be a link shared with the live output). False
    /// (nothing left at the path) when the file is not as recorded or cannot be linked: the caller makes it.</summary>
    /// <param name="hash">its recorded content hash: a file of another write time is kept when its bytes have it
    /// (a restored output, see <see cref="ContentHash"/>)</param>
    public bool Keep(string relativePath, string previous, long size, long ticks, ulong hash = ContentHash.Unknown)
    {
        var full = Prepare(relativePath);
        try
        {
            var info = new FileInfo(previous);
            if (!info.Exists || (info.Attributes & FileAttributes.ReparsePoint) != 0 || info.Length != size)
                return false;
            if (info.LastWriteTimeUtc.Ticks != ticks
                && (hash == ContentHash.Unknown || ContentHash.OfFile(previous) != (size, hash)))
                return false;
            File.Delete(full);
            HardLink.Make(previous, full);
            _files[relativePath] = new Entry(size, hash);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(full); }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException) { }
            return false;
        }
    }

    /// <summary>Records a file of a unit kept from the previous build (hard-linked from the previous output, or kept
    /// in place in the folder put aside), of a size known already, with its content hash when the build that wrote it
    /// recorded one (a search page's: see <see cref="BuildCache.PagesHash"/>).</summary>
    public void RecordKept(string relativePath, long size, ulong hash = ContentHash.Unknown) =>
        _files[relativePath] = new Entry(~size, hash);

    private string FullPath(string relativePath) =>
        relativePath.StartsWith('/') || relativePath.Contains("..", StringComparison.Ordinal)
            ? throw new ArgumentException($"Not a site-relative path: {relativePath}", nameof(relativePath))
            : Path.Combine(Root, relativePath);

    private string Prepare(string relativePath)
    {
        var full = FullPath(relativePath);
        Folder(Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>Makes <paramref name="folder"/> (under <see cref="Root"/>) and the folders on the way to it, or finds
    /// them there as folders. A link or a file on the way is refused, never followed: the staging folder may be the
    /// previous output put aside, and a link planted in it would take the pages somewhere else.</summary>
    /// <remarks>~300,000 files in ~145,000 folders at 10,000 meetings (a folder per page): the file system is asked
    /// once per folder, not per file, with one mkdir for a new folder whose parent is known (the usual case) and an
    /// lstat only for one that was there. Only the folders of recent writes are remembered (a unit's files are written
    /// together): ≈ 1.5 million at 100,000 meetings.</remarks>
    private void Folder(string folder)
    {
        if (folder.Length <= Root.Length)
        {
            // The staging folder itself, made once if need be (the way to it is the caller's: links allowed).
            if (!_rootMade) Directory.CreateDirectory(Root);
            _rootMade = true;
            return;
        }
        if (_folders.ContainsKey(folder)) return;
        Folder(Path.GetDirectoryName(folder)!);
        if (!OperatingSystem.IsLinux() || Native.MakeFolder(folder) != 0)
        {
            var kind = InputFiles.Kind(folder);
            if (kind == FileKind.Missing) Directory.CreateDirectory(folder); // mkdir failed: .NET says why in its words
            else if (kind != FileKind.Directory)
                throw new IOException($"'{folder}' is in the way of a folder of the site: {kind}, not a folder.");
        }
        // Counted here: ConcurrentDictionary.Count takes all its locks, and this runs for nearly every page.
        if (Interlocked.Increment(ref _remembered) > RememberedFolders)
        {
            _folders.Clear();
            Interlocked.Exchange(ref _remembered, 0);
        }
        _folders.TryAdd(folder, true);
    }

    /// <summary>Passes what is written on to <paramref name="inner"/> and adds it to <paramref name="hash"/>.</summary>
    private sealed class HashingStream(Stream inner, System.IO.Hashing.XxHash3 hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.Append(buffer);
            inner.Write(buffer);
        }

        public override void WriteByte(byte value) => Write([value]);
    }

    /// <summary>The three calls of Linux's C library a new file needs.</summary>
    private static class Native
    {
        // Linux's values (the same on x64 and arm64): O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC; EEXIST, EINTR.
        public const int CreateNewForWrite = 0x1 | 0x40 | 0x80 | 0x80000;
        public const int NewFileMode = 0b110_110_110; // rw-rw-rw- less the umask, as .NET creates files
        private const int NewFolderMode = 0b111_111_111; // rwxrwxrwx less the umask, as .NET creates folders
        public const int Exists = 17;
        private const int Interrupted = 4;

        /// <summary>0 when the folder was made; else it was there or could not be made (the caller looks).</summary>
        public static int MakeFolder(string path) => MakeFolder(path, NewFolderMode);

        public static void WriteAll(int fd, ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                var n = Write(fd, ref MemoryMarshal.GetReference(bytes), bytes.Length);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Interrupted) continue;
                    // The errno as HResult, as .NET's own writes give it: DiskFull knows ENOSPC by it.
                    throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
                }
                bytes = bytes[(int)n..];
            }
        }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for the whole project
        [DllImport("libc", EntryPoint = "open", CharSet = CharSet.Ansi, BestFitMapping = false, SetLastError = true)]
        public static extern int Open(string path, int flags, int mode);

        [DllImport("libc", EntryPoint = "write", SetLastError = true)]
        private static extern nint Write(int fd, ref byte bytes, nint count);

        [DllImport("libc", EntryPoint = "close")]
        public static extern int Close(int fd);

        [DllImport("libc", EntryPoint = "mkdir", CharSet = CharSet.Ansi, BestFitMapping = false, SetLastError = true)]
        private static extern int MakeFolder(string path, int mode);
#pragma warning restore SYSLIB1054
    }
}

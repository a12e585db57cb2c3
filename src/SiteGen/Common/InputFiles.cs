using System.Runtime.InteropServices;

namespace SiteGen.Common;

/// <summary>What a path is, asked without following a link.</summary>
public enum FileKind { Missing, Regular, Directory, Link, Other }

/// <summary>Why an input file is refused; <see cref="Refusal.At"/> is the path that has the problem (the file,
/// or a link on the way to it).</summary>
public enum InputProblem { Missing, Link, NotRegular, TooLarge, Unreadable }

public sealed record Refusal(InputProblem Problem, string At, string Detail = "");

/// <summary>What tells one version of a regular file from another without reading it, as git's index keeps it:
/// size, inode and device, and the modification and status-change times (seconds, nanoseconds). The change time
/// cannot be set back by a user (`touch -d` restores the modification time, not it), so a file edited with its size
/// and modification time restored still gets another stamp.</summary>
public readonly record struct FileStamp(long Size, ulong Inode, ulong Device, long ModifiedSeconds,
    uint ModifiedNanoseconds, long ChangedSeconds, uint ChangedNanoseconds)
{
    /// <summary>The modification time as <see cref="File.GetLastWriteTimeUtc"/> gives it (ticks).</summary>
    public long ModifiedTicks => DateTime.UnixEpoch.Ticks + ModifiedSeconds * TimeSpan.TicksPerSecond
        + ModifiedNanoseconds / 100;

    /// <summary>Whether both times are before <paramref name="seconds"/> (seconds since 1970).</summary>
    public bool Before(long seconds) => ModifiedSeconds < seconds && ChangedSeconds < seconds;
}

/// <summary>The one way input files are opened. Every input is a regular file of bounded size inside the input
/// folder, reached without a symbolic link: a named pipe would hang the read, a link to /dev/zero would be read
/// until memory runs out, and a link (to a file or a folder) could bring in a file from outside the input.</summary>
public static class InputFiles
{
    /// <summary>A referat (read into memory and parsed). Real referater are 5–20 KB; past a few MB, hostile Markdown
    /// could take longer to read than a build may.</summary>
    public const long MaxReferatBytes = 2L * 1024 * 1024;

    /// <summary>site.yml, a template or an asset (read into memory).</summary>
    public const long MaxTextBytes = 20L * 1024 * 1024;

    /// <summary>An attachment file (copied, never read into memory).</summary>
    public const long MaxAttachmentBytes = 100L * 1024 * 1024;

    public static string Megabytes(long limit) => $"{limit / (1024 * 1024)} MB";

    /// <summary>The kind of <paramref name="path"/> itself: a link is <see cref="FileKind.Link"/>, never its
    /// target.</summary>
    public static FileKind Kind(string path) => Kind(path, out _);

    private static FileKind Kind(string path, out long size)
    {
        size = -1;
        if (Statx.TryGet(path, out var mode, out size, out var missing))
        {
            if (missing) return FileKind.Missing;
            return (mode & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Directory,
                0xA000 => FileKind.Link,
                _ => FileKind.Other,
            };
        }
        // Without statx (not Linux, or refused): links and folders are still told apart; pipes and devices are
        // not, and the bounded read below stays the guard against reading without end.
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null) return FileKind.Link;
            var attributes = File.GetAttributes(path);
            if ((attributes & FileAttributes.ReparsePoint) != 0) return FileKind.Link;
            if ((attributes & FileAttributes.Directory) != 0) return FileKind.Directory;
            if ((attributes & FileAttributes.Device) != 0) return FileKind.Other;
            size = info.Length;
            return FileKind.Regular;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return FileKind.Missing;
        }
    }

    /// <summary>The stamp of <paramref name="path"/> when it is a regular file (not a link: not followed), else null;
    /// null too where the system cannot tell all of it (not Linux, no statx): then files are always read.</summary>
    public static FileStamp? Stamp(string path) => Statx.Stamp(path);

    /// <summary>Whether <paramref name="full"/> is a regular file of at most <paramref name="limit"/> bytes under
    /// <paramref name="root"/> with no link anywhere below the root (every folder on the way is checked, not only
    /// the file's own); null when it is.</summary>
    public static Refusal? Check(string root, string full, long limit)
    {
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        full = Path.GetFullPath(full);
        if (!IsInside(full, rootFull))
            return new Refusal(InputProblem.Missing, full, "den ligger uden for input-mappen");
        var relative = Path.GetRelativePath(rootFull, full);
        var parts = relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var at = rootFull;
        for (var i = 0; i < parts.Length; i++)
        {
            at = Path.Combine(at, parts[i]);
            var last = i == parts.Length - 1;
            long size;
            FileKind kind;
            try { kind = Kind(at, out size); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new Refusal(InputProblem.Unreadable, at,
                    ex is UnauthorizedAccessException ? "ingen adgang" : "læsefejl");
            }
            switch (kind)
            {
                case FileKind.Missing: return new Refusal(InputProblem.Missing, at);
                case FileKind.Link: return new Refusal(InputProblem.Link, at);
                case FileKind.Directory when !last: continue;
                case FileKind.Regular when last:
                    return size > limit ? new Refusal(InputProblem.TooLarge, at) : null;
                case FileKind.Regular:
                    return new Refusal(InputProblem.Missing, at, "der er en fil, hvor der skulle være en mappe");
                default: return new Refusal(InputProblem.NotRegular, at);
            }
        }
        return new Refusal(InputProblem.NotRegular, full); // the root itself is not a file
    }

    /// <summary>The bytes of an input file after <see cref="Check"/>; the read itself stops after
    /// <paramref name="limit"/> + 1 bytes, in case the file changed since it was checked.</summary>
    public static (byte[]? Bytes, Refusal? Refusal) Read(string root, string full, long limit)
    {
        if (Check(root, full, limit) is { } refusal) return (null, refusal);
        try
        {
            using var stream = Open(full);
            var bytes = ReadAtMost(stream, limit);
            return bytes is null ? (null, new Refusal(InputProblem.TooLarge, full)) : (bytes, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var detail = ex is UnauthorizedAccessException ? "ingen adgang" : "læsefejl";
            return (null, new Refusal(InputProblem.Unreadable, full, detail));
        }
    }

    /// <summary>Copies a checked input file to <paramref name="target"/>, at most <paramref name="limit"/> bytes;
    /// throws <see cref="IOException"/> when the source is no longer a regular file of that size.</summary>
    public static long Copy(string source, string target, long limit)
    {
        if (Kind(source) != FileKind.Regular)
            throw new IOException(
                $"'{source}' blev ændret mens sitet blev bygget: den er ikke længere en almindelig fil.");
        using var from = Open(source);
        using var to = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None);
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += n;
            if (total > limit)
                throw new IOException($"'{source}' voksede til over {Megabytes(limit)} mens sitet blev bygget.");
            to.Write(buffer, 0, n);
        }
        return total;
    }

    private static FileStream Open(string full) => new(full, new FileStreamOptions
    {
        Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete,
        BufferSize = 0, Options = FileOptions.SequentialScan,
    });

    /// <summary>All bytes, or null when there are more than <paramref name="limit"/>.</summary>
    private static byte[]? ReadAtMost(Stream stream, long limit)
    {
        long hint;
        try { hint = stream.CanSeek ? stream.Length : 0; } catch (IOException) { hint = 0; }
        var buffer = new byte[(int)Math.Min(Math.Max(hint, 0), limit) + 1];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > limit) return null;
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit + 1));
            }
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
        }
        if (total > limit) return null;
        return total == buffer.Length ? buffer : buffer[..total];
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or inside it (full paths).</summary>
    public static bool IsInside(string path, string folder)
    {
        var f = Path.TrimEndingDirectorySeparator(folder);
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return string.Equals(path, f, comparison)
               || path.StartsWith(f + Path.DirectorySeparatorChar, comparison)
               || (f.EndsWith(Path.DirectorySeparatorChar) && path.StartsWith(f, comparison)); // the root "/"
    }

    /// <summary>lstat through Linux's statx, whose record has the same layout on every architecture.</summary>
    private static class Statx
    {
        private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100;
        private const uint TypeAndSize = 0x1 | 0x200; // STATX_TYPE | STATX_SIZE
        private const uint StampFields = TypeAndSize | 0x40 | 0x80 | 0x100; // | STATX_MTIME | STATX_CTIME | STATX_INO
        private static volatile bool _unavailable = !OperatingSystem.IsLinux();

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Native(
            int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

        public static bool TryGet(string path, out int mode, out long size, out bool missing)
        {
            mode = 0; size = -1; missing = false;
            if (_unavailable || path.Contains('\0')) return false;
            var buffer = new byte[256];
            try
            {
                if (Native(AtFdCwd, path, AtSymlinkNoFollow, TypeAndSize, buffer) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is 2 or 20) { missing = true; return true; } // ENOENT, ENOTDIR
                    if (errno is 38 or 1) _unavailable = true; // ENOSYS, EPERM (a sandbox without statx)
                    if (errno is 13) throw new UnauthorizedAccessException($"Ingen adgang til '{path}'.");
                    return false;
                }
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                _unavailable = true;
                return false;
            }
            mode = BitConverter.ToUInt16(buffer, 28);   // stx_mode
            size = BitConverter.ToInt64(buffer, 40);    // stx_size
            return true;
        }

        public static FileStamp? Stamp(string path)
        {
            if (_unavailable || path.Contains('\0')) return null;
            var b = new byte[256];
            try
            {
                if (Native(AtFdCwd, path, AtSymlinkNoFollow, StampFields, b) != 0) return null;
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                _unavailable = true;
                return null;
            }
            // A field the file system could not give (stx_mask) means no stamp, never a made-up one.
            if ((BitConverter.ToUInt32(b, 0) & StampFields) != StampFields) return null;
            if ((BitConverter.ToUInt16(b, 28) & 0xF000) != 0x8000) return null; // a regular file only
            var device = (ulong)BitConverter.ToUInt32(b, 136) << 32 | BitConverter.ToUInt32(b, 140);
            return new FileStamp(BitConverter.ToInt64(b, 40), BitConverter.ToUInt64(b, 32), device,
                BitConverter.ToInt64(b, 112), BitConverter.ToUInt32(b, 120), // stx_mtime
                BitConverter.ToInt64(b, 96), BitConverter.ToUInt32(b, 104)); // stx_ctime
        }
    }
}

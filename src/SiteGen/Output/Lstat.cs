using System.Runtime.InteropServices;
using System.Text;

namespace SiteGen.Output;

/// <summary>One <c>lstat</c> (Linux <c>statx</c> with <c>AT_SYMLINK_NOFOLLOW</c>): what an entry is (a link is a
/// link, never followed), its size, write time and, for a folder's stamp, inode, device and change times in
/// nanoseconds. A tenth of the cost of a <see cref="FileInfo"/> per file, and the only way .NET has to the ctime
/// (which no one can set back: <see cref="StaleBuffer"/> relies on it).</summary>
internal static class Lstat
{
    public enum Kind { Missing, File, Folder, Link, Other }

    /// <summary>What the entry is; <see cref="Ticks"/> is the write time as <see cref="DateTime.Ticks"/> (UTC), as
    /// <see cref="FileSystemInfo.LastWriteTimeUtc"/> gives it.</summary>
    public readonly record struct Info(Kind Kind, long Size, long Ticks, ulong Inode, ulong Device, long MtimeNs,
        long CtimeNs);

    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100;
    // STATX_TYPE | STATX_MTIME | STATX_CTIME | STATX_INO | STATX_SIZE
    private const uint Fields = 0x1 | 0x40 | 0x80 | 0x100 | 0x200;

    [ThreadStatic] private static byte[]? _buffer;
    [ThreadStatic] private static byte[]? _path;
    private static volatile bool _unavailable = !OperatingSystem.IsLinux();

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for the whole project
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Native(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int CloseNative(int fd);
#pragma warning restore SYSLIB1054

    /// <summary>False where there is no statx (not Linux, or refused): then the double buffer is not used.</summary>
    public static bool Available => !_unavailable && Of("/") is { Kind: Kind.Folder };

    /// <summary>The entry at <paramref name="path"/> (Missing when it is not there), or null when it cannot be told
    /// (an error, a field the file system does not give): the caller then trusts nothing of it.</summary>
    public static Info? Of(string path) => Of(path, "");

    /// <summary>As <see cref="Of(string)"/> for <paramref name="root"/>/<paramref name="relative"/> (a site-relative
    /// path), without making the joined string: the reuse stage asks this for each of ≈ 450,000 entries at 10,000
    /// meetings.</summary>
    public static Info? Of(string root, string relative)
    {
        if (_unavailable || root.Contains('\0') || relative.Contains('\0')) return null;
        return Stat(AtFdCwd, Utf8Path(root, relative));
    }

    /// <summary>A folder opened once (<c>O_PATH | O_DIRECTORY | O_NOFOLLOW</c>: a real folder, never a link), whose
    /// entries are then lstat'ed relative to it (<c>statx(fd, relative)</c>): the kernel walks only the relative
    /// part, not the folder's own path again for each of ≈ 450,000 entries (the put-aside folder's check), and the
    /// folder cannot be swapped for another by renaming while it is open. Not thread-safe to dispose while in use.
    /// </summary>
    public sealed class Folder : IDisposable
    {
        private int _fd;

        private Folder(int fd) => _fd = fd;

        /// <summary>The folder at <paramref name="path"/> opened, or null when it is not a real folder (a link, a
        /// file, missing) or cannot be opened, or there is no statx.</summary>
        public static Folder? Open(string path)
        {
            if (_unavailable || path.Contains('\0')) return null;
            try
            {
                var fd = OpenNative(Utf8Path(path, ""), OPath | ODirectory | ONoFollow | OCloExec);
                return fd < 0 ? null : new Folder(fd);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException) { return null; }
        }

        /// <summary>As <see cref="Lstat.Of(string, string)"/> for an entry of this folder: <paramref name="relative"/>
        /// must be a relative path (null for a rooted or empty one, which statx would not take relative to the
        /// folder).</summary>
        public Info? Of(string relative)
        {
            if (relative.Length == 0 || relative[0] == '/' || _fd < 0 || _unavailable || relative.Contains('\0'))
                return null;
            return Stat(_fd, Utf8Path(relative, ""));
        }

        public void Dispose()
        {
            if (_fd >= 0) CloseNative(_fd);
            _fd = -1;
        }
    }

    private const int OPath = 0x200000, ODirectory = 0x10000, ONoFollow = 0x20000, OCloExec = 0x80000;

    /// <summary>One statx of <paramref name="path"/> (NUL-terminated UTF-8), relative to <paramref name="dirfd"/>.
    /// </summary>
    private static Info? Stat(int dirfd, byte[] path)
    {
        var b = _buffer ??= new byte[256];
        try
        {
            if (Native(dirfd, path, AtSymlinkNoFollow, Fields, b) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is 2 or 20) return new Info(Kind.Missing, 0, 0, 0, 0, 0, 0); // ENOENT, ENOTDIR
                if (errno is 38 or 1) _unavailable = true; // ENOSYS, EPERM (a sandbox without statx)
                return null;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
            return null;
        }
        if ((BitConverter.ToUInt32(b, 0) & Fields) != Fields) return null;
        return Parse(b);
    }

    /// <summary>The path as the NUL-terminated UTF-8 that statx takes, in a buffer of this thread (reused); joined
    /// as <see cref="Path.Combine(string, string)"/> joins (a rooted <paramref name="relative"/> stands alone).
    /// </summary>
    private static byte[] Utf8Path(string root, string relative)
    {
        if (relative.StartsWith('/')) (root, relative) = (relative, "");
        var join = relative.Length > 0 && !root.EndsWith('/');
        var most = Encoding.UTF8.GetMaxByteCount(root.Length + relative.Length + 1) + 1;
        var path = _path is { } p && p.Length >= most ? p : _path = new byte[Math.Max(most, 512)];
        var n = Encoding.UTF8.GetBytes(root, path);
        if (join) path[n++] = (byte)'/';
        n += Encoding.UTF8.GetBytes(relative, path.AsSpan(n));
        path[n] = 0;
        return path;
    }

    private static Info Parse(byte[] b)
    {
        var kind = (BitConverter.ToUInt16(b, 28) & 0xF000) switch
        {
            0x8000 => Kind.File,
            0x4000 => Kind.Folder,
            0xA000 => Kind.Link,
            _ => Kind.Other,
        };
        long mtimeSec = BitConverter.ToInt64(b, 112), ctimeSec = BitConverter.ToInt64(b, 96);
        uint mtimeNsec = BitConverter.ToUInt32(b, 120), ctimeNsec = BitConverter.ToUInt32(b, 104);
        var device = (ulong)BitConverter.ToUInt32(b, 136) << 32 | BitConverter.ToUInt32(b, 140);
        return new Info(kind, BitConverter.ToInt64(b, 40),
            DateTime.UnixEpoch.Ticks + mtimeSec * TimeSpan.TicksPerSecond + mtimeNsec / 100,
            BitConverter.ToUInt64(b, 32), device, mtimeSec * 1_000_000_000 + mtimeNsec,
            ctimeSec * 1_000_000_000 + ctimeNsec);
    }
}

using System.Runtime.InteropServices;
using System.Text;
using SiteGen.Common;
using SiteGen.Diagnostics;

namespace SiteGen.Search;

/// <summary>Whether the search stage's files fit on the disk before Pagefind starts. Pagefind 1.6 does not fail when
/// it cannot create a file (no bytes left, or no inodes: a tmpfs runs out of those first): every thread waits for good,
/// and the build would only end at the time limit (<see cref="SearchIndexer.Timeout"/>, twice). A check of the free
/// room (<c>statvfs</c>) turns that into a clear message at once.</summary>
/// <remarks>The estimate is measured and then rounded up. Pagefind writes ≈ 1.1 files and ≈ 12 KB on disk per page
/// (fragments, index and filter chunks), and the work folder of a shard holds a folder per page (its files are hard
/// links: no room); each bundle has ≈ 20 files of its own (≈ 300 KB: Pagefind's wasm and scripts). So a shard of
/// 1,250 meetings asks for ≈ 3,800 files and ≈ 40 MB, the sample site's one shard for ≈ 50 files and 1 MB.</remarks>
public static class DiskRoom
{
    /// <summary>Files (inodes) asked for per page indexed, and per bundle (Pagefind's own files, the work
    /// folder).</summary>
    public const long FilesPerPage = 3, FilesPerBundle = 40;

    /// <summary>Bytes asked for per page indexed, and per bundle.</summary>
    public const long BytesPerPage = 32 * 1024, BytesPerBundle = 1024 * 1024;

    /// <summary>Free room of the file system holding a folder: bytes, and files (null when the file system does not
    /// count them, e.g. btrfs).</summary>
    public readonly record struct Room(long Bytes, long? Files);

    /// <summary>The room asked for <paramref name="pages"/> pages in <paramref name="bundles"/> bundles.</summary>
    public static Room Needed(long pages, int bundles) =>
        new(bundles * BytesPerBundle + pages * BytesPerPage, bundles * FilesPerBundle + pages * FilesPerPage);

    /// <summary>A diagnostic when the file system of <paramref name="folder"/> (or its nearest existing parent) has
    /// less free room than <paramref name="pages"/> pages in <paramref name="bundles"/> bundles need; null when they fit or the room cannot be told (not
    /// Linux): then Pagefind runs as before, under its time limit.</summary>
    public static Diagnostic? Check(string folder, long pages, int bundles)
    {
        var at = Existing(folder);
        if (at is null || Free(at) is not { } free) return null;
        var need = Needed(pages, bundles);
        var bytesShort = free.Bytes < need.Bytes;
        var filesShort = free.Files is { } files && files < need.Files;
        if (!bytesShort && !filesShort) return null;
        var what = (bytesShort, filesShort) switch
        {
            (true, true) => "hverken plads eller filer nok",
            (true, false) => "ikke plads nok",
            _ => "ikke filer nok (inodes)",
        };
        var filesFree = free.Files is { } f ? Count(f) : "?";
        return new Diagnostic(Codes.SearchNoRoom, Severity.Error, at, 1, 1,
            $"Der er {what} på disken til søgeindekset: på '{at}' er {Size(free.Bytes)} og {filesFree} filer " +
            $"ledige, og søgeindekset over {Count(pages)} sider skal bruge omkring {Size(need.Bytes)} og " +
            $"{Count(need.Files ?? 0)} filer. Søgeprogrammet Pagefind går i stå for altid på en fuld disk, så " +
            "bygningen stopper her, og det tidligere websted står urørt. Skaf plads (se `df -h` og `df -i`), og byg " +
            "igen.");
    }

    /// <summary>Less than this free on a file system is full: Pagefind's next file would not fit.</summary>
    public const long FullBelowBytes = 256 * 1024;

    /// <summary>The first of <paramref name="folders"/> whose file system is full now (no file can be made, or less
    /// than <see cref="FullBelowBytes"/> left), or null. Watched while Pagefind runs: anything else writing beside it
    /// (feeds and data, another program) can fill the disk after the check above.</summary>
    public static string? FullAt(IEnumerable<string> folders) => folders.Select(Existing).OfType<string>()
        .FirstOrDefault(at => Free(at) is { } room && (room.Files == 0 || room.Bytes < FullBelowBytes));

    /// <summary>The diagnostic when the disk at <paramref name="at"/> filled up while Pagefind ran, and it was
    /// stopped.</summary>
    public static Diagnostic FilledUp(string at)
    {
        var room = Free(at);
        var free = room is { } r ? $"{Size(r.Bytes)} og {(r.Files is { } f ? Count(f) : "?")} filer" : "næsten intet";
        return new Diagnostic(Codes.SearchNoRoom, Severity.Error, at, 1, 1,
            $"Disken blev fuld, mens søgeindekset blev bygget: på '{at}' er {free} ledige. Søgeprogrammet Pagefind går " +
            "i stå for altid på en fuld disk, så det blev stoppet, og det tidligere websted står urørt. Skaf plads (se " +
            "`df -h` og `df -i`), og byg igen.");
    }

    /// <summary>Free room for an unprivileged writer (<c>f_bavail</c>, <c>f_favail</c>), or null.</summary>
    public static Room? Free(string folder)
    {
        // The layout read below is 64-bit Linux's.
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8 || folder.Contains('\0')) return null;
        var buffer = new byte[256]; // struct statvfs is 112 bytes on 64-bit glibc and musl
        try
        {
            if (Native(Encoding.UTF8.GetBytes(folder + "\0"), buffer) != 0) return null;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        // unsigned long f_bsize, f_frsize; fsblkcnt_t f_blocks, f_bfree, f_bavail; fsfilcnt_t f_files, f_ffree,
        // f_favail: 8 bytes each on 64-bit Linux.
        long Field(int i) => BitConverter.ToInt64(buffer, i * 8);
        var (frsize, bavail, files, favail) = (Field(1), Field(4), Field(5), Field(7));
        if (frsize <= 0 || bavail < 0) return null;
        var bytes = bavail > long.MaxValue / frsize ? long.MaxValue : bavail * frsize;
        return new Room(bytes, files > 0 ? Math.Max(0, favail) : null);
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for the whole project
    [DllImport("libc", EntryPoint = "statvfs", SetLastError = true)]
    private static extern int Native(byte[] path, byte[] buffer);
#pragma warning restore SYSLIB1054

    private static string? Existing(string folder)
    {
        for (var at = Path.GetFullPath(folder); !string.IsNullOrEmpty(at); at = Path.GetDirectoryName(at))
            if (Directory.Exists(at)) return at;
        return null;
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => Antal.Tal(bytes / (double)(1L << 30), "0.0") + " GB",
        >= 1L << 20 => Antal.Tal(bytes / (double)(1L << 20), "0.0") + " MB",
        _ => Antal.Tal(bytes / 1024.0, "0") + " KB",
    };

    /// <summary>As Danes write a count: 1.250.</summary>
    private static string Count(long n) => n.ToString("N0", Danish.Culture);
}

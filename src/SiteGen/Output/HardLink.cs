using System.Runtime.InteropServices;

namespace SiteGen.Output;

/// <summary>A second name for an existing file (no bytes copied). Where the system has no hard links, or they
/// fail (another file system), the file is copied with its write time.</summary>
internal static class HardLink
{
    public static void Make(string existing, string newPath)
    {
        if (!OperatingSystem.IsWindows() && Link(existing, newPath) == 0) return;
        File.Copy(existing, newPath);
        File.SetLastWriteTimeUtc(newPath, File.GetLastWriteTimeUtc(existing)); // the recorded time still holds
    }

    /// <summary>A hard link only (no copy): false where the system has none or it fails.</summary>
    public static bool TryMake(string existing, string newPath) =>
        !OperatingSystem.IsWindows() && Link(existing, newPath) == 0;

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for the whole project
    [DllImport("libc", EntryPoint = "link", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Link(string oldPath, string newPath);
#pragma warning restore SYSLIB1054
}

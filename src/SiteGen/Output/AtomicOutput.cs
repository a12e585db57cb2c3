using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using SiteGen.Common;

namespace SiteGen.Output;

/// <summary>Build into a temporary sibling folder, then swap it in. A failed build deletes the
/// staging folder and leaves the previous output untouched. Only an absent or empty folder, or an earlier
/// output (with <see cref="OutputFolder.Marker"/>), is ever replaced.</summary>
/// <remarks>The swap exchanges the two folders in one step where the system can (Linux <c>renameat2</c> with
/// <c>RENAME_EXCHANGE</c>): there is no moment without an output folder, so a crash leaves either the previous or
/// the new site, never none and never a mix. The previous output is then renamed aside to a hidden sibling
/// (<c>.&lt;name&gt;.old-&lt;guid&gt;</c>, never published) and not deleted in the swap: deleting a large site's
/// files (300,000 at 10,000 meetings) took half the swap. With a build cache the next build takes that folder as
/// its staging folder and updates it in place (<see cref="StaleBuffer"/>); other leftovers it deletes on a background
/// thread while it reads and checks the input (<see cref="Sweep"/>).</remarks>
public sealed partial class AtomicOutput : IDisposable
{
    private readonly string _target;
    private bool _committed;

    private readonly bool _adopted;

    public AtomicOutput(string outputDir) : this(outputDir, null)
    {
    }

    private AtomicOutput(string outputDir, string? adopt)
    {
        _target = Path.GetFullPath(outputDir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(_target)!;
        Directory.CreateDirectory(parent);
        // Same parent folder, so the final rename stays on one file system.
        StagingDir = Path.Combine(parent,
            $".{Path.GetFileName(_target)}.staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        if (adopt is not null)
        {
            Directory.Move(adopt, StagingDir);
            _adopted = true;
            return;
        }
        Directory.CreateDirectory(StagingDir);
        // The marker goes in with the site, so an output is never without it (see OutputFolder).
        File.WriteAllText(Path.Combine(StagingDir, OutputFolder.Marker), OutputFolder.MarkerText);
    }

    /// <summary>A staging folder that is an earlier output put aside (<see cref="StaleBuffer"/>), renamed to this
    /// build's staging name. If the build fails it is put aside again (swept by the next build), not deleted
    /// here.</summary>
    internal static AtomicOutput Adopt(string outputDir, string folder) => new(outputDir, folder);

    public string StagingDir { get; }

    /// <summary>Where the previous output was put aside by <see cref="Commit"/> (the next build's staging folder, or
    /// deleted by its <see cref="Sweep"/>), or null.</summary>
    public string? Previous { get; private set; }

    public void Commit()
    {
        // The command line refuses such a folder before any work; this is the last guard for every other caller.
        if (!OutputFolder.MayReplace(_target))
            throw new InvalidOperationException(
                $"'{_target}' er ikke et tidligere SiteGen-websted (ingen '{OutputFolder.Marker}'); " +
                "den blev ikke erstattet.");
        var old = PutAsideName();
        var hadOld = InputFiles.Kind(_target) == FileKind.Directory;
        if (hadOld && Exchange(StagingDir, _target))
        {
            _committed = true;
            // The staging path now holds the previous output. Should this rename fail, the next build's sweep
            // still finds it by its staging name (this process is gone by then).
            try
            {
                Directory.Move(StagingDir, old);
                Previous = old;
            }
            catch (IOException) { Previous = StagingDir; }
            return;
        }
        if (hadOld) Directory.Move(_target, old);
        try
        {
            Directory.Move(StagingDir, _target);
        }
        catch
        {
            if (hadOld) Directory.Move(old, _target);
            throw;
        }
        _committed = true;
        if (hadOld) Previous = old;
    }

    public void Dispose()
    {
        if (_committed) return;
        if (_adopted)
        {
            // A whole site's files: renamed (one step) rather than deleted while the user waits.
            try
            {
                Directory.Move(StagingDir, PutAsideName());
                return;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        TryDelete(StagingDir);
    }

    private string PutAsideName() => PutAsideName(_target);

    /// <summary>A new name of the kind <see cref="IsPutAside"/> accepts for <paramref name="outputDir"/>.</summary>
    internal static string PutAsideName(string outputDir)
    {
        var target = Path.GetFullPath(outputDir).TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.old-{Guid.NewGuid():N}");
    }

    /// <summary>Whether <paramref name="folder"/> is a name <see cref="Commit"/> puts <paramref name="outputDir"/>'s
    /// previous output aside under (<c>.&lt;name&gt;.old-&lt;guid&gt;</c> beside it).</summary>
    public static bool IsPutAside(string outputDir, string folder)
    {
        var target = Path.GetFullPath(outputDir).TrimEnd(Path.DirectorySeparatorChar);
        var prefix = Path.Combine(Path.GetDirectoryName(target) ?? "", $".{Path.GetFileName(target)}.old-");
        return folder.StartsWith(prefix, StringComparison.Ordinal) && folder.Length == prefix.Length + 32
               && folder[prefix.Length..].All(char.IsAsciiHexDigitLower);
    }

    /// <summary>Deletes <paramref name="folder"/> on a background thread (a trash folder of this build).</summary>
    internal static Sweeper Delete(string folder) => new(() => TryDelete(folder));

    /// <summary>Starts deleting, on a background thread, what earlier builds left beside
    /// <paramref name="outputDir"/>: previous outputs put aside by <see cref="Commit"/>, and the staging folders of
    /// builds that were killed (their process is gone). Only real folders (never a link, nothing is followed) whose
    /// names SiteGen gives, and only while the output folder itself is there (after a crash of a system without
    /// an atomic exchange, the put-aside folder may be the only copy of the site). Dispose waits for it.</summary>
    /// <param name="keep">a put-aside folder that this build takes as its staging folder (<see cref="StaleBuffer"/>)
    /// </param>
    public static Sweeper Sweep(string outputDir, Func<string?>? keep = null) => new(() =>
    {
        var kept = keep?.Invoke();
        foreach (var dir in Leftovers(outputDir))
            if (dir != kept) TryDelete(dir);
    });

    /// <summary>The folders <see cref="Sweep"/> deletes.</summary>
    public static IReadOnlyList<string> Leftovers(string outputDir)
    {
        var target = Path.GetFullPath(outputDir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(target);
        if (parent is null || InputFiles.Kind(target) != FileKind.Directory
            || InputFiles.Kind(parent) != FileKind.Directory)
            return [];
        var name = "." + Path.GetFileName(target) + ".";
        var found = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(parent, name + "*"))
        {
            var rest = Path.GetFileName(entry)[name.Length..];
            var match = LeftoverName().Match(rest);
            if (!match.Success || InputFiles.Kind(entry) != FileKind.Directory) continue;
            if (match.Groups["pid"].Success && IsRunning(int.Parse(match.Groups["pid"].Value))) continue;
            // A pages folder (Search/ShardIndexer) holds only pages, a trash folder (StaleBuffer) parts of a site;
            // the others carry the output's marker.
            if (!match.Groups["pages"].Success
                && InputFiles.Kind(Path.Combine(entry, OutputFolder.Marker)) != FileKind.Regular) continue;
            found.Add(entry);
        }
        return found;
    }

    [GeneratedRegex("^(?:old-[0-9a-f]{32}|staging-(?<pid>[0-9]{1,10})-[0-9a-f]{32}" +
                    "(?<pages>\\.(?:pages|trash)-[0-9a-f]{32})?)$")]
    private static partial Regex LeftoverName();

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true; // another build of this process (serve, tests)
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A running <see cref="Sweep"/>.</summary>
    public sealed class Sweeper : IDisposable
    {
        private readonly Task _task;

        internal Sweeper(Action delete) => _task = Task.Run(() =>
        {
            try
            {
                delete();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        });

        /// <summary>Waits until the leftovers are deleted.</summary>
        public void Wait() => _task.Wait();

        public void Dispose() => _task.Wait();
    }

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Swaps two folders in one step (Linux <c>renameat2(RENAME_EXCHANGE)</c>); false where the system
    /// cannot (then nothing happened).</summary>
    private static bool Exchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for the whole project
    [DllImport("libc", EntryPoint = "renameat2", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);
#pragma warning restore SYSLIB1054
}

using System.Runtime.InteropServices;
using SiteGen.Common;

namespace SiteGen.Output;

/// <summary>The put-aside folder (<see cref="StaleBuffer"/>) that a build leaves when it has none to leave: a clean
/// build, or one whose cache could not be used. Without it the next build (the first edit after a clean build)
/// hard-links every unit file from the live output into a fresh staging folder (≈ 300,000 <c>link</c> at 10,000
/// meetings, 6–8 s of CPU, mostly kernel); with it that build takes the twin as its staging folder and keeps its
/// units in place, as every later build does.</summary>
/// <remarks>
/// <para>The twin holds SiteGen's marker and the units' files, hard-linked from the staging folder once feeds and
/// data are written (every unit file is then final; the search stage writes only its own folders), on a
/// background thread while Pagefind runs, after the sweep of older leftovers has ended (so the sweep never sees
/// it). After the commit it gets the record a put-aside folder gets: the build's units (the live output's files,
/// which it shares by hard link, as the put-aside folder does in every later build), the stamps of its folders
/// and no other entries; then it is bound (<see cref="StaleBuffer.Bind"/>).</para>
/// <para>Nothing is trusted because the twin made it: the next build checks it as any put-aside folder (each file's
/// kind, size and write time, each folder's stamp; a file that failed to link is simply missing and its unit made
/// again). A twin of a build that fails, or that is not bound, is an ordinary leftover: swept by the next
/// build.</para>
/// </remarks>
public sealed class Twin : IDisposable
{
    /// <summary>Stamps are taken only of folders unchanged for this long (<see cref="StaleBuffer"/>'s racy rule),
    /// with a margin for the file system's coarse clock.</summary>
    private const int SettleMs = 1100;

    private readonly string _folder;
    private readonly Task<long> _linked; // Environment.TickCount64 when the last link was made

    private Twin(string folder, Task<long> linked) => (_folder, _linked) = (folder, linked);

    /// <summary>Starts linking every file of <paramref name="units"/> in <paramref name="stagingRoot"/> into a new
    /// put-aside folder of <paramref name="outputDir"/>, on a background thread, once <paramref name="sweep"/> has
    /// ended; null where no put-aside folder is ever taken (no <c>statx</c>: <see cref="StaleBuffer"/>).</summary>
    public static Twin? Start(string outputDir, string stagingRoot, IReadOnlyList<OutputUnit> units,
        AtomicOutput.Sweeper sweep)
    {
        if (!Lstat.Available) return null;
        var folder = AtomicOutput.PutAsideName(outputDir);
        return new Twin(folder, Task.Run(() =>
        {
            sweep.Wait();
            var linked = StepLog.Step("twin link", () => Link(stagingRoot, folder, units));
            StepLog.Count("twin files linked", linked);
            return Environment.TickCount64;
        }));
    }

    /// <summary>Waits until every link is made. Called before the staging folder is committed: the links are made
    /// from its path, and a link tried after the commit moved it finds nothing (on a loaded machine the linking
    /// thread may start only then: the twin held the marker alone, and the next build kept nothing in
    /// place).</summary>
    public void Finish()
    {
        try { _linked.Wait(); }
        catch (AggregateException) { } // not made: Bind says so
    }

    /// <summary>The folders first (parents before children: one <c>mkdir</c> each), then one <c>link</c> per file;
    /// a file that cannot be linked is left out (its unit is made again by the next build). Returns how many files
    /// were linked.</summary>
    private static int Link(string from, string to, IReadOnlyList<OutputUnit> units)
    {
        Directory.CreateDirectory(to);
        File.WriteAllText(Path.Combine(to, OutputFolder.Marker), OutputFolder.MarkerText);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var known = folders.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var unit in units)
            foreach (var file in unit.Files)
            {
                var slash = file.LastIndexOf('/');
                if (slash < 0 || known.Contains(file.AsSpan(0, slash))) continue; // no string for a folder found
                for (var d = Parent(file); d.Length > 0 && folders.Add(d); d = Parent(d)) { }
            }
        // Ordinal order puts a folder before everything in it ("a" < "a-b" < "a/b").
        foreach (var dir in folders.Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(to, dir);
            if (OperatingSystem.IsWindows() || MakeFolder(path, 0x1ff) != 0) Directory.CreateDirectory(path);
        }
        var linked = 0;
        Parallel.ForEach(units, () => 0, (unit, _, count) =>
        {
            foreach (var file in unit.Files)
                if (HardLink.TryMake(Path.Combine(from, file), Path.Combine(to, file))) count++;
            return count;
        }, count => Interlocked.Add(ref linked, count));
        return linked;
    }

    /// <summary>Gives the twin the record of the output just committed (<paramref name="records"/>: its units, the
    /// files of which the twin shares) and binds it; waits first until its folders may be stamped (its links are
    /// made: <see cref="Finish"/> before the commit). False (nothing
    /// bound: the twin is swept by the next build) when it could not be made or recorded.</summary>
    public bool Bind(string cacheDir, string outputDir, string identity, IReadOnlyList<BuildCache.Unit> records)
    {
        try { _linked.Wait(); }
        catch (AggregateException) { return false; } // not made: left to the sweep
        try
        {
            var linked = _linked.Result;
            var wait = SettleMs - (Environment.TickCount64 - linked);
            if (wait > 0) Thread.Sleep((int)wait);
            var stamps = StaleBuffer.Stamps(_folder, records, records.SelectMany(r => r.Files.Select(f => f.Path)));
            BuildCache.Write(cacheDir, new BuildCache.Manifest(identity, Path.GetFullPath(outputDir), [],
                [.. records], stamps.Folders, stamps.Extras), StaleBuffer.RecordFile);
            StaleBuffer.Bind(cacheDir, _folder);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Waits for the linking (no thread of the build outlives it); an unbound twin is left to the
    /// sweep.</summary>
    public void Dispose()
    {
        try { _linked.Wait(); }
        catch (AggregateException) { }
    }

    private static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for the whole project
    [DllImport("libc", EntryPoint = "mkdir", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int MakeFolder(string path, uint mode);
#pragma warning restore SYSLIB1054
}

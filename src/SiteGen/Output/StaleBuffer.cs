using System.IO.Enumeration;
using SiteGen.Common;

namespace SiteGen.Output;

/// <summary>Double buffering of the output folder: the previous output that the last swap put aside
/// (<c>.&lt;output&gt;.old-&lt;guid&gt;</c>, two builds old by the time it is used) becomes the next build's staging
/// folder instead of being deleted. The build keeps its units whose files there are still what their key says,
/// removes everything else, and makes (or links from the live output) only the rest: the cost follows the change,
/// not the archive.</summary>
/// <remarks>
/// <para>What the folder holds must be known exactly. Its record (<see cref="RecordFile"/> in the cache folder,
/// never in the output) is the manifest the build that wrote it saved, with <c>Output</c> naming the put-aside
/// folder. It is trusted only when the folder is there under exactly that name (a real folder, not a link, beside
/// the output, with SiteGen's marker), and then only file by file: every entry of the folder is listed (one walk,
/// lstat, on a background thread while the input is read and checked) and a unit is kept only when each of its
/// files is a regular file of the recorded size and write time (100 ns ticks). Anything else (a file changed,
/// removed or added, a link or special file, a folder where a file was) is removed, never followed; the unit is
/// made again. A change made between the walk and the build's use of the folder is not seen (the folder is
/// SiteGen's, hidden; the same holds for the live output the link path takes files from).</para>
/// <para>Before the folder is changed its record is deleted and the folder renamed to this build's staging name, so
/// a build that fails or crashes half-way leaves nothing that a later build trusts (it is swept).</para>
/// <para>After the clean-up the staging folder holds the marker and the kept units' files only, as a fresh staging
/// folder holds the linked units' files: every other path is free, so the rest of the build writes new files only
/// and never into a file the live output shares through a hard link.</para>
/// </remarks>
public sealed class StaleBuffer
{
    /// <summary>The record of the put-aside folder, in the cache folder: the manifest (<see cref="ManifestCodec"/>)
    /// of the build that wrote it, renamed as it was before the swap put that output aside.</summary>
    public const string RecordFile = "buffer.bin";

    /// <summary>Binds <see cref="RecordFile"/> to the folder: the folder's path and the record's checksum (its last
    /// 32 bytes), written after the swap.</summary>
    public const string BindingFile = "buffer.folder";

    private enum Kind { File, Folder, Other }

    private readonly record struct Entry(string Path, Kind Kind, long Size, long Ticks);

    // Let go once the folder is prepared (the record and the walk are large at 10,000 meetings: 300,000 entries).
    private Task<(string Folder, BuildCache.Manifest Record)?>? _found;
    private Task<List<Entry>?>? _walk;
    private readonly Lazy<string?> _folder;

    private StaleBuffer(string cacheDir, string outputDir)
    {
        _found = Task.Run(() => Look(cacheDir, outputDir));
        _walk = _found.ContinueWith(found =>
        {
            if (found.Result is not var (folder, _)) return null;
            try { return StepLog.Step("buffer walk", () => Walk(folder)); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException
                                           or NotSupportedException) { return null; }
        }, TaskScheduler.Default);
        _folder = new Lazy<string?>(() => _found.Result?.Folder);
    }

    /// <summary>The put-aside folder this build may take (waits until the record is read), or null.</summary>
    public string? Folder => _folder.Value;

    /// <summary>Starts looking, on a background thread, for the put-aside folder named by the record in
    /// <paramref name="cacheDir"/>, and walking it.</summary>
    public static StaleBuffer Start(string cacheDir, string outputDir) => new(cacheDir, outputDir);

    /// <summary>The folder and its record, if the folder is one this output's swap makes and is there with SiteGen's
    /// marker, else null: the build takes a fresh staging folder and links, as without double buffering.</summary>
    private static (string, BuildCache.Manifest)? Look(string cacheDir, string outputDir)
    {
        try { return Check(cacheDir, outputDir); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException
                                       or NotSupportedException) { return null; }
    }

    private static (string, BuildCache.Manifest)? Check(string cacheDir, string outputDir)
    {
        var binding = Path.Combine(cacheDir, BindingFile);
        if (InputFiles.Kind(binding) != FileKind.Regular || new FileInfo(binding).Length > 4096) return null;
        var lines = File.ReadAllLines(binding);
        if (lines.Length != 2 || !AtomicOutput.IsPutAside(outputDir, lines[0])) return null;
        var folder = lines[0];
        var record = BuildCache.Read(cacheDir, RecordFile);
        if (record is null || record.Output != Path.GetFullPath(outputDir) || Checksum(cacheDir) != lines[1])
            return null;
        if (InputFiles.Kind(folder) != FileKind.Directory) return null;
        var marker = Path.Combine(folder, OutputFolder.Marker);
        if (InputFiles.Kind(marker) != FileKind.Regular) return null;
        try
        {
            if (new FileInfo(marker).Length > 4096 || File.ReadAllText(marker) != OutputFolder.MarkerText) return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
        return (folder, record);
    }

    /// <summary>Forgets the record (the folder is then swept by the next build).</summary>
    public static void Forget(string cacheDir)
    {
        foreach (var name in new[] { BindingFile, RecordFile })
        {
            var path = Path.Combine(cacheDir, name);
            if (File.Exists(path)) File.Delete(path);
        }
    }

    /// <summary>Binds the record (the manifest of the output the swap just put aside, renamed to
    /// <see cref="RecordFile"/> before it) to <paramref name="folder"/>, where that output now is.</summary>
    public static void Bind(string cacheDir, string folder)
    {
        var path = Path.Combine(cacheDir, BindingFile);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, $"{folder}\n{Checksum(cacheDir)}\n");
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The record's own checksum (<see cref="ManifestCodec"/>: the SHA-256 at its end), in hex.</summary>
    private static string Checksum(string cacheDir)
    {
        using var file = File.OpenHandle(Path.Combine(cacheDir, RecordFile));
        var length = RandomAccess.GetLength(file);
        if (length < 32) return "";
        var tail = new byte[32];
        RandomAccess.Read(file, tail, length - 32);
        return Convert.ToHexStringLower(tail);
    }

    /// <summary>Every entry below <paramref name="root"/>, a folder before what it holds. A link is listed as such
    /// and not followed; an entry that cannot be read fails the walk (then the folder is not used).</summary>
    private static List<Entry> Walk(string root)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };
        var skip = root.Length + 1;
        var walk = new FileSystemEnumerable<Entry>(root, (ref FileSystemEntry e) =>
        {
            var path = string.Concat(e.Directory.Length > skip ? e.Directory[skip..] : "",
                e.Directory.Length > skip ? "/" : "", e.FileName);
            if ((e.Attributes & FileAttributes.ReparsePoint) != 0) return new Entry(path, Kind.Other, 0, 0);
            if (e.IsDirectory) return new Entry(path, Kind.Folder, 0, 0);
            return new Entry(path, Kind.File, e.Length, e.LastWriteTimeUtc.UtcTicks);
        }, options)
        {
            ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        return [.. walk];
    }

    /// <summary>What <see cref="Prepare"/> decided: the units kept in the folder (with their records), and how many
    /// entries it removed one by one and moved away whole.</summary>
    public sealed record Kept(IReadOnlyDictionary<OutputUnit, BuildCache.Unit> Units, int Removed, int Moved);

    /// <summary>Takes the folder as the staging folder of <paramref name="outputDir"/> and brings it to the state of a
    /// fresh staging folder with <paramref name="units"/>' unchanged files in it: the record is deleted first, then
    /// the folder renamed, then every other entry removed (whole folders moved to a trash folder that
    /// <paramref name="trash"/> deletes in the background). Null when the folder is not worth it or not usable
    /// (nothing changed then, or it is left to the sweep); the caller then makes a fresh staging folder.</summary>
    public (AtomicOutput Output, Kept Kept)? Prepare(string cacheDir, string outputDir, IEnumerable<OutputUnit> units,
        out AtomicOutput.Sweeper? trash)
    {
        trash = null;
        _ = Folder;
        var (found, walk) = (_found, _walk);
        (_found, _walk) = (null, null);
        if (found?.Result is not var (folder, record) || walk is null
            || StepLog.Step("buffer wait", () => walk.Result) is not { } entries) return null;
        var (kept, keep) = StepLog.Step("buffer match", () => Match(record, entries, units));
        var plan = StepLog.Step("buffer plan", () => Plan(entries, keep));
        // Each removal is one unlink on the critical path; a fresh folder with links costs one link per kept file.
        if (plan.Remove.Count > keep.Count + 1000) return null;

        Forget(cacheDir); // before the first change: a half-updated folder is never trusted again
        AtomicOutput? output = null;
        try
        {
            output = AtomicOutput.Adopt(outputDir, folder);
            var root = output.StagingDir;
            var bin = $"{root}.trash-{Guid.NewGuid():N}";
            StepLog.Step("buffer clean", () =>
            {
                if (plan.Move.Count > 0)
                {
                    Directory.CreateDirectory(bin);
                    for (var i = 0; i < plan.Move.Count; i++)
                        Directory.Move(Path.Combine(root, plan.Move[i]), Path.Combine(bin, $"{i}"));
                }
                Parallel.ForEach(plan.Remove, path => File.Delete(Path.Combine(root, path)));
                File.WriteAllText(Path.Combine(root, OutputFolder.Marker), OutputFolder.MarkerText);
            });
            if (plan.Move.Count > 0) trash = AtomicOutput.Delete(bin);
            return (output, new Kept(kept, plan.Remove.Count, plan.Move.Count));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            output?.Dispose(); // put aside again, without a record: swept by the next build
            return null;
        }
    }

    /// <summary>The units whose files in the folder are as recorded, and all their files.</summary>
    private static (Dictionary<OutputUnit, BuildCache.Unit> Kept, HashSet<string> Files) Match(
        BuildCache.Manifest record, List<Entry> entries, IEnumerable<OutputUnit> units)
    {
        var files = new Dictionary<string, Entry>(entries.Count, StringComparer.Ordinal);
        foreach (var e in entries)
            if (e.Kind == Kind.File) files[e.Path] = e;
        var byKey = new Dictionary<string, BuildCache.Unit>(StringComparer.Ordinal);
        foreach (var u in record.Units) byKey.TryAdd(u.Key, u);
        var kept = new Dictionary<OutputUnit, BuildCache.Unit>(ReferenceEqualityComparer.Instance);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            if (!byKey.TryGetValue(unit.Key, out var old) || old.Files.Count != unit.Files.Length) continue;
            var same = true;
            for (var i = 0; i < unit.Files.Length && same; i++)
            {
                var f = old.Files[i];
                // Unit files are never empty: a size of 0 is also what a planted pipe or device shows.
                same = f.Path == unit.Files[i] && files.TryGetValue(f.Path, out var e) && e.Size == f.Size
                       && e.Size > 0 && e.Ticks == f.Ticks;
            }
            if (!same) continue;
            kept[unit] = old;
            keep.UnionWith(unit.Files);
        }
        return (kept, keep);
    }

    /// <summary>What to remove so that only <paramref name="keep"/> (and the folders holding it) is left: folders
    /// with nothing to keep are moved away whole; files, links and special files are removed one by one.</summary>
    private static (List<string> Move, List<string> Remove) Plan(List<Entry> entries, HashSet<string> keep)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal) { "" };
        foreach (var path in keep)
            for (var dir = Parent(path); folders.Add(dir); dir = Parent(dir)) { }
        var move = new List<string>();
        var remove = new List<string>();
        foreach (var e in entries)
        {
            if (!folders.Contains(Parent(e.Path))) continue; // inside a folder moved away
            if (e.Kind == Kind.Folder)
            {
                if (!folders.Contains(e.Path)) move.Add(e.Path);
            }
            else if (e.Kind == Kind.Other || !keep.Contains(e.Path)) remove.Add(e.Path);
        }
        return (move, remove);
    }

    private static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }
}

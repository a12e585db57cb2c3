using System.IO.Enumeration;
using System.Runtime.InteropServices;
using SiteGen.Common;

namespace SiteGen.Output;

/// <summary>Double buffering of the output folder: the previous output that the last swap put aside
/// (<c>.&lt;output&gt;.old-&lt;guid&gt;</c>, two builds old by the time it is used) becomes the next build's staging
/// folder instead of being deleted. The build keeps its units whose files there are still what their key says,
/// removes everything else, and makes (or links from the live output) only the rest: the cost follows the change,
/// not the archive.</summary>
/// <remarks>
/// <para>What the folder holds must be known exactly. Its record (<see cref="RecordFile"/> in the cache folder,
/// never in the output) is the manifest the build that wrote it saved: its units' files (size, write time), and
/// the stamp of every folder holding unit files (inode, device, write and change time in ns), taken at the end of
/// that build before its swap, with the other entries such a folder held then (<see cref="Stamps"/>). It is trusted
/// only when the folder is there under exactly the bound name (a real folder, not a link, beside the output, with
/// SiteGen's marker), and then entry by entry, without listing the folder (300,000 entries at 10,000 meetings):
/// <list type="bullet">
/// <item>each recorded unit file is lstat'ed (on a background thread while the input is read and checked): a unit
/// is kept only when each of its files is a regular file of the recorded size and write time and every folder on
/// its path is a real folder (not a link);</item>
/// <item>a folder whose stamp is unchanged holds exactly the entries it held when stamped: adding, removing,
/// renaming or replacing an entry changes its folder's write and change time, and the change time cannot be set
/// back (only by setting the system clock). So its entries not kept are known without listing it and removed by
/// their recorded paths. A folder changed within a second before its stamp would be taken is not stamped (a change
/// in the same tick of the file system's clock could keep the stamp);</item>
/// <item>the folder itself and every folder whose stamp changed or that has none are listed (one readdir, no stat
/// per entry): what is there and not kept (planted files, links, folders) is removed, a link never followed.</item>
/// </list>
/// So nothing in the folder that the record does not name is ever published. Not seen (as before): a kept file
/// rewritten with the same size and its write time set back to the recorded 100 ns tick, a change made between
/// the check and the build's use of the folder, and an entry planted in the staging folder of the build that
/// wrote it, before that build took the stamp (the folder is SiteGen's, hidden, and named for the running process;
/// whoever can do that can change the live output or the cache directly).</para>
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

    /// <summary>A folder changed less than this before its stamp is taken is not stamped (listed when used).</summary>
    private const long RacyNs = 1_000_000_000;

    /// <summary>What the check found of a folder holding unit files: not a real folder (or not readable), a real
    /// folder to be listed, or one whose recorded stamp still holds.</summary>
    private enum State : byte { Bad, Listed, Stamped }

    private sealed record Checked(bool[] UnitOk, Dictionary<string, State> Folders,
        Dictionary<string, BuildCache.FolderStamp> Stamps);

    /// <summary>The stamps a build may record again without taking them (<see cref="Stamps"/>): of each folder whose
    /// recorded stamp held at the check and from which the clean-up removed nothing, the stamp and how many entries
    /// the folder then holds (the kept files and the folders on the way to them: nothing else is left in it).
    /// </summary>
    /// <remarks>Sound without knowing what the rest of the build wrote: a folder whose entries are as the new record
    /// names them (checked in <see cref="Stamps"/>: it names every kept entry of the folder and no other) and that
    /// nothing changed since the check still has the old stamp, so its old stamp is its stamp now; a folder that
    /// anything changed after the check (a file written, removed, renamed in it) has another change time, which
    /// cannot be set back: the next check finds the recorded stamp does not hold and lists the folder.</remarks>
    public sealed record Carry(IReadOnlyDictionary<string, (BuildCache.FolderStamp Stamp, int Entries)> Folders)
    {
        /// <summary>The other folders on the way to a kept file (not the folder itself): with <see cref="Folders"/>,
        /// every folder holding a kept file or a folder on the way to one (<see cref="Stamps(string, Carry,
        /// IReadOnlyList{BuildCache.Unit}, IEnumerable{string})"/>). Empty in a carry made without it: that one
        /// names fewer folders than the kept files are in, so it is only for the full <see cref="Stamps(string,
        /// IReadOnlyList{BuildCache.Unit}, IEnumerable{string}, Carry?, IEnumerable{string}?)"/>.</summary>
        public IReadOnlyCollection<string> Others { get; init; } = [];

        /// <summary>Whether <see cref="Others"/> was filled (a carry made by <see cref="Prepare"/>).</summary>
        public bool Complete { get; init; }
    }

    // Let go once the folder is prepared (the record and the check are large at 10,000 meetings).
    private Task<(string Folder, BuildCache.Manifest Record)?>? _found;
    private Task<Checked?>? _check;
    private readonly Lazy<string?> _folder;

    private StaleBuffer(string cacheDir, string outputDir)
    {
        var paths = Paths = new PathPool();
        _found = Task.Run(() => Look(cacheDir, outputDir, paths));
        _check = _found.ContinueWith(found =>
        {
            if (found.Result is not var (folder, record)) return null;
            try { return StepLog.Step("buffer check", () => Check(folder, record)); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException
                                           or NotSupportedException) { return null; }
        }, TaskScheduler.Default);
        _folder = new Lazy<string?>(() => _found.Result?.Folder);
    }

    /// <summary>The one string per path that the record, the units and the manifest share in the reuse stage;
    /// null after <see cref="Prepare"/>.</summary>
    public PathPool? Paths { get; private set; }

    /// <summary>The put-aside folder this build may take (waits until the record is read), or null.</summary>
    public string? Folder => _folder.Value;

    /// <summary>Starts looking, on a background thread, for the put-aside folder named by the record in
    /// <paramref name="cacheDir"/>, and checking its recorded files and folders.</summary>
    public static StaleBuffer Start(string cacheDir, string outputDir) => new(cacheDir, outputDir);

    /// <summary>The folder and its record, if the folder is one this output's swap makes and is there with SiteGen's
    /// marker, else null: the build takes a fresh staging folder and links, as without double buffering.</summary>
    private static (string, BuildCache.Manifest)? Look(string cacheDir, string outputDir, PathPool paths)
    {
        try { return Find(cacheDir, outputDir, paths); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException
                                       or NotSupportedException) { return null; }
    }

    private static (string, BuildCache.Manifest)? Find(string cacheDir, string outputDir, PathPool paths)
    {
        var binding = Path.Combine(cacheDir, BindingFile);
        if (!Lstat.Available) return null; // no lstat with ctime: nothing is trusted
        if (InputFiles.Kind(binding) != FileKind.Regular || new FileInfo(binding).Length > 4096) return null;
        var lines = File.ReadAllLines(binding);
        if (lines.Length != 2 || !AtomicOutput.IsPutAside(outputDir, lines[0])) return null;
        var folder = lines[0];
        var record = BuildCache.Read(cacheDir, RecordFile, paths);
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

    /// <summary>The stamps of the folders of <paramref name="stagingRoot"/> that hold unit files (of
    /// <paramref name="records"/>), and the other entries those folders hold, from <paramref name="files"/>: every
    /// file the build put in the folder. Taken at the end of the build, before the swap: the next build but one
    /// knows from them what such a folder holds without listing it.</summary>
    /// <param name="carried">the stamps that may be recorded again without an lstat (<see cref="Carry"/>), from the
    /// put-aside folder this build took, or null</param>
    /// <param name="kept">the files of every unit kept in that folder (those linked from the live output may be
    /// named too); without them nothing is carried</param>
    public static (List<BuildCache.FolderStamp> Folders, List<BuildCache.Extra> Extras) Stamps(string stagingRoot,
        IReadOnlyList<BuildCache.Unit> records, IEnumerable<string> files, Carry? carried = null,
        IEnumerable<string>? kept = null)
    {
        if (!Lstat.Available) return ([], []);
        // Sized at once (≈ 300,000 files, ≈ 144,000 folders at 10,000 meetings): no table grown step by step.
        var unitFiles = new HashSet<string>(FileCount(records), StringComparer.Ordinal);
        // Every folder holding unit files, with how many entries the record names in it: unit files, such folders,
        // other entries (counted as they are found: one lookup per file).
        var folders = new Dictionary<string, int>(carried?.Folders.Count ?? 0, StringComparer.Ordinal);
        var byName = folders.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var unit in records)
            foreach (var f in unit.Files)
                if (unitFiles.Add(f.Path)) AddEntry(byName, f.Path);
        var extras = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            if (unitFiles.Contains(f)) continue;
            var (child, parent) = (f, Parent(f));
            while (parent.Length > 0 && !folders.ContainsKey(parent)) (child, parent) = (parent, Parent(parent));
            if (parent.Length > 0 && extras.TryAdd(child, !ReferenceEquals(child, f))) folders[parent]++;
        }
        var list = new string[folders.Count]; // no order needed: the record is read into a dictionary
        var stamps = new BuildCache.FolderStamp?[list.Length];
        var toTake = new List<int>(list.Length);
        var reused = StepLog.Step("stamps carried", () =>
        {
            var missing = Missing(carried, kept, unitFiles);
            var (i, count) = (0, 0);
            foreach (var (dir, entries) in folders)
            {
                list[i] = dir;
                // Carried only when the record names exactly the entries the folder kept (see Carry).
                if (missing is not null && carried!.Folders.TryGetValue(dir, out var was) && was.Entries == entries
                    && !missing.Contains(dir))
                {
                    stamps[i] = was.Stamp;
                    count++;
                }
                else toTake.Add(i);
                i++;
            }
            return count;
        });
        var now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        using var root = toTake.Count == 0 ? null : Lstat.Folder.Open(stagingRoot);
        if (root is not null)
            Parallel.ForEach(toTake, i =>
            {
                if (root.Of(list[i]) is { Kind: Lstat.Kind.Folder } s
                    && s.CtimeNs < now - RacyNs && s.MtimeNs < now - RacyNs)
                    stamps[i] = new BuildCache.FolderStamp(list[i], s.Inode, s.Device, s.MtimeNs, s.CtimeNs);
            });
        StepLog.Count("stamps carried", reused);
        return ([.. stamps.OfType<BuildCache.FolderStamp>()],
            [.. extras.Select(e => new BuildCache.Extra(e.Key, e.Value))]);
    }

    /// <summary>As <see cref="Stamps(string, IReadOnlyList{BuildCache.Unit}, IEnumerable{string}, Carry?,
    /// IEnumerable{string}?)"/>, for a build whose records are the units kept in the put-aside folder it took (with
    /// their records as read, whose folders <paramref name="carried"/> names) and <paramref name="fresh"/>: the
    /// others (made, or linked from the live output). Only the fresh units' files and the files the build put in
    /// the folder (<paramref name="made"/>) are looked at, not the ≈ 300,000 kept files at 10,000 meetings.</summary>
    /// <remarks>The same stamps are carried as by the full count, or fewer: a carried folder's entries are the kept
    /// ones (<see cref="Carry"/>), and the new record names others in it exactly when a fresh unit's file, a folder on
    /// the way to one that no kept file is in, or another entry the build put there is in it. Such a folder is
    /// "touched" and its stamp taken (also for a fresh file at a kept file's path, which the full count would take as
    /// the same entry: a stamp taken is always true). Every folder of the record is one of the carry's (on the way to
    /// a kept file) or on the way to a fresh file.</remarks>
    public static (List<BuildCache.FolderStamp> Folders, List<BuildCache.Extra> Extras) Stamps(string stagingRoot,
        Carry carried, IReadOnlyList<BuildCache.Unit> fresh, IEnumerable<string> made)
    {
        if (!Lstat.Available) return ([], []);
        if (!carried.Complete) throw new ArgumentException("a carry without its other folders", nameof(carried));
        var others = new HashSet<string>(carried.Others, StringComparer.Ordinal);
        var added = new HashSet<string>(StringComparer.Ordinal); // folders on the way to fresh files only
        var touched = new HashSet<string>(StringComparer.Ordinal);
        bool Holds(string dir) => carried.Folders.ContainsKey(dir) || others.Contains(dir) || added.Contains(dir);
        var freshFiles = new HashSet<string>(FileCount(fresh), StringComparer.Ordinal);
        foreach (var unit in fresh)
            foreach (var f in unit.Files)
            {
                if (!freshFiles.Add(f.Path)) continue;
                // An entry of its folder; a folder new to the record is an entry of its parent, and so on up.
                for (var at = f.Path; ;)
                {
                    var parent = Parent(at);
                    if (parent.Length == 0) break;
                    touched.Add(parent);
                    if (Holds(parent)) break;
                    added.Add(parent);
                    at = parent;
                }
            }
        // The other entries, as the full count finds them: a file in a folder of the record, or the topmost folder
        // holding it below one. A file at a kept file's path (written over it) is taken as such an entry: its
        // folder is touched either way.
        var extras = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var f in made)
        {
            if (freshFiles.Contains(f)) continue;
            var (child, parent) = (f, Parent(f));
            while (parent.Length > 0 && !Holds(parent)) (child, parent) = (parent, Parent(parent));
            if (parent.Length > 0 && extras.TryAdd(child, !ReferenceEquals(child, f))) touched.Add(parent);
        }
        var stamps = new List<BuildCache.FolderStamp>(carried.Folders.Count + others.Count + added.Count);
        var toTake = new List<string>(touched.Count + others.Count + added.Count);
        foreach (var (dir, (stamp, _)) in carried.Folders)
            if (touched.Contains(dir)) toTake.Add(dir);
            else stamps.Add(stamp);
        StepLog.Count("stamps carried", stamps.Count);
        toTake.AddRange(others);
        toTake.AddRange(added);
        stamps.AddRange(Take(stagingRoot, toTake));
        return (stamps, [.. extras.Select(e => new BuildCache.Extra(e.Key, e.Value))]);
    }

    /// <summary>The stamps of <paramref name="folders"/> (site-relative) in <paramref name="stagingRoot"/> now: of
    /// each that is a real folder changed more than <see cref="RacyNs"/> ago.</summary>
    private static IEnumerable<BuildCache.FolderStamp> Take(string stagingRoot, IReadOnlyList<string> folders)
    {
        if (folders.Count == 0) return [];
        var now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        var stamps = new BuildCache.FolderStamp?[folders.Count];
        using (var root = Lstat.Folder.Open(stagingRoot))
            if (root is not null)
                Parallel.For(0, folders.Count, i =>
                {
                    if (root.Of(folders[i]) is { Kind: Lstat.Kind.Folder } s
                        && s.CtimeNs < now - RacyNs && s.MtimeNs < now - RacyNs)
                        stamps[i] = new BuildCache.FolderStamp(folders[i], s.Inode, s.Device, s.MtimeNs, s.CtimeNs);
                });
        return stamps.OfType<BuildCache.FolderStamp>();
    }

    /// <summary>The files of the <paramref name="kept"/> units whose record is not one of <paramref name="records"/>
    /// (by reference): what <see cref="Stamps"/> must be given as kept files, and, when there are none, the files
    /// it need not be given as files the build put in the folder.</summary>
    /// <remarks>Why the others may be left out: a unit whose record is one of <paramref name="records"/> has every
    /// file in the new record's unit files. <see cref="Stamps"/> asks of a kept file only whether it is such a unit
    /// file (else its folder carries no stamp), and of a file the build put in the folder only whether it is not
    /// (else it is an other entry of its folder): for these files the answers are "yes" and "skip", known without
    /// the ≈ 300,000 lookups at 10,000 meetings.</remarks>
    public static List<string> NotRecorded(IReadOnlyList<BuildCache.Unit> records,
        IEnumerable<BuildCache.Unit> kept)
    {
        var recorded = new HashSet<BuildCache.Unit>(records, ReferenceEqualityComparer.Instance);
        var outside = new List<string>();
        foreach (var unit in kept)
            if (!recorded.Contains(unit))
                foreach (var f in unit.Files) outside.Add(f.Path);
        return outside;
    }

    /// <summary>Counts <paramref name="path"/> (a unit file) in its folder, and a folder new to
    /// <paramref name="folders"/> in its parent, and so on up to a folder already there.</summary>
    private static void AddEntry(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> folders, string path)
    {
        for (var at = path; ;)
        {
            var parent = ParentOf(at);
            if (parent.Length == 0) return;
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(folders, parent, out var known);
            count++;
            if (known) return;
            at = Parent(at);
        }
    }

    /// <summary>The folders of kept files that the record does not name as unit files (their stamps are not carried:
    /// such a folder holds an entry the record may not name); null when nothing may be carried.</summary>
    private static HashSet<string>? Missing(Carry? carried, IEnumerable<string>? kept, HashSet<string> unitFiles)
    {
        if (carried is null || kept is null || carried.Folders.Count == 0) return null;
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in kept)
            if (!unitFiles.Contains(path)) missing.Add(Parent(path));
        return missing;
    }

    /// <summary>Each recorded unit whose files are regular files of the recorded size and time on a path of real
    /// folders, and the state of each folder holding unit files (lstat'ed once).</summary>
    private static Checked? Check(string root, BuildCache.Manifest record)
    {
        // Opened once, never through a link: each entry is then lstat'ed relative to it (the kernel walks only the
        // site-relative part: ≈ 15 % less CPU per call at 10,000 meetings).
        using var folder = Lstat.Folder.Open(root);
        if (folder is null) return null;
        var stamps = new Dictionary<string, BuildCache.FolderStamp>(StringComparer.Ordinal);
        foreach (var f in record.Folders ?? []) stamps.TryAdd(f.Path, f);
        var folders = new Dictionary<string, State>(stamps.Count, StringComparer.Ordinal);
        State StateOf(string dir)
        {
            if (dir.Length == 0) return State.Listed; // the folder itself: a real folder (Find), always listed
            if (folders.TryGetValue(dir, out var known)) return known;
            var state = State.Bad;
            if (StateOf(Parent(dir)) != State.Bad && folder.Of(dir) is { Kind: Lstat.Kind.Folder } s)
                state = stamps.TryGetValue(dir, out var was) && was.Inode == s.Inode && was.Device == s.Device
                        && was.MtimeNs == s.MtimeNs && was.CtimeNs == s.CtimeNs
                    ? State.Stamped
                    : State.Listed;
            return folders[dir] = state;
        }
        var byName = folders.GetAlternateLookup<ReadOnlySpan<char>>();
        State StateOfParent(string path) =>
            byName.TryGetValue(ParentOf(path), out var known) ? known : StateOf(Parent(path));
        var ok = new bool[record.Units.Count];
        for (var i = 0; i < ok.Length; i++)
        {
            var same = true;
            foreach (var f in record.Units[i].Files)
            {
                // Unit files are never empty: a size of 0 is also what a planted pipe or device shows.
                same = f.Size > 0 && SafeRelative(f.Path) && StateOfParent(f.Path) != State.Bad
                       && folder.Of(f.Path) is { Kind: Lstat.Kind.File } s
                       && s.Size == f.Size && s.Ticks == f.Ticks;
                if (!same) break;
            }
            ok[i] = same;
        }
        // Every folder holding a recorded unit file, also of units found changed: their entries are known. (A unit
        // found as recorded had every file's folder looked at above.)
        for (var i = 0; i < ok.Length; i++)
            if (!ok[i])
                foreach (var f in record.Units[i].Files)
                    if (SafeRelative(f.Path)) StateOfParent(f.Path);
        return new Checked(ok, folders, stamps);
    }

    /// <summary>A site-relative path of plain names (a forged record must not name anything outside).</summary>
    private static bool SafeRelative(string path)
    {
        if (path.Length == 0 || path[0] == '/') return false;
        foreach (var range in path.AsSpan().Split('/'))
            if (path.AsSpan()[range] is "" or "." or "..") return false;
        return true;
    }

    /// <summary>What <see cref="Prepare"/> decided: the units kept in the folder (with their records), and how many
    /// entries it removed one by one and moved away whole.</summary>
    public sealed record Kept(IReadOnlyDictionary<OutputUnit, BuildCache.Unit> Units, int Removed, int Moved,
        Carry Carried);

    /// <summary>Takes the folder as the staging folder of <paramref name="outputDir"/> and brings it to the state of a
    /// fresh staging folder with <paramref name="units"/>' unchanged files in it: the record is deleted first, then
    /// the folder renamed, then every other entry removed (whole folders moved to a trash folder that
    /// <paramref name="trash"/> deletes in the background). Null when the folder is not worth it or not usable
    /// (nothing changed then, or it is left to the sweep); the caller then makes a fresh staging folder.</summary>
    /// <param name="checkedOut">called once the check is done (or found nothing to check), before the rest of the
    /// preparation, which is one thread: the caller starts other work then, which would have slowed the check</param>
    public (AtomicOutput Output, Kept Kept)? Prepare(string cacheDir, string outputDir, IEnumerable<OutputUnit> units,
        out AtomicOutput.Sweeper? trash, Action? checkedOut = null)
    {
        trash = null;
        _ = Folder;
        var (found, check) = (_found, _check);
        (_found, _check, Paths) = (null, null, null);
        var known = found?.Result is not null && check is not null
            ? StepLog.Step("buffer wait", () => check.Result) : null;
        checkedOut?.Invoke();
        if (found?.Result is not var (folder, record) || known is null) return null;
        var (kept, keep, keptRecords) = StepLog.Step("buffer match", () => Match(record, known, units));
        (List<string> Move, List<string> Remove, Carry Carried)? plan = null;
        try
        {
            plan = StepLog.Step("buffer plan", () => Plan(folder, record, known, keep, keptRecords));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
        var (move, remove, carried) = plan.Value;
        // Each removal is one unlink on the critical path; a fresh folder with links costs one link per kept file.
        if (remove.Count > keep.Count + 1000) return null;

        Forget(cacheDir); // before the first change: a half-updated folder is never trusted again
        AtomicOutput? output = null;
        try
        {
            output = AtomicOutput.Adopt(outputDir, folder);
            var root = output.StagingDir;
            var bin = $"{root}.trash-{Guid.NewGuid():N}";
            StepLog.Step("buffer clean", () =>
            {
                if (move.Count > 0)
                {
                    Directory.CreateDirectory(bin);
                    for (var i = 0; i < move.Count; i++)
                        Directory.Move(Path.Combine(root, move[i]), Path.Combine(bin, $"{i}"));
                }
                Parallel.ForEach(remove, path => File.Delete(Path.Combine(root, path)));
                File.WriteAllText(Path.Combine(root, OutputFolder.Marker), OutputFolder.MarkerText);
            });
            if (move.Count > 0) trash = AtomicOutput.Delete(bin);
            return (output, new Kept(kept, remove.Count, move.Count, carried));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            output?.Dispose(); // put aside again, without a record: swept by the next build
            return null;
        }
    }

    /// <summary>The units whose files in the folder are as recorded, all their files, and which of the record's units
    /// they are (by place in the record).</summary>
    private static (Dictionary<OutputUnit, BuildCache.Unit> Kept, HashSet<string> Files, bool[] Records) Match(
        BuildCache.Manifest record, Checked known, IEnumerable<OutputUnit> units)
    {
        var byKey = new Dictionary<string, int>(record.Units.Count, StringComparer.Ordinal);
        for (var i = 0; i < record.Units.Count; i++) byKey.TryAdd(record.Units[i].Key, i);
        var kept = new Dictionary<OutputUnit, BuildCache.Unit>(ReferenceEqualityComparer.Instance);
        var keep = new HashSet<string>(FileCount(record.Units), StringComparer.Ordinal);
        var records = new bool[record.Units.Count];
        foreach (var unit in units)
        {
            if (!byKey.TryGetValue(unit.Key, out var i) || !known.UnitOk[i]) continue;
            var old = record.Units[i];
            if (old.Files.Count != unit.Files.Length) continue;
            var same = true;
            for (var j = 0; j < unit.Files.Length && same; j++) same = old.Files[j].Path == unit.Files[j];
            if (!same) continue;
            // A path of two units: the second is not trusted (its paths added here are taken out again).
            var added = 0;
            while (added < unit.Files.Length && keep.Add(unit.Files[added])) added++;
            if (added < unit.Files.Length)
            {
                for (var j = 0; j < added; j++) keep.Remove(unit.Files[j]);
                continue;
            }
            kept[unit] = old;
            records[i] = true;
        }
        return (kept, keep, records);
    }

    /// <summary>What to remove so that only <paramref name="keep"/> (and the folders holding it) is left: folders
    /// with nothing to keep are moved away whole; files, links and special files are removed one by one. The entries
    /// of a folder whose stamp holds are the record's; every other folder on the way is listed.</summary>
    /// <param name="keptRecords">the record's units that <paramref name="keep"/> keeps (from <see cref="Match"/>):
    /// every file of such a unit is in <paramref name="keep"/> (Match adds all of a unit's paths or none), so none of
    /// them is looked up again (≈ 300,000 lookups at 10,000 meetings)</param>
    private static (List<string> Move, List<string> Remove, Carry Carried) Plan(string root,
        BuildCache.Manifest record, Checked known, HashSet<string> keep, bool[] keptRecords)
    {
        var folders = OnTheWay(keep, known.Folders.Count);
        var onWay = folders.GetAlternateLookup<ReadOnlySpan<char>>();
        var states = known.Folders.GetAlternateLookup<ReadOnlySpan<char>>();
        bool Stamped(ReadOnlySpan<char> dir) => states.TryGetValue(dir, out var s) && s == State.Stamped;
        // The cheapest test that rejects first: nearly every recorded file is kept, nearly every folder on the way.
        bool InStamped(string path) => path.Length > 0 && !keep.Contains(path) && !folders.ContainsKey(path)
                                       && onWay.ContainsKey(ParentOf(path)) && Stamped(ParentOf(path));
        var move = new HashSet<string>(StringComparer.Ordinal);
        var remove = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < record.Units.Count; i++)
        {
            if (keptRecords[i]) continue; // every file kept (see above)
            foreach (var f in record.Units[i].Files)
                if (!keep.Contains(f.Path) && SafeRelative(f.Path) && InStamped(f.Path)) remove.Add(f.Path);
        }
        // A folder is nearly always on the way (one lookup rejects it) and never a kept file.
        foreach (var dir in known.Folders.Keys)
            if (dir.Length > 0 && !folders.ContainsKey(dir) && InStamped(dir)) move.Add(dir);
        foreach (var e in record.Extras ?? [])
            if (SafeRelative(e.Path) && InStamped(e.Path)) (e.IsFolder ? move : remove).Add(e.Path);
        var stamped = new List<(string Dir, int Entries)>(folders.Count);
        var others = new List<string>();
        var listed = 0;
        foreach (var (dir, keeps) in folders)
        {
            if (Stamped(dir))
            {
                stamped.Add((dir, keeps));
                continue;
            }
            listed++;
            if (dir.Length > 0) others.Add(dir);
            var options = new EnumerationOptions
            {
                RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false,
                ReturnSpecialDirectories = false,
            };
            var prefix = dir.Length == 0 ? "" : dir + "/";
            var entries = new FileSystemEnumerable<(string Path, bool Folder)?>(Path.Combine(root, dir),
                (ref FileSystemEntry e) =>
                {
                    var path = string.Concat(prefix, e.FileName);
                    if (keep.Contains(path) || folders.ContainsKey(path)) return null;
                    // A link (to a folder too) is removed, never followed.
                    return (path, (e.Attributes & FileAttributes.ReparsePoint) == 0 && e.IsDirectory);
                }, options);
            foreach (var entry in entries)
                if (entry is var (path, isFolder)) (isFolder ? move : remove).Add(path);
        }
        StepLog.Count("buffer folders listed", listed);
        StepLog.Count("buffer folders by stamp", folders.Count - listed);
        // Every entry found is in a folder that stays (its parent is on the way to a kept file): none is in another.
        return ([.. move.Order(StringComparer.Ordinal)], [.. remove], Carried(known, stamped, others, move, remove));
    }

    /// <summary>The folders on the way to a kept file (the folder itself as ""), each with how many entries it keeps:
    /// the kept files in it and the folders on the way in it. One lookup per kept file (≈ 300,000 at 10,000
    /// meetings), one more per folder found.</summary>
    private static Dictionary<string, int> OnTheWay(HashSet<string> keep, int capacity)
    {
        var folders = new Dictionary<string, int>(capacity + 1, StringComparer.Ordinal) { [""] = 0 };
        var byName = folders.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var path in keep)
        {
            if (path.Length == 0) continue;
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(byName, ParentOf(path), out var known);
            count++;
            // A folder new on the way is itself an entry of its parent, and so on up to one already on the way.
            for (var dir = known ? "" : Parent(path); dir.Length > 0; dir = Parent(dir))
            {
                ref var up = ref CollectionsMarshal.GetValueRefOrAddDefault(byName, ParentOf(dir), out var had);
                up++;
                if (had) break;
            }
        }
        return folders;
    }

    /// <summary>The stamps that still hold after the clean-up (<see cref="Carry"/>): of the folders on the way to a
    /// kept file that were trusted by their stamp (<paramref name="stamped"/>) and lose no entry (a folder listed
    /// never carries its stamp), with the entries each keeps; the other folders on the way (<paramref name="others"/>,
    /// those listed) and those stamped that do not carry theirs are <see cref="Carry.Others"/>.</summary>
    private static Carry Carried(Checked known, List<(string Dir, int Entries)> stamped, List<string> others,
        HashSet<string> move, HashSet<string> remove)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in move) changed.Add(Parent(path));
        foreach (var path in remove) changed.Add(Parent(path));
        var carried = new Dictionary<string, (BuildCache.FolderStamp, int)>(stamped.Count, StringComparer.Ordinal);
        foreach (var (dir, entries) in stamped)
            if (dir.Length > 0 && (changed.Count == 0 || !changed.Contains(dir))
                && known.Stamps.TryGetValue(dir, out var stamp))
                carried[dir] = (stamp, entries);
            else if (dir.Length > 0) others.Add(dir);
        return new Carry(carried) { Others = others, Complete = true };
    }

    /// <summary>How many files <paramref name="units"/> name (a table's size).</summary>
    private static int FileCount(IReadOnlyList<BuildCache.Unit> units)
    {
        var n = 0;
        foreach (var unit in units) n += unit.Files.Count;
        return n;
    }

    /// <summary>As <see cref="Parent"/>, without making a string.</summary>
    private static ReadOnlySpan<char> ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path.AsSpan(0, slash);
    }

    private static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }
}

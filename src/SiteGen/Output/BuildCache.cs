using SiteGen.Common;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SiteGen.Output;

/// <summary>What one build leaves for the next (<c>.sitegen-cache/manifest.bin</c>, git-ignored), so that the next
/// build redoes only what changed while its output stays byte for byte a clean build's:
/// <list type="bullet">
/// <item>Output units (<see cref="OutputUnits"/>: a meeting's pages, calendar and data file; a case's page, feed and
/// data file), each with its key (the hash of everything its bytes depend on) and per file its size and write time
/// (and a meeting page's content hash, for the search shards). A unit whose key is unchanged and whose files in the
/// previous output are all still there, regular files of the recorded size and write time on a path of real folders,
/// is hard-linked from the previous output into the staging folder and not made again; anything else is made again.
/// A hard link shares the file with the previous output, so nothing may write to a linked path: the render, the
/// feeds and the data skip exactly the linked units' files, and every other file of the build is a new file.</item>
/// <item>Search bundles, each with the hash of the pages it indexes and each of its files' size and write time: a
/// shard whose pages are the same hard-links its bundle from the previous output, as a unit's files are, when every
/// file there is still a regular file of the recorded size and write time on a path of real folders.</item>
/// </list>
/// When in doubt (no cache, unreadable, another format or output folder, <c>--clean</c>) nothing is reused; another
/// generator, template or asset never matches a unit's key; another Pagefind reuses no bundle.</summary>
public sealed class BuildCache
{
    /// <summary>The default cache folder, relative to the folder the build runs in (the project root).</summary>
    public const string DefaultFolder = ".sitegen-cache";

    /// <summary>The manifest's file in the cache folder (binary, <see cref="ManifestCodec"/>).</summary>
    internal const string ManifestFile = "manifest.bin";

    internal const int Format = 7; // 6: units' and bundles' content hashes; 7: a search page's hash is its ContentHash

    /// <summary>A search bundle of a build: its folder (site-relative), the hash of the pages it indexes, each
    /// file's size and write time by its path inside the folder, and the hash of all its files' bytes
    /// (<see cref="ContentHash"/>).</summary>
    public sealed record Bundle(string Folder, string Pages, SortedDictionary<string, BundleFile> Files,
        ulong Content = ContentHash.Unknown);

    /// <summary>One file of a search bundle as the build left it: size and write time (UTC ticks).</summary>
    public readonly record struct BundleFile(long Size, long Ticks);

    /// <summary>One file of a unit as the build left it: path (site-relative), size, write time (UTC ticks), and
    /// its content hash (<see cref="ContentHash"/>) when it is a search page, else <see cref="ContentHash.Unknown"/>
    /// (the search stage's shard keys are made of the pages' hashes: <see cref="PagesHash"/>).</summary>
    public sealed record UnitFile(string Path, long Size, long Ticks, ulong Hash = ContentHash.Unknown);

    /// <summary>A unit of a build: its key, files (<see cref="OutputUnit"/>) and the hash of their bytes
    /// (<see cref="ContentHash"/>; unknown when a file was not written from bytes).</summary>
    public sealed record Unit(string Key, List<UnitFile> Files, ulong Content = ContentHash.Unknown);

    /// <summary>A folder of the output that holds unit files, as the build left it: inode, device, and the write and
    /// change times in nanoseconds (<see cref="StaleBuffer"/>: while they are the same, so are its entries).</summary>
    public sealed record FolderStamp(string Path, ulong Inode, ulong Device, long MtimeNs, long CtimeNs);

    /// <summary>An entry in a folder that holds unit files that is not a unit file (an attachment folder, an
    /// overview page): with the units' files, what such a folder holds (<see cref="StaleBuffer"/>).</summary>
    public sealed record Extra(string Path, bool IsFolder);

    /// <summary>What the manifest holds: the generator's identity, the output folder it describes, the search
    /// bundles and the units; and the stamps of the folders holding unit files, with their other entries.</summary>
    internal sealed record Manifest(string Generator, string Output, List<Bundle> Bundles, List<Unit> Units,
        List<FolderStamp>? Folders = null, List<Extra>? Extras = null);

    private readonly string _output;
    private readonly string _generator;
    private readonly Dictionary<string, Bundle> _byPages;
    private readonly Dictionary<string, Unit> _units;

    private BuildCache(string output, string generator, IEnumerable<Bundle> bundles, IEnumerable<Unit> units)
    {
        _output = output;
        _generator = generator;
        _byPages = new Dictionary<string, Bundle>(StringComparer.Ordinal);
        foreach (var b in bundles) _byPages.TryAdd(b.Pages, b);
        _units = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var u in units) _units.TryAdd(u.Key, u);
    }

    /// <summary>The identity of this generator with <paramref name="pagefind"/>: <see cref="GeneratorBuild"/>, and
    /// the Pagefind binary's bytes (an update of either invalidates the cache). Not its path or write time: `npm ci`
    /// installs the same binary anew on every Netlify deploy (6 Dec 2026: that reused no search bundle).</summary>
    public static string Identity(string? pagefind)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{GeneratorBuild.Identity}\n"));
        if (pagefind is not null && File.Exists(pagefind))
        {
            // ≈ 13 MB, hashed in ≈ 10 ms.
            using var binary = new FileStream(pagefind, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            hash.AppendData(Encoding.UTF8.GetBytes($"\npagefind {Convert.ToHexStringLower(SHA256.HashData(binary))}"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The previous build's cache, or null when there is none that can be trusted for
    /// <paramref name="outputDir"/>.</summary>
    /// <param name="keys">when given (ordinal), only the units with these keys are read (the others cannot be
    /// linked: <see cref="Link"/> finds no record of them); the search bundles are always read</param>
    public static BuildCache? Load(string cacheDir, string outputDir, PathPool? paths = null,
        HashSet<string>? keys = null)
    {
        var output = Path.GetFullPath(outputDir);
        // Its stamps are the next build's (StaleBuffer): not read here.
        var manifest = Read(cacheDir, paths: paths, units: true, keys: keys);
        if (manifest is null || manifest.Output != output || !Directory.Exists(output)) return null;
        return new BuildCache(output, manifest.Generator, manifest.Bundles,
            manifest.Units.Where(u => u.Files.All(f => SafeRelative(f.Path))));
    }

    /// <summary>The manifest in <paramref name="cacheDir"/>, or null when there is none, or it is of another format,
    /// cut short or changed in any byte (its checksum differs): then the build makes everything.</summary>
    internal static Manifest? Read(string cacheDir, string file = ManifestFile, PathPool? paths = null,
        bool units = false, HashSet<string>? keys = null)
    {
        try
        {
            var bytes = StepLog.Step("load read", () => File.ReadAllBytes(Path.Combine(cacheDir, file)));
            return StepLog.Step("load parse", () => ManifestCodec.Decode(bytes, Format, paths, units, keys));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // missing or unreadable: build everything
        }
    }

    /// <summary>Hard-links the files of every unit whose key is in the cache, and whose files in the previous
    /// output are unchanged (<see cref="Previous"/>), into <paramref name="stagingRoot"/>. Returns the units linked,
    /// with their records; a unit that cannot be linked whole leaves nothing behind (it is made again).</summary>
    public IReadOnlyDictionary<OutputUnit, Unit> Link(IEnumerable<OutputUnit> units, string stagingRoot)
    {
        var linked = new ConcurrentDictionary<OutputUnit, Unit>(ReferenceEqualityComparer.Instance);
        using var previous = Previous.Open(_output);
        if (previous is null) return linked;
        // A folder shared by units (data/<udvalg>/, data/sager/) is made once, and every thread waits until it is: a
        // plain "first one makes it" flag let another thread link into a folder not yet there, which made that unit
        // fail to link now and then (it was then made again: correct, but not reused).
        var folders = new ConcurrentDictionary<string, Lazy<DirectoryInfo>>(StringComparer.Ordinal);
        Parallel.ForEach(units, unit =>
        {
            if (!_units.TryGetValue(unit.Key, out var old) || old.Files.Count != unit.Files.Length) return;
            for (var i = 0; i < unit.Files.Length; i++)
                if (old.Files[i].Path != unit.Files[i]) return;
            if (previous.Check(old) is not { } record) return;
            var made = new List<string>(unit.Files.Length);
            try
            {
                foreach (var file in old.Files)
                {
                    var to = Path.Combine(stagingRoot, file.Path);
                    var folder = Path.GetDirectoryName(to)!;
                    _ = folders.GetOrAdd(folder,
                        f => new Lazy<DirectoryInfo>(() => Directory.CreateDirectory(f))).Value;
                    HardLink.Make(Path.Combine(_output, file.Path), to);
                    made.Add(to);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Undo(made);
                return;
            }
            linked[unit] = record;
        });
        return linked;
    }

    /// <summary>The rule a file of the previous output meets before it is linked (a unit's file, a search bundle's
    /// file): a regular file of the recorded size and write time, on a path of real folders. Each entry is
    /// lstat'ed (a link, to a file or a folder, is never followed), each folder on the way once.</summary>
    private sealed class Previous : IDisposable
    {
        private readonly string _output;
        private readonly Lstat.Folder? _root; // null where there is no statx: FileInfo then
        private readonly ConcurrentDictionary<string, bool> _folders = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> _byName;

        private Previous(string output, Lstat.Folder? root)
        {
            (_output, _root) = (output, root);
            _byName = _folders.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>The previous output, or null when it is not a real folder.</summary>
        public static Previous? Open(string output)
        {
            var root = Lstat.Folder.Open(output);
            return root is null && Lstat.Available ? null : new Previous(output, root);
        }

        /// <summary>The write time of <paramref name="path"/> (site-relative, of plain names) when it is a regular file
        /// of <paramref name="size"/> bytes on a path of real folders, else null.</summary>
        private long? Ticks(string path, long size)
        {
            var slash = path.LastIndexOf('/');
            // Looked up by span: no string per file for its folder (300,000 files at 10,000 meetings).
            var folderOk = slash < 0 || (_byName.TryGetValue(path.AsSpan(0, slash), out var known)
                ? known : RealFolder(path[..slash]));
            return folderOk && Stat(path) is { Kind: Lstat.Kind.File } s && s.Size == size ? s.Ticks : null;
        }

        /// <summary>The unit's record as its files now are, or null when one of them no longer holds: each must be a
        /// regular file of the recorded size on a path of real folders, and of the recorded write time, or, when
        /// one's write time differs, all of them must have the recorded content (<see cref="ContentHash"/>: read and
        /// hashed; the record then takes the new write times).</summary>
        public Unit? Check(Unit unit)
        {
            var ticks = new long[unit.Files.Count];
            var touched = false;
            for (var i = 0; i < ticks.Length; i++)
            {
                var file = unit.Files[i];
                if (Ticks(file.Path, file.Size) is not { } now) return null;
                ticks[i] = now;
                touched |= now != file.Ticks;
            }
            if (!touched) return unit;
            if (unit.Content == ContentHash.Unknown || Content(unit.Files.Select(f => f.Path)) != unit.Content)
                return null;
            return unit with { Files = [.. unit.Files.Select((f, i) => f with { Ticks = ticks[i] })] };
        }

        /// <summary>As <see cref="Check(Unit)"/>, for a search bundle's files under <paramref name="folder"/>.
        /// </summary>
        public SortedDictionary<string, BundleFile>? Check(string folder, Bundle bundle)
        {
            var now = new SortedDictionary<string, BundleFile>(StringComparer.Ordinal);
            var touched = false;
            foreach (var (relative, file) in bundle.Files)
            {
                if (Ticks($"{folder}/{relative}", file.Size) is not { } ticks) return null;
                now[relative] = file with { Ticks = ticks };
                touched |= ticks != file.Ticks;
            }
            if (!touched) return bundle.Files;
            return bundle.Content != ContentHash.Unknown
                   && Content(bundle.Files.Keys.Select(r => $"{folder}/{r}"), folder.Length + 1) == bundle.Content
                ? now : null;
        }

        /// <summary>The content hash of the files at <paramref name="paths"/> (read now), each named by its path less
        /// the first <paramref name="cut"/> characters; unknown when one cannot be read (gone since it was looked
        /// at): then nothing is reused.</summary>
        private ulong Content(IEnumerable<string> paths, int cut = 0)
        {
            try
            {
                return ContentHash.Of(paths.Select(p =>
                {
                    var (size, hash) = ContentHash.OfFile(Path.Combine(_output, p));
                    return (p[cut..], size, hash);
                }));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return ContentHash.Unknown;
            }
        }

        private bool RealFolder(string dir)
        {
            if (_folders.TryGetValue(dir, out var known)) return known;
            var slash = dir.LastIndexOf('/');
            return _folders[dir] = (slash < 0 || RealFolder(dir[..slash])) && Stat(dir) is { Kind: Lstat.Kind.Folder };
        }

        /// <summary>lstat of a site-relative <paramref name="path"/>: through the folder opened once where there is
        /// statx, else <see cref="FileInfo"/> (a link reads as one, never followed).</summary>
        private Lstat.Info? Stat(string path)
        {
            if (_root is not null) return _root.Of(path);
            var info = new FileInfo(Path.Combine(_output, path));
            if (!info.Exists && !Directory.Exists(info.FullName))
                return new Lstat.Info(Lstat.Kind.Missing, 0, 0, 0, 0, 0, 0);
            var kind = (info.Attributes & FileAttributes.ReparsePoint) != 0 ? Lstat.Kind.Link
                : (info.Attributes & FileAttributes.Directory) != 0 ? Lstat.Kind.Folder : Lstat.Kind.File;
            return new Lstat.Info(kind, kind == Lstat.Kind.File ? info.Length : 0, info.LastWriteTimeUtc.Ticks, 0, 0,
                0, 0);
        }

        public void Dispose() => _root?.Dispose();
    }

    /// <summary>The record of a unit just made in <paramref name="stagingRoot"/>, or null when one of its files
    /// is missing (then it is not recorded, and the next build makes it again).</summary>
    /// <param name="searchPages">the pages the search indexes: their content hash is recorded with them</param>
    /// <param name="writer">the writer that wrote the unit's files, for their content hashes (none: not recorded)
    /// </param>
    public static Unit? Describe(OutputUnit unit, string stagingRoot, IReadOnlySet<string> searchPages,
        SiteWriter? writer = null)
    {
        var files = new List<UnitFile>(unit.Files.Length);
        var hashes = new ulong[unit.Files.Length];
        for (var i = 0; i < hashes.Length; i++)
        {
            var path = unit.Files[i];
            var info = new FileInfo(Path.Combine(stagingRoot, path));
            if (!info.Exists) return null;
            hashes[i] = writer?.HashOf(path) ?? ContentHash.Unknown;
            files.Add(new UnitFile(path, info.Length, info.LastWriteTimeUtc.Ticks,
                searchPages.Contains(path) ? hashes[i] : ContentHash.Unknown));
        }
        var content = writer is null ? ContentHash.Unknown
            : ContentHash.Of(files.Select((f, i) => (f.Path, f.Size, hashes[i])));
        return new Unit(unit.Key, files, content);
    }

    /// <summary>Hard-links the previous bundle of the same pages (made by the same generator and Pagefind) from the
    /// previous output into <paramref name="folder"/> of the staging folder; returns the bundle as it now is, or null
    /// (no link left behind) when there is none, or a file there is not a regular file of the recorded size and write
    /// time on a path of real folders (<see cref="Previous"/>, the rule of a unit's files). Only the recorded files are
    /// linked: anything else in the previous bundle's folder stays behind.</summary>
    /// <remarks>A link shares the file with the previous output (and with the folder that output is put aside in):
    /// a write in place into either shows as another write time, and that shard is indexed again by the next build.
    /// Nothing of this build writes to a linked path: Pagefind writes into work folders, whose bundles are moved into
    /// the staging folder as new names (never over one), and shards.json is a new file.</remarks>
    public Bundle? Reuse(string pages, string folder, string stagingRoot, string generator)
    {
        if (generator != _generator || !_byPages.TryGetValue(pages, out var old) || !SafeRelative(old.Folder))
            return null;
        var target = Path.Combine(stagingRoot, folder);
        var made = new List<string>(old.Files.Count);
        using var previous = Previous.Open(_output);
        if (previous is null) return null;
        if (!old.Files.Keys.All(SafeRelative) || previous.Check(old.Folder, old) is not { } files) return null;
        var created = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var relative in old.Files.Keys)
            {
                var path = $"{old.Folder}/{relative}";
                var to = Path.Combine(target, relative);
                if (created.Add(Path.GetDirectoryName(to)!)) Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                HardLink.Make(Path.Combine(_output, path), to);
                made.Add(to);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Undo(made);
        }
        return old with { Folder = folder, Files = files };
    }

    private static Bundle? Undo(List<string> made)
    {
        foreach (var f in made) File.Delete(f);
        return null;
    }

    private static bool SafeRelative(string relative)
    {
        if (relative.Length == 0 || Path.IsPathRooted(relative)) return false;
        foreach (var range in relative.AsSpan().Split('/')) // no array or string per part (300,000 paths a build)
            if (relative.AsSpan()[range] is "" or "." or "..") return false;
        return true;
    }

    /// <summary>The bundle Pagefind just wrote in <paramref name="folder"/> (its work folder: moving it into the
    /// staging folder keeps each file's write time).</summary>
    public static Bundle Describe(string stagingRoot, string folder, string pages)
    {
        var root = Path.Combine(stagingRoot, folder);
        var files = new SortedDictionary<string, BundleFile>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file.FullName).Replace('\\', '/');
            var (size, hash) = ContentHash.OfFile(file.FullName); // just written by Pagefind: read back for the hash
            files[relative] = new BundleFile(size, file.LastWriteTimeUtc.Ticks);
            hashes[relative] = hash;
        }
        return new Bundle(folder, pages, files,
            ContentHash.Of(files.Select(f => (f.Key, f.Value.Size, hashes[f.Key]))));
    }

    /// <summary>Writes the manifest of a committed build (replaced whole: written beside, then renamed).</summary>
    public static void Save(string cacheDir, string outputDir, string identity, IEnumerable<Bundle> bundles,
        IEnumerable<Unit> units, (List<FolderStamp> Folders, List<Extra> Extras)? folders = null) =>
        Write(cacheDir, new Manifest(identity, Path.GetFullPath(outputDir), [.. bundles], [.. units],
            folders?.Folders, folders?.Extras));

    internal static void Write(string cacheDir, Manifest manifest, string file = ManifestFile)
    {
        Directory.CreateDirectory(cacheDir);
        var path = Path.Combine(cacheDir, file);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            // Written as it is encoded (no 30 MB copy in memory at 10,000 meetings, ManifestCodec.Write).
            StepLog.Step("save serialise", () =>
            {
                using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                    bufferSize: 0);
                ManifestCodec.Write(file, manifest, Format);
            });
        }
        catch
        {
            File.Delete(temp); // a full disk, say: no half-written manifest left beside
            throw;
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Removes the manifest (before a swap, so a crash between swap and save leaves no stale one), and
    /// the JSON one of earlier versions. With <paramref name="keepAs"/> it is renamed to that file instead (the
    /// record of the output about to be put aside, <see cref="StaleBuffer"/>).</summary>
    public static void Forget(string cacheDir, string? keepAs = null)
    {
        foreach (var name in new[] { ManifestFile, "manifest.json" })
        {
            var path = Path.Combine(cacheDir, name);
            if (keepAs is not null && name == ManifestFile && File.Exists(path))
                File.Move(path, Path.Combine(cacheDir, keepAs), overwrite: true);
            else if (File.Exists(path)) File.Delete(path);
        }
    }

    /// <summary>The hash of a shard's pages: each page's path, size and content hash, in order. A page's size and
    /// hash are the ones <paramref name="writer"/> recorded when it wrote or kept it (<see cref="SiteWriter.HashOf"/>):
    /// no page is read again. A page it has no hash of is read.</summary>
    public static string PagesHash(SiteWriter writer, IReadOnlyList<string> pages)
    {
        // A SHA-256 of the pages' entries, as ContentHash.Of makes its 64 bits of them: the key that lets a bundle be
        // reused is not made shorter than it was.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var page in pages)
        {
            var (size, content) = writer.Recorded(page);
            if (content == ContentHash.Unknown) (size, content) = ContentHash.OfFile(Path.Combine(writer.Root, page));
            hash.AppendData(ContentHash.Entry(page, size, content));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

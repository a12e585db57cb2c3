using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SiteGen.Output;

/// <summary>What one build leaves for the next (<c>.sitegen-cache/manifest.json</c>, git-ignored): the generator's
/// identity, the output folder, and per search-index bundle the hash of the pages it indexes and of each of its
/// files. The next build renders every page again (cheap, and correct by construction), hashes the pages of each
/// shard, and reuses a bundle of the previous output only when its pages are byte for byte the same and its files
/// still have the recorded hashes; anything else is indexed again. When in doubt (no cache, unreadable, another
/// generator or Pagefind, another output folder, <c>--clean</c>) nothing is reused.</summary>
public sealed class BuildCache
{
    /// <summary>The default cache folder, relative to the folder the build runs in (the project root).</summary>
    public const string DefaultFolder = ".sitegen-cache";

    private const string ManifestFile = "manifest.json";
    private const int Format = 1;

    /// <summary>A search bundle of a build: its folder (site-relative), the hash of the pages it indexes, and
    /// each file's hash by its path inside the folder.</summary>
    public sealed record Bundle(string Folder, string Pages, SortedDictionary<string, string> Files);

    private sealed record Manifest(int Format, string Generator, string Output, List<Bundle> Bundles);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly string _output;
    private readonly Dictionary<string, Bundle> _byPages;

    private BuildCache(string output, IEnumerable<Bundle> bundles)
    {
        _output = output;
        _byPages = new Dictionary<string, Bundle>(StringComparer.Ordinal);
        foreach (var b in bundles) _byPages.TryAdd(b.Pages, b);
    }

    /// <summary>The identity of this generator with <paramref name="pagefind"/>: its version and the hash of its
    /// own assembly, and the Pagefind binary's path, size and time (an update of either invalidates the
    /// cache).</summary>
    public static string Identity(string? pagefind)
    {
        var assembly = typeof(BuildCache).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{version}\n"));
        if (assembly.Location is { Length: > 0 } dll && File.Exists(dll)) hash.AppendData(File.ReadAllBytes(dll));
        if (pagefind is not null && File.Exists(pagefind))
        {
            var info = new FileInfo(pagefind);
            hash.AppendData(Encoding.UTF8.GetBytes($"\n{Path.GetFullPath(pagefind)}\n{info.Length}\n" +
                $"{info.LastWriteTimeUtc.Ticks}"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The previous build's cache, or null when there is none that can be trusted for
    /// <paramref name="outputDir"/> and <paramref name="identity"/>.</summary>
    public static BuildCache? Load(string cacheDir, string outputDir, string identity)
    {
        var output = Path.GetFullPath(outputDir);
        try
        {
            var manifest = JsonSerializer.Deserialize<Manifest>(
                File.ReadAllBytes(Path.Combine(cacheDir, ManifestFile)), Json);
            if (manifest is null || manifest.Format != Format || manifest.Generator != identity
                || manifest.Output != output || manifest.Bundles is null || !Directory.Exists(output))
                return null;
            return new BuildCache(output, manifest.Bundles.Where(b => b?.Folder is not null && b.Pages is not null
                && b.Files is not null));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException
                                       or NotSupportedException or ArgumentException)
        {
            return null; // missing or corrupt: build everything
        }
    }

    /// <summary>Copies the previous bundle of the same pages into <paramref name="folder"/> of the staging folder,
    /// after checking every file's hash; returns the bundle as it now is, or null (nothing copied that stays: the
    /// folder is emptied again) when there is none or a file differs.</summary>
    public Bundle? Reuse(string pages, string folder, string stagingRoot)
    {
        if (!_byPages.TryGetValue(pages, out var old)) return null;
        var target = Path.Combine(stagingRoot, folder);
        var copied = new List<string>();
        try
        {
            foreach (var (relative, expected) in old.Files)
            {
                if (!SafeRelative(relative)) return Undo(copied);
                var source = Path.Combine(_output, old.Folder, relative);
                var bytes = File.ReadAllBytes(source);
                if (Hash(bytes) != expected) return Undo(copied);
                var to = Path.Combine(target, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.WriteAllBytes(to, bytes);
                copied.Add(to);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Undo(copied);
        }
        return old with { Folder = folder };
    }

    private static Bundle? Undo(List<string> copied)
    {
        foreach (var f in copied) File.Delete(f);
        return null;
    }

    private static bool SafeRelative(string relative) =>
        relative.Length > 0 && !Path.IsPathRooted(relative) && !relative.Split('/').Any(p => p is "" or "." or "..");

    /// <summary>The bundle Pagefind just wrote in <paramref name="folder"/>. Called before any older shard's
    /// subfolder exists in it (the newest shard is indexed first).</summary>
    public static Bundle Describe(string stagingRoot, string folder, string pages)
    {
        var root = Path.Combine(stagingRoot, folder);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            files[Path.GetRelativePath(root, file).Replace('\\', '/')] = Hash(File.ReadAllBytes(file));
        return new Bundle(folder, pages, files);
    }

    /// <summary>Writes the manifest of a committed build (replaced whole: written beside, then renamed).</summary>
    public static void Save(string cacheDir, string outputDir, string identity, IEnumerable<Bundle> bundles)
    {
        Directory.CreateDirectory(cacheDir);
        var manifest = new Manifest(Format, identity, Path.GetFullPath(outputDir), [.. bundles]);
        var path = Path.Combine(cacheDir, ManifestFile);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(manifest, Json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Removes the manifest (before a swap, so a crash between swap and save leaves no stale one).</summary>
    public static void Forget(string cacheDir)
    {
        var path = Path.Combine(cacheDir, ManifestFile);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>The hash of a shard's pages: each page's path and content hash, in order.</summary>
    public static string PagesHash(string siteRoot, IReadOnlyList<string> pages)
    {
        var hashes = new string[pages.Count];
        Parallel.For(0, pages.Count, i => hashes[i] = Hash(File.ReadAllBytes(Path.Combine(siteRoot, pages[i]))));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < pages.Count; i++) hash.AppendData(Encoding.UTF8.GetBytes($"{pages[i]}\0{hashes[i]}\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

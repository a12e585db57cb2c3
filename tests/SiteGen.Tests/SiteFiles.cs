namespace SiteGen.Tests;

/// <summary>A built site as its files, and the byte identity an incremental build owes a clean one.</summary>
public static class SiteFiles
{
    /// <summary>Every file under <paramref name="root"/>, by its path relative to it ('/'-separated).</summary>
    public static Dictionary<string, byte[]> Read(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);

    /// <summary>The same file names and the same bytes in each file as the clean build's.</summary>
    public static void AssertSame(Dictionary<string, byte[]> clean, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(clean.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in clean)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[path]), $"{path} differs from the clean build's");
    }

    /// <summary>Builds <paramref name="input"/> with search, one meeting per search shard, into
    /// <paramref name="output"/>; the build must succeed.</summary>
    public static void Build(string input, string output, string? cache, bool clean = false)
    {
        var result = Pipeline.Build(new BuildOptions(input, output, Search: true, CacheDir: cache, Clean: clean,
            ShardMeetings: 1), TextWriter.Null);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    /// <summary>The files of a build of <paramref name="input"/> without a cache (made in a new folder of
    /// <paramref name="work"/>, deleted after).</summary>
    public static Dictionary<string, byte[]> CleanBuild(string input, string work)
    {
        var clean = Path.Combine(work, "clean-" + Guid.NewGuid().ToString("N"));
        Build(input, clean, null);
        var files = Read(clean);
        Directory.Delete(clean, recursive: true);
        return files;
    }
}

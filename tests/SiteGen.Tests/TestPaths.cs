namespace SiteGen.Tests;

/// <summary>Where the repository is, and scratch copies of its input for tests that change files.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string SampleInput => Path.Combine(RepoRoot, "input");

    /// <summary>The real Pagefind binary, from the repository's node_modules (installed there when missing).</summary>
    public static string RealPagefind()
    {
        var (binary, problem) = SiteGen.Search.SearchIndexer.Find(TextWriter.Null, SampleInput, null);
        Assert.Null(problem);
        return binary!;
    }

    /// <summary>A fresh temporary copy of a folder (default: the shipped input/), deleted by the caller.</summary>
    public static string CopyOfInput(string? from = null)
    {
        var target = Path.Combine(Path.GetTempPath(), "sitegen-test-" + Guid.NewGuid().ToString("N"));
        CopyDirectory(from ?? SampleInput, target);
        return target;
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SiteGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("SiteGen.sln not found above " + AppContext.BaseDirectory);
    }
}

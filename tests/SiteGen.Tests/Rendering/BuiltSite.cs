using AngleSharp.Html.Dom;

namespace SiteGen.Tests.Rendering;

/// <summary>A fixture input (tests/SiteGen.Tests/Fixtures/&lt;name&gt;) with the repository's real templates
/// and assets, built by the real pipeline into a temp folder.</summary>
public sealed class BuiltSite : IDisposable
{
    public string Dir { get; }
    public string Input => Path.Combine(Dir, "input");
    public string Output => Path.Combine(Dir, "output");
    public BuildResult Result { get; private set; }

    /// <summary>The build date given to the pipeline (as SOURCE_DATE_EPOCH would); null: the clock.</summary>
    public DateOnly? Today { get; }

    public BuiltSite(string fixture, DateOnly? today = null)
    {
        Today = today;
        Dir = Directory.CreateTempSubdirectory($"sitegen-{fixture}-").FullName;
        Repo.CopyDir(Path.Combine(Repo.Root, "tests", "SiteGen.Tests", "Fixtures", fixture), Input);
        Repo.CopyDir(Repo.Templates, Path.Combine(Input, "templates"));
        Repo.CopyDir(Repo.Assets, Path.Combine(Input, "assets"));
        Result = Build();
    }

    public BuildResult Build(string? output = null) =>
        Pipeline.Build(new BuildOptions(Input, output ?? Output, Search: false, Today: Today), TextWriter.Null);

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    /// <summary>Every output file, site-relative with forward slashes, sorted.</summary>
    public IReadOnlyList<string> Files(string? root = null)
    {
        root ??= Output;
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
    }

    public IEnumerable<string> Pages => Files().Where(f => f.EndsWith(".html", StringComparison.Ordinal));

    public string Read(string relative) => File.ReadAllText(Path.Combine(Output, relative));

    public IHtmlDocument Page(string relative) => Repo.Parse(Read(relative));

    /// <summary>Name and bytes of every file, for comparing whole builds.</summary>
    public static Dictionary<string, byte[]> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);
}

public sealed class LeakSite() : IDisposable
{
    public BuiltSite Site { get; } = new("site-leak");
    public void Dispose() => Site.Dispose();
}

namespace SiteGen.Tests.Browser;

/// <summary>A site built by the real pipeline (search included, so Pagefind runs) from an input folder,
/// served on 127.0.0.1 with the production headers, plus a browser. Share it per test class with
/// IClassFixture; subclasses choose the input.</summary>
public abstract class ServedSite : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-served-").FullName;
    public string Output => Path.Combine(_dir, "output");
    public BuildResult Result { get; private set; } = null!;
    public StaticSiteServer Server { get; private set; } = null!;
    public BrowserFixture Browser { get; } = new();
    public string Url => Server.Url;

    /// <summary>Meetings per search index shard (issue 18): small to put each meeting in a shard of its own.</summary>
    protected virtual int ShardMeetings => SiteGen.Search.SearchShards.DefaultMaxMeetings;

    /// <summary>The input folder to build (must contain templates/ and assets/).</summary>
    protected abstract string PrepareInput(string scratch);

    /// <summary>The build date (as SOURCE_DATE_EPOCH would set it); null: the clock.</summary>
    protected virtual DateOnly? Today => null;

    public async Task InitializeAsync()
    {
        var input = PrepareInput(_dir);
        Result = Pipeline.Build(new BuildOptions(input, Output, Search: true, ShardMeetings: ShardMeetings,
            Today: Today), TextWriter.Null);
        if (!Result.Succeeded)
            throw new InvalidOperationException("Build failed:\n" + string.Join("\n", Result.Diagnostics));
        Server = await StaticSiteServer.StartAsync(Output);
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The shipped sample content (input/), built with search and served.</summary>
public class SampleSite : ServedSite
{
    protected override string PrepareInput(string scratch) => TestPaths.SampleInput;
}

/// <summary>A fixture under tests/SiteGen.Tests/Fixtures/&lt;name&gt; with the repository's real templates and assets.</summary>
public abstract class FixtureSite(string fixture) : ServedSite
{
    protected override string PrepareInput(string scratch)
    {
        var input = Path.Combine(scratch, "input");
        TestPaths.CopyDirectory(Path.Combine(TestPaths.RepoRoot, "tests", "SiteGen.Tests", "Fixtures", fixture), input);
        TestPaths.CopyDirectory(Path.Combine(TestPaths.RepoRoot, "input", "templates"), Path.Combine(input, "templates"));
        TestPaths.CopyDirectory(Path.Combine(TestPaths.RepoRoot, "input", "assets"), Path.Combine(input, "assets"));
        return input;
    }
}

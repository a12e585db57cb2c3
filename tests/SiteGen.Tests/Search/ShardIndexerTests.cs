using SiteGen.Search;

namespace SiteGen.Tests.Search;

/// <summary><see cref="ShardIndexer"/>'s gate, with the real Pagefind: up to <see cref="ShardIndexer.BesideUpTo"/>
/// meetings one run starts while the build still writes its feeds and data; above it (allWait) no run starts until
/// they are written, so the build's memory never holds a Pagefind run beside that stage's peak.</summary>
public sealed class ShardIndexerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-shards-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Site => Path.Combine(_dir, "staging");

    /// <summary>One meeting page, the shard of it, and the run started on a thread of its own.</summary>
    private Task<SiteGen.Diagnostics.Diagnostic?> Start(WaitHandle fullSpeed, bool allWait)
    {
        const string page = "direktionen/2025-01-08/index.html";
        Directory.CreateDirectory(Path.Combine(Site, Path.GetDirectoryName(page)!));
        File.WriteAllText(Path.Combine(Site, page), """
            <!doctype html><html lang="da"><head><meta charset="utf-8"><title>Direktionen</title></head>
            <body><main data-pagefind-body><h1>Direktionen 8. januar 2025</h1><p>Budgetopfølgning for skoleområdet.</p>
            </main></body></html>
            """);
        var shard = new SearchShard(SearchIndexer.IndexFolder, "*/*/index.html", [page]);
        var binary = TestPaths.RealPagefind();
        return Task.Run(() => ShardIndexer.Run(binary, Site, [shard], [], (_, _) => { }, fullSpeed, allWait));
    }

    /// <summary>A finished bundle in a run's work folder beside the staging folder.</summary>
    private bool Indexed() => Directory.GetDirectories(_dir, "staging.pages-*")
        .Any(w => File.Exists(Path.Combine(w, "bundle", "pagefind.js")));

    [Fact]
    public async Task Above_the_bound_no_run_starts_until_feeds_and_data_are_written()
    {
        using var feedsDone = new ManualResetEvent(false);
        var run = Start(feedsDone, allWait: true);
        await Task.Delay(1500);
        Assert.False(run.IsCompleted);
        Assert.Empty(Directory.GetDirectories(_dir, "staging.pages-*")); // no run has begun: no work folder
        feedsDone.Set();
        Assert.Null(await run.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.True(File.Exists(Path.Combine(Site, SearchIndexer.IndexFolder, "pagefind.js")));
    }

    [Fact]
    public async Task Up_to_the_bound_the_first_run_indexes_while_feeds_and_data_are_still_written()
    {
        using var feedsDone = new ManualResetEvent(false);
        var run = Start(feedsDone, allWait: false);
        var until = DateTime.UtcNow.AddMinutes(2);
        while (!Indexed() && DateTime.UtcNow < until) await Task.Delay(50);
        Assert.True(Indexed()); // the shard is indexed with the gate still closed
        Assert.False(run.IsCompleted); // the second run waits for the gate (and finds nothing left to do)
        feedsDone.Set();
        Assert.Null(await run.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.True(File.Exists(Path.Combine(Site, SearchIndexer.IndexFolder, "pagefind.js")));
    }
}

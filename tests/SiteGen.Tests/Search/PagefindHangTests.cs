using SiteGen.Search;
using SiteGen.Tests.Rendering;

namespace SiteGen.Tests.Search;

[CollectionDefinition(nameof(PagefindHangTests), DisableParallelization = true)]
public class PagefindHangAlone;

/// <summary>A Pagefind run that hangs (seen once in the benchmark: every thread waiting, the index half written) is
/// killed at the time limit and run once more; two hangs fail the build with a diagnostic, the old site untouched.
/// Alone, because the time limit is the process's and is shortened here.</summary>
[Collection(nameof(PagefindHangTests))]
public sealed class PagefindHangTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-hang-").FullName;
    private readonly TimeSpan _limit = SearchIndexer.Timeout;

    public void Dispose()
    {
        SearchIndexer.Timeout = _limit;
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Output => Path.Combine(_dir, "output");

    private BuildResult Build(string pagefind) => Pipeline.Build(new BuildOptions(TestPaths.SampleInput, Output,
        Search: true, PagefindBinary: pagefind), TextWriter.Null);

    /// <summary>A stand-in that hangs on its first <paramref name="hangs"/> runs (it records each start, then sleeps
    /// until killed) and then runs the real Pagefind with the same arguments.</summary>
    private string HangingPagefind(int hangs)
    {
        var starts = Path.Combine(_dir, "starts");
        var path = Path.Combine(_dir, "pagefind");
        File.WriteAllText(path, $"""
            #!/bin/sh
            echo x >> '{starts}'
            if [ "$(wc -l < '{starts}')" -le {hangs} ]; then exec sleep 600; fi
            exec '{TestPaths.RealPagefind()}' "$@"

            """);
        if (!OperatingSystem.IsWindows()) // a shell script: this test is for Linux (CI)
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private int Starts => File.Exists(Path.Combine(_dir, "starts"))
        ? File.ReadAllLines(Path.Combine(_dir, "starts")).Length : 0;

    [Fact]
    public void A_run_that_hangs_once_is_run_again_and_the_build_gives_the_same_index_as_an_untroubled_one()
    {
        // Long enough for the real Pagefind over the sample site on a loaded machine, short for the hang.
        SearchIndexer.Timeout = TimeSpan.FromSeconds(20);
        var result = Build(HangingPagefind(hangs: 1));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.True(Starts >= 2, "the hung run was not run again");
        var retried = BuiltSite.Snapshot(Path.Combine(Output, "pagefind"));

        SearchIndexer.Timeout = _limit;
        var clean = Path.Combine(_dir, "clean");
        Assert.True(Pipeline.Build(new BuildOptions(TestPaths.SampleInput, clean, Search: true), TextWriter.Null)
            .Succeeded);
        var untroubled = BuiltSite.Snapshot(Path.Combine(clean, "pagefind"));
        Assert.Equal(untroubled.Keys.Order(), retried.Keys.Order());
        foreach (var (name, bytes) in untroubled)
            Assert.True(bytes.AsSpan().SequenceEqual(retried[name]), $"pagefind/{name} differs");
    }

    [Fact]
    public void A_run_that_hangs_twice_fails_the_build_with_a_diagnostic_and_leaves_the_site_as_it_was()
    {
        SearchIndexer.Timeout = _limit;
        Assert.True(Build(TestPaths.RealPagefind()).Succeeded);
        var before = BuiltSite.Snapshot(Output);

        SearchIndexer.Timeout = TimeSpan.FromSeconds(2);
        var result = Build(HangingPagefind(hangs: 1000));

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("SRCH003", problem.Code);
        Assert.Contains("blev ikke færdigt", problem.Message);
        Assert.Contains("to gange", problem.Message);
        // One retry per run, not more: the hung shard twice (an attachment index run may have started beside it).
        Assert.InRange(Starts, 2, 4);
        var after = BuiltSite.Snapshot(Output);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed");
    }
}

using SiteGen.Output;

namespace SiteGen.Tests.Search;

/// <summary>The search stage starts as soon as the meeting pages are written (before the overview and case pages),
/// and the shards whose pages are unchanged copy their bundles from the last build beside the Pagefind runs of the
/// others (Pipeline.Index): whatever the order things end in, the incremental build is byte for byte the clean
/// build, a bundle that fails its check is indexed again, and a build that fails after the search started leaves
/// no work folder behind and the published site as it was. The sample's three meetings (one a year) are three
/// shards.</summary>
public sealed class SearchStartTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("sitegen-searchstart-").FullName;
    private string Input => Path.Combine(_work, "input");
    private string Output => Path.Combine(_work, "output");
    private string Cache => Path.Combine(_work, "cache");

    public SearchStartTests() => TestPaths.CopyDirectory(TestPaths.SampleInput, Input);

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }

    private BuildResult Run(string output, string? cache) => Pipeline.Build(new BuildOptions(Input, output,
        Search: true, CacheDir: cache, ShardMeetings: 1), TextWriter.Null);

    private BuildSummary Build(string output, string? cache)
    {
        var result = Run(output, cache);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Summary!;
    }

    private BuildSummary BuildBothAndCompare()
    {
        var incremental = Build(Output, Cache);
        var clean = Path.Combine(_work, "clean-" + Guid.NewGuid().ToString("N"));
        Build(clean, null);
        SiteFiles.AssertSame(SiteFiles.Read(clean), SiteFiles.Read(Output));
        Directory.Delete(clean, recursive: true);
        return incremental;
    }

    private static void Damage(string bundle) =>
        File.WriteAllBytes(Directory.GetFiles(bundle, "*.pf_meta")[0], [1, 2, 3]);

    [Fact]
    public void An_older_bundle_failing_its_check_while_the_newest_shard_is_indexed_is_indexed_after_it()
    {
        Build(Output, Cache);
        var newest = Directory.GetFiles(Path.Combine(Input, "referater", "2025"))[0];
        File.WriteAllText(newest, File.ReadAllText(newest).Replace("### Beslutning",
            "### Beslutning\n\nRettet tekst om grønlandsbudgettet.\n"));
        Damage(Path.Combine(Output, "pagefind", "del-2023-09-06"));
        var summary = BuildBothAndCompare();
        Assert.Equal(3, summary.SearchShards);
        Assert.Equal(1, summary.SearchShardsReused);
        Assert.Equal(3, BuildBothAndCompare().SearchShardsReused);
    }

    [Fact]
    public void The_newest_bundle_failing_its_check_is_indexed_after_the_older_ones_are_copied()
    {
        Build(Output, Cache);
        Damage(Path.Combine(Output, "pagefind"));
        var summary = BuildBothAndCompare();
        Assert.Equal(2, summary.SearchShardsReused);
        Assert.Equal(3, BuildBothAndCompare().SearchShardsReused);
    }

    [Fact]
    public void A_page_failing_after_the_search_started_fails_the_build_and_leaves_no_work_folder()
    {
        Build(Output, Cache);
        var before = SiteFiles.Read(Output);
        // The about page is rendered after the meeting pages: the search has started on them by then.
        var template = Path.Combine(Input, "templates", "om.sbn-html");
        File.WriteAllText(template, "<p>{{ side.forfatter }}</p>\n" + File.ReadAllText(template));
        var referat = Directory.GetFiles(Path.Combine(Input, "referater", "2025"))[0];
        File.WriteAllText(referat, File.ReadAllText(referat).Replace("### Beslutning",
            "### Beslutning\n\nRettet tekst.\n"));

        var result = Run(Output, Cache);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Code == "TPL004");
        SiteFiles.AssertSame(before, SiteFiles.Read(Output));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_work), e => Path.GetFileName(e).Contains(".pages-"));
    }
}

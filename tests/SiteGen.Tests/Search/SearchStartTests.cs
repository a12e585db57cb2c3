using SiteGen.Output;

namespace SiteGen.Tests.Search;

/// <summary>The search stage starts as soon as the meeting pages are written, while the overview and case pages are
/// still rendered (Pipeline, PageRenderer.RenderAll): the incremental build is byte for byte the clean build, also
/// when a kept bundle fails its check and is indexed again, and a build that fails after the search started leaves
/// no work folder behind and the published site as it was. The sample's three meetings (one a year) are three
/// shards.</summary>
public sealed class SearchStartTests : IDisposable
{
    // The sample's copy; the site, its cache and the clean builds beside it, all named after it (so are the build's
    // staging, put-aside and work folders).
    private readonly string _input = TestPaths.CopyOfInput();
    private string Output => _input + "-out";
    private string Cache => _input + "-cache";

    private IEnumerable<string> Ours => Directory.GetDirectories(Path.GetDirectoryName(_input)!)
        .Where(d => Path.GetFileName(d).Contains(Path.GetFileName(_input), StringComparison.Ordinal));

    public void Dispose()
    {
        foreach (var dir in Ours)
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    private BuildResult Run(string output, string? cache) => Pipeline.Build(new BuildOptions(_input, output,
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
        var clean = _input + "-clean";
        Build(clean, null);
        SiteFiles.AssertSame(SiteFiles.Read(clean), SiteFiles.Read(Output));
        Directory.Delete(clean, recursive: true);
        return incremental;
    }

    private static void Damage(string bundle) =>
        File.WriteAllBytes(Directory.GetFiles(bundle, "*.pf_meta")[0], [1, 2, 3]);

    [Fact]
    public void An_older_bundle_failing_its_check_while_the_newest_shard_is_indexed_is_indexed_too()
    {
        Build(Output, Cache);
        var newest = Directory.GetFiles(Path.Combine(_input, "referater", "2025"))[0];
        File.WriteAllText(newest, File.ReadAllText(newest).Replace("### Beslutning",
            "### Beslutning\n\nRettet tekst om grønlandsbudgettet.\n"));
        Damage(Path.Combine(Output, "pagefind", "del-2023-09-06"));
        var summary = BuildBothAndCompare();
        Assert.Equal(3, summary.SearchShards);
        Assert.Equal(1, summary.SearchShardsReused);
        Assert.Equal(3, BuildBothAndCompare().SearchShardsReused);
    }

    [Fact]
    public void The_newest_bundle_failing_its_check_is_indexed_and_the_older_ones_kept()
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
        var template = Path.Combine(_input, "templates", "om.sbn-html");
        File.WriteAllText(template, "<p>{{ side.forfatter }}</p>\n" + File.ReadAllText(template));
        var referat = Directory.GetFiles(Path.Combine(_input, "referater", "2025"))[0];
        File.WriteAllText(referat, File.ReadAllText(referat).Replace("### Beslutning",
            "### Beslutning\n\nRettet tekst.\n"));

        var result = Run(Output, Cache);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Code == "TPL004");
        SiteFiles.AssertSame(before, SiteFiles.Read(Output));
        Assert.DoesNotContain(Ours, d => d.Contains(".pages-", StringComparison.Ordinal));
    }
}

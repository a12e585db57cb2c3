using System.Text.RegularExpressions;
using SiteGen.Output;
using SiteGen.Search;
using SiteGen.Tests.Quality;

namespace SiteGen.Tests.Output;

/// <summary>`sitegen build` with its cache (issue 18): after every kind of change the incremental build's output
/// is byte for byte a clean build's, search index shards included, and nothing of a closed item, a closed
/// attachment or a deleted referat survives in any file of it (decompressed). The sample's three meetings, one per
/// year, are split into three shards (one meeting each), so a change leaves shards to reuse.</summary>
public sealed partial class BuildCacheTests() : SampleWorkspace("sitegen-cache-")
{
    private string Referat(int year) => Directory.GetFiles(Path.Combine(Input, "referater", $"{year}"))[0];

    private BuildSummary Build(string output, string? cache, bool clean = false, DateOnly? today = null)
    {
        var result = Pipeline.Build(new BuildOptions(Input, output, Search: true, CacheDir: cache, Clean: clean,
            ShardMeetings: 1, Today: today), TextWriter.Null);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Summary!;
    }

    /// <summary>Builds incrementally (into the output the last build wrote, with its cache) and cleanly (a new
    /// folder, no cache), and requires the two sites to be equal file by file.</summary>
    private BuildSummary BuildBothAndCompare(DateOnly? today = null)
    {
        var incremental = Build(Output, Cache, today: today);
        var clean = Path.Combine(Work, "clean-" + Guid.NewGuid().ToString("N"));
        Build(clean, null, today: today);
        var a = SiteFiles.Read(Output);
        var b = SiteFiles.Read(clean);
        SiteFiles.AssertSame(b, a);
        Directory.Delete(clean, recursive: true);
        return incremental;
    }

    [Fact]
    public void After_each_kind_of_change_the_incremental_build_equals_a_clean_build()
    {
        var first = Build(Output, Cache);
        Assert.Equal(3, first.SearchShards);
        Assert.Equal(0, first.SearchShardsReused);
        Assert.StartsWith("""{"shards":["/pagefind/","/pagefind/del-2024-11-13/","/pagefind/del-2023-09-06/"],""",
            File.ReadAllText(Path.Combine(Output, SearchShards.ListFile)).Trim());

        // Nothing changed: every shard reused, every meeting's and case's files taken from the previous output.
        var same = BuildBothAndCompare();
        Assert.Equal(3, same.SearchShardsReused);
        Assert.True(same.Units > 3);
        Assert.Equal(same.Units, same.UnitsReused);

        // A referat edited: only its shard is indexed again; it and its newer neighbour (which links it) are made
        // again, and the cases it treats.
        var y2023 = Referat(2023);
        File.WriteAllText(y2023, File.ReadAllText(y2023).Replace("### Beslutning",
            "### Beslutning\n\nRettet tekst om kvægavlsforeningen.\n"));
        var edited = BuildBothAndCompare();
        Assert.Equal(2, edited.SearchShardsReused);
        Assert.InRange(edited.UnitsReused, 1, edited.Units - 2);

        // A referat added in a new year: a new newest shard. The previous newest meeting's page links to the new
        // one, so its shard is indexed again too; the two older ones are kept.
        AddMeetingIn2026();
        var added = BuildBothAndCompare();
        Assert.Equal(4, added.SearchShards);
        Assert.Equal(2, added.SearchShardsReused);

        // A referat deleted.
        File.Delete(Referat(2024));
        Assert.Equal(3, BuildBothAndCompare().SearchShards);

        // A template changed: every meeting page differs, so every shard is indexed again.
        var moede = Path.Combine(Input, "templates", "moede.sbn-html");
        File.WriteAllText(moede, File.ReadAllText(moede) + "\n<!-- ændret skabelon -->\n");
        var template = BuildBothAndCompare();
        Assert.Equal(0, template.SearchShardsReused);
        Assert.Equal(0, template.UnitsReused);

        // site.yml changed (the site's name is on every page).
        var site = Path.Combine(Input, "site.yml");
        File.WriteAllText(site, Regex.Replace(File.ReadAllText(site), "(?m)^(titel: *)(.*)$", "$1$2 (ny)"));
        Assert.Equal(0, BuildBothAndCompare().UnitsReused);

        // An asset changed (its fingerprinted name is on every page).
        var css = Path.Combine(Input, "assets", "site.css");
        File.AppendAllText(css, "\n/* ændret */\n");
        Assert.Equal(0, BuildBothAndCompare().UnitsReused);

        // An asset added that no page names: still everything made again (when in doubt, build).
        File.WriteAllText(Path.Combine(Input, "assets", "ny.txt"), "ny");
        Assert.Equal(0, BuildBothAndCompare().UnitsReused);
        Assert.Equal(BuildBothAndCompare().Units, BuildBothAndCompare().UnitsReused);
    }

    [Fact]
    public void A_file_changed_or_removed_in_the_published_output_is_made_again()
    {
        Build(Output, Cache);
        var page = Directory.GetFiles(Path.Combine(Output, "direktionen", "2024-11-13"), "index.html")[0];
        var data = Path.Combine(Output, "data", "direktionen", "2024-11-13.json");
        var calendar = Path.Combine(Output, "direktionen", "2023-09-06", "moede.ics");
        File.AppendAllText(page, "<!-- ændret i output -->");
        File.Delete(data);
        // The same length and a write time set back as it was: still seen, as the time is then of another file.
        var before = File.GetLastWriteTimeUtc(calendar);
        var bytes = File.ReadAllBytes(calendar);
        bytes[^3] ^= 0x20;
        File.Delete(calendar);
        File.WriteAllBytes(calendar, bytes);
        File.SetLastWriteTimeUtc(calendar, before.AddSeconds(-5));

        var rebuilt = BuildBothAndCompare();
        Assert.True(rebuilt.UnitsReused < rebuilt.Units);
        Assert.DoesNotContain("ændret i output", File.ReadAllText(page));
        Assert.True(File.Exists(data));
        Assert.Equal(rebuilt.Units, BuildBothAndCompare().UnitsReused);
    }

    [Fact]
    public void A_new_build_date_gives_the_clean_build_of_that_date()
    {
        // An agenda for a meeting between the two dates: "Kommende møder" on the first date, not on the second.
        var agenda = File.ReadAllText(Referat(2025)).Replace("dato: 2025-03-26", "dato: 2025-06-02")
            .Replace("udvalg: Direktionen", "udvalg: Direktionen\ntype: dagsorden");
        agenda = Regex.Replace(agenda, "(?ms)^### Beslutning.*?(?=^## |\\z)", "");
        File.WriteAllText(Path.Combine(Input, "referater", "2025", "2025-06-02-direktionen.md"), agenda);
        var first = new DateOnly(2025, 5, 1);
        Build(Output, Cache, today: first);
        Assert.Contains("2. juni 2025", File.ReadAllText(Path.Combine(Output, "index.html")));
        BuildBothAndCompare(today: new DateOnly(2025, 7, 1));
        BuildBothAndCompare(today: first);
    }

    [Fact]
    public void A_build_that_fails_after_taking_files_from_the_previous_output_leaves_it_untouched()
    {
        Build(Output, Cache);
        EditAndFailInSearch();
        Assert.Equal(2, BuildBothAndCompare().SearchShardsReused);
    }

    /// <summary>Edits a referat and builds with a Pagefind that fails (after the reuse, render, feeds and data):
    /// the build fails and the output is as it was, file for file.</summary>
    private void EditAndFailInSearch()
    {
        var before = SiteFiles.Read(Output);
        var y2023 = Referat(2023);
        File.WriteAllText(y2023, File.ReadAllText(y2023).Replace("### Beslutning", "### Beslutning\n\nNy tekst.\n"));
        var failing = Path.Combine(Work, "pagefind-fails");
        File.WriteAllText(failing, "#!/bin/sh\nexit 3\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(failing, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = Pipeline.Build(new BuildOptions(Input, Output, Search: true, CacheDir: Cache, ShardMeetings: 1,
            PagefindBinary: failing), TextWriter.Null);

        Assert.False(result.Succeeded);
        var after = SiteFiles.Read(Output);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in before)
            Assert.True(bytes.AsSpan().SequenceEqual(after[path]), $"{path} changed");
    }

    [Fact]
    public void Clean_and_a_corrupt_or_foreign_cache_build_everything_and_the_site_is_the_same()
    {
        Build(Output, Cache);
        var clean = Build(Output, Cache, clean: true);
        Assert.Equal(0, clean.SearchShardsReused);
        Assert.Equal(0, clean.UnitsReused);
        Assert.Equal(3, Build(Output, Cache).SearchShardsReused);

        // Every unit's files pointed elsewhere (outside the output, at another unit's file): never followed.
        ForgeUnitFiles(f => f with { Path = "../input/site.yml" });
        Assert.Equal(0, BuildBothAndCompare().UnitsReused);
        ForgeUnitFiles(f => f.Path.EndsWith("index.html", StringComparison.Ordinal) ? f with { Path = "index.html" } : f);
        Assert.Equal(0, BuildBothAndCompare().UnitsReused); // each names the front page as its page

        File.WriteAllText(Path.Combine(Cache, BuildCache.ManifestFile), "{ \"Format\": 1, \"Bundles\": [ { \"Folder\": ");
        var corrupt = BuildBothAndCompare();
        Assert.Equal(0, corrupt.SearchShardsReused);
        Assert.Equal(0, corrupt.UnitsReused);

        // A cache written for another output folder is not used for this one.
        var other = Path.Combine(Work, "other");
        Assert.Equal(0, Build(other, Cache).SearchShardsReused);
    }

    /// <summary>Rewrites the manifest (a valid one: checksum and all) with every unit's files changed by
    /// <paramref name="forge"/>.</summary>
    private void ForgeUnitFiles(Func<BuildCache.UnitFile, BuildCache.UnitFile> forge)
    {
        StaleBuffer.Forget(Cache); // the manifest alone decides (else the folder put aside is kept in place)
        var manifest = BuildCache.Read(Cache)!;
        BuildCache.Write(Cache, manifest with
        {
            Units = [.. manifest.Units.Select(u => u with { Files = [.. u.Files.Select(forge)] })],
        });
    }

    [Fact]
    public void A_manifest_cut_short_changed_in_any_byte_or_of_another_format_builds_everything()
    {
        Build(Output, Cache);
        var path = Path.Combine(Cache, BuildCache.ManifestFile);
        var good = File.ReadAllBytes(path);
        Assert.NotNull(BuildCache.Read(Cache));
        var manifest = BuildCache.Read(Cache)!;
        var flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x20;
        var forgedCount = ManifestCodec.Encode(manifest with { Units = [] }, BuildCache.Format);
        var bad = new[]
        {
            good[..(good.Length - 1)], // cut short by one byte
            good[..(good.Length / 2)],
            flipped, // one bit of a path, key or size changed: the checksum differs
            Array.Empty<byte>(),
            ManifestCodec.Encode(manifest, 2), // another format, checksum right
        };
        foreach (var bytes in bad)
        {
            StaleBuffer.Forget(Cache); // the manifest alone decides (else the twin put aside is kept in place)
            File.WriteAllBytes(path, bytes);
            Assert.Null(BuildCache.Read(Cache));
            var summary = BuildBothAndCompare();
            Assert.Equal(0, summary.UnitsReused);
            Assert.Equal(0, summary.SearchShardsReused);
        }
        Assert.NotNull(BuildCache.Read(Cache)); // the last build wrote a good one again
        Assert.Equal(3, Build(Output, Cache).SearchShardsReused);
    }

    [Fact]
    public void A_manifest_with_a_huge_count_is_refused_without_reading_it()
    {
        Build(Output, Cache);
        var manifest = BuildCache.Read(Cache)!;
        var bytes = ManifestCodec.Encode(manifest with { Bundles = [], Units = [], Folders = [], Extras = [] },
            BuildCache.Format);
        // The last count (of the folders' other entries) is the int before the checksum: claim two billion, and sign
        // it again.
        var body = bytes.Length - 32;
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, body - 4);
        System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, body)).CopyTo(bytes, body);
        File.WriteAllBytes(Path.Combine(Cache, BuildCache.ManifestFile), bytes);
        StaleBuffer.Forget(Cache); // the manifest alone decides
        Assert.Null(BuildCache.Read(Cache));
        Assert.Equal(0, BuildBothAndCompare().UnitsReused);
    }

    [Fact]
    public void A_bundle_file_changed_in_the_published_output_is_not_reused()
    {
        Build(Output, Cache);
        var meta = Directory.GetFiles(Path.Combine(Output, "pagefind", "del-2023-09-06"), "*.pf_meta")[0];
        File.WriteAllBytes(meta, [1, 2, 3]);
        Assert.Equal(2, BuildBothAndCompare().SearchShardsReused);
    }

    private static readonly Regex Sentinel = new("KVAEGSENTINEL|kvaegsentinel", RegexOptions.IgnoreCase);

    private void AssertNoTrace()
    {
        var leaks = LeakScanner.Leaks(LeakScanner.Read(Output), Sentinel);
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    private void AssertTrace() => Assert.NotEmpty(LeakScanner.Leaks(LeakScanner.Read(Output), Sentinel));

    /// <summary>Puts the sentinel into the first item of <paramref name="file"/> and builds: the scan must see it
    /// while it is open (else the checks for no trace would prove nothing).</summary>
    private void PlantSentinel(string file)
    {
        var text = File.ReadAllText(file);
        var first = text.IndexOf("### Sagsfremstilling", StringComparison.Ordinal);
        File.WriteAllText(file, text.Insert(first + "### Sagsfremstilling".Length, "\n\nKvaegsentinel sag.\n"));
        BuildBothAndCompare();
        AssertTrace();
    }

    [Fact]
    public void An_item_closed_since_the_last_build_leaves_no_trace_in_any_file_or_shard()
    {
        var file = Referat(2023);
        PlantSentinel(file);

        CloseAndCheck(file, text => text.IndexOf("status: åben", StringComparison.Ordinal));
    }

    /// <summary>Turns the "status: åben" at the place <paramref name="find"/> gives into "lukket", builds, and
    /// requires no trace of the sentinel.</summary>
    private void CloseAndCheck(string file, Func<string, int> find)
    {
        var text = File.ReadAllText(file);
        var at = find(text);
        File.WriteAllText(file, text[..at] + "status: lukket" + text[(at + "status: åben".Length)..]);
        BuildBothAndCompare();
        AssertNoTrace();
    }

    [Fact]
    public void An_attachment_closed_since_the_last_build_leaves_no_trace()
    {
        var file = Referat(2025);
        File.WriteAllText(file, File.ReadAllText(file).Replace("titel: Udmøntningsplan 2025-2028 - Status",
            "titel: Kvaegsentinel 2025-2028 - Status"));
        BuildBothAndCompare();
        AssertTrace();

        CloseAndCheck(file, text => text.LastIndexOf("status: åben",
            text.IndexOf("titel: Kvaegsentinel", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public void A_deleted_referat_leaves_no_trace()
    {
        var file = Referat(2024);
        PlantSentinel(file);

        File.Delete(file);
        BuildBothAndCompare();
        AssertNoTrace();
    }
}

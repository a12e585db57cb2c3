using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary>An output and cache restored as Netlify's build cache restores them (netlify-plugin-cache: a recursive
/// copy, every file with a new write time and inode; the folder put aside beside the output is not kept): a unit or
/// search bundle whose files have the recorded size and content (<see cref="ContentHash"/>) is reused; one whose bytes
/// differ is made again. The output is a clean build's, file for file, and closed stays closed.</summary>
public sealed partial class BuildCacheTests
{
    /// <summary>Replaces the output and the cache by copies with new write times, and removes the folder put aside.
    /// </summary>
    private void RestoreAsNetlifyDoes()
    {
        foreach (var aside in Directory.GetDirectories(Work, ".output.old-*")) Directory.Delete(aside, recursive: true);
        var later = DateTime.UtcNow.AddMinutes(1);
        foreach (var folder in new[] { Output, Cache })
        {
            var copy = folder + ".restored";
            TestPaths.CopyDirectory(folder, copy);
            foreach (var file in Directory.GetFiles(copy, "*", SearchOption.AllDirectories))
                File.SetLastWriteTimeUtc(file, later);
            Directory.Delete(folder, recursive: true);
            Directory.Move(copy, folder);
        }
    }

    /// <summary>Flips one byte of <paramref name="file"/>, keeping its size, with a new write time (as a restore
    /// gives every file).</summary>
    private static void FlipByte(string file)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(file, bytes);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(2));
    }

    [Fact]
    public void An_output_restored_by_copy_is_reused_when_its_bytes_are_the_same()
    {
        Build(Output, Cache);
        RestoreAsNetlifyDoes();
        // Whole-archive files and overview pages too: the restored file itself is taken (linked: the same inode).
        string[] whole = ["index.html", "feed.xml", "moeder.ics", "sitemap.xml"];
        var inodes = whole.Select(f => Lstat.Of(Path.Combine(Output, f))!.Value.Inode).ToArray();
        var same = BuildBothAndCompare();
        Assert.Equal(same.Units, same.UnitsReused);
        Assert.Equal(3, same.SearchShardsReused);
        Assert.Equal(inodes, whole.Select(f => Lstat.Of(Path.Combine(Output, f))!.Value.Inode));

        // Restored again, then one referat edited (a deploy of one commit): only its shard is indexed again.
        RestoreAsNetlifyDoes();
        EditNewest();
        var edited = BuildBothAndCompare();
        Assert.Equal(2, edited.SearchShardsReused);
        Assert.InRange(edited.UnitsReused, 1, edited.Units - 1);
        AssertNoLinks();
    }

    [Fact]
    public void A_restored_file_with_other_bytes_of_the_same_size_is_made_again()
    {
        Build(Output, Cache);
        RestoreAsNetlifyDoes();
        var page = Path.Combine(Output, "direktionen", "2024-11-13", "index.html");
        FlipByte(page);
        FlipByte(BundleFile(Output));
        var rebuilt = BuildBothAndCompare(); // the flipped bytes are gone: the clean build's files
        Assert.True(rebuilt.UnitsReused < rebuilt.Units);
        Assert.Equal(2, rebuilt.SearchShardsReused);
        Assert.Equal(rebuilt.Units, BuildBothAndCompare().UnitsReused);
    }

    [Fact]
    public void A_restored_file_replaced_by_a_link_to_the_same_bytes_is_not_followed()
    {
        Build(Output, Cache);
        RestoreAsNetlifyDoes();
        // A link to a file outside with exactly the recorded bytes: its content would match if it were followed.
        string[] replaced =
            ["direktionen/2024-11-13/index.html", "feed.xml", Path.GetRelativePath(Output, BundleFile(Output))];
        foreach (var path in replaced)
        {
            var file = Path.Combine(Output, path);
            var outside = Path.Combine(Work, "udenfor-" + Path.GetFileName(path));
            File.Copy(file, outside);
            File.Delete(file);
            File.CreateSymbolicLink(file, outside);
        }
        var rebuilt = BuildBothAndCompare(); // made again: regular files, the clean build's
        Assert.True(rebuilt.UnitsReused < rebuilt.Units);
        Assert.Equal(2, rebuilt.SearchShardsReused);
        AssertNoLinks();
    }

    [Fact]
    public void An_item_closed_before_a_restored_build_leaves_no_trace()
    {
        var file = Referat(2023);
        PlantSentinel(file);
        RestoreAsNetlifyDoes();
        AssertTrace(); // the restored output still has it: the next build must take it out
        var text = File.ReadAllText(file);
        var at = text.IndexOf("status: åben", StringComparison.Ordinal);
        File.WriteAllText(file, text[..at] + "status: lukket" + text[(at + "status: åben".Length)..]);
        var closed = BuildBothAndCompare();
        Assert.Equal(2, closed.SearchShardsReused); // its shard indexed again; the other two reused
        AssertNoTrace();
        RestoreAsNetlifyDoes();
        EditNewest();
        BuildBothAndCompare();
        AssertNoTrace();
    }

    [Fact]
    public void A_pagefind_installed_again_reuses_the_bundles_and_another_pagefind_does_not()
    {
        var pagefind = Path.Combine(Work, "pagefind-copy");
        File.Copy(TestPaths.RealPagefind(), pagefind); // with its mode: runnable
        BuildSummary Run() => Pipeline.Build(new BuildOptions(Input, Output, Search: true, CacheDir: Cache,
            ShardMeetings: 1, PagefindBinary: pagefind), TextWriter.Null).Summary!;
        Assert.Equal(0, Run().SearchShardsReused);

        // `npm ci` on every deploy: the same binary with a new write time.
        File.SetLastWriteTimeUtc(pagefind, DateTime.UtcNow.AddHours(1));
        Assert.Equal(3, Run().SearchShardsReused);

        // Other bytes (an update): every shard indexed again. Bytes appended to the program leave it runnable.
        File.AppendAllText(pagefind, "x");
        Assert.Equal(0, Run().SearchShardsReused);
    }
}

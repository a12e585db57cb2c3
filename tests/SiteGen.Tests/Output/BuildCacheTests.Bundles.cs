using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary>Kept search bundles (<see cref="BuildCache.Reuse"/>): an unchanged shard's bundle is hard-linked from
/// the previous output after each recorded file is found a regular file of the recorded size and write time on a
/// path of real folders. The link shares the file with the previous output, which the next swap puts aside: a hand
/// edit of a bundle file in either shows in the live output, and the shard is indexed again. Whatever was done to a
/// kept bundle, the output is a clean build's file for file, with no link in it.</summary>
public sealed partial class BuildCacheTests
{
    private const string Older = "pagefind/del-2023-09-06";
    private int _edits;

    /// <summary>Edits the newest referat (its shard is indexed again; the two older shards are kept).</summary>
    private void EditNewest()
    {
        var file = Referat(2025);
        File.WriteAllText(file, File.ReadAllText(file).Replace("### Beslutning",
            $"### Beslutning\n\nRettelse nummer {++_edits}.\n"));
    }

    private string BundleFile(string root, string shard = Older) =>
        Directory.GetFiles(Path.Combine(root, shard), "*.pf_meta")[0];

    /// <summary>No entry of the output is a link (a kept bundle file is a hard link: a regular file).</summary>
    private void AssertNoLinks()
    {
        var links = Directory.EnumerateFileSystemEntries(Output, "*", SearchOption.AllDirectories)
            .Where(e => (File.GetAttributes(e) & FileAttributes.ReparsePoint) != 0).ToList();
        Assert.True(links.Count == 0, string.Join("\n", links));
    }

    /// <summary>Every file of <paramref name="shard"/>'s bundle in the output is the previous output's (put aside)
    /// file of the same path: the same inode (linked, not copied).</summary>
    private void AssertLinked(string shard)
    {
        var aside = PutAside();
        foreach (var file in Directory.GetFiles(Path.Combine(Output, shard), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Output, file);
            Assert.Equal(Lstat.Of(Path.Combine(aside, relative))!.Value.Inode, Lstat.Of(file)!.Value.Inode);
        }
    }

    [Fact]
    public void One_edit_builds_link_the_unchanged_bundles_and_equal_a_clean_build()
    {
        Build(Output, Cache);
        for (var round = 0; round < 3; round++)
        {
            EditNewest();
            var summary = BuildBothAndCompare();
            Assert.Equal(3, summary.SearchShards);
            Assert.Equal(2, summary.SearchShardsReused);
            AssertLinked(Older);
            AssertLinked("pagefind/del-2024-11-13");
            AssertNoLinks();
        }
    }

    public static TheoryData<string> Tamperings =>
    [
        "edited in place", "edited in place in the put-aside folder", "deleted", "replaced by a link",
        "folder replaced by a link", "a file planted", "a folder planted", "a link planted",
    ];

    /// <summary>After a one-edit build (the older bundles linked, shared with the put-aside folder), a kept bundle
    /// is tampered with; the next one-edit build indexes its shard again, or links only its recorded files (what was
    /// planted stays behind), and equals a clean build; the build after it keeps every older bundle again.</summary>
    [Theory]
    [MemberData(nameof(Tamperings))]
    public void A_kept_bundle_tampered_with_is_indexed_again_or_restored(string how)
    {
        Build(Output, Cache);
        EditNewest();
        Assert.Equal(2, BuildBothAndCompare().SearchShardsReused);
        var file = BundleFile(Output);
        var folder = Path.Combine(Output, Older);
        var copy = Path.Combine(Work, "copy");
        CopyWithTimes(folder, copy);
        var indexedAgain = true;
        switch (how)
        {
            case "edited in place": // the same size, another byte: only the write time tells
                EditInPlace(file);
                break;
            case "edited in place in the put-aside folder": // the same file as the live one (a hard link)
                EditInPlace(Path.Combine(PutAside(), Older, Path.GetFileName(file)));
                break;
            case "deleted":
                File.Delete(file);
                break;
            case "replaced by a link": // to a copy of the same bytes and write time
                Assert.Equal(File.GetLastWriteTimeUtc(file),
                    File.GetLastWriteTimeUtc(Path.Combine(copy, Path.GetFileName(file))));
                File.Delete(file);
                File.CreateSymbolicLink(file, Path.Combine(copy, Path.GetFileName(file)));
                break;
            case "folder replaced by a link":
                Directory.Delete(folder, recursive: true);
                Directory.CreateSymbolicLink(folder, copy);
                break;
            case "a file planted":
                File.WriteAllText(Path.Combine(folder, "planted.pf_fragment"), "plantet");
                indexedAgain = false;
                break;
            case "a folder planted":
                Directory.CreateDirectory(Path.Combine(folder, "fragment", "plantet"));
                File.WriteAllText(Path.Combine(folder, "fragment", "plantet", "x.pf_fragment"), "plantet");
                indexedAgain = false;
                break;
            case "a link planted":
                File.CreateSymbolicLink(Path.Combine(folder, "planted.pf_meta"), file);
                indexedAgain = false;
                break;
        }
        EditNewest();
        Assert.Equal(indexedAgain ? 1 : 2, BuildBothAndCompare().SearchShardsReused);
        AssertNoLinks();
        EditNewest();
        Assert.Equal(2, BuildBothAndCompare().SearchShardsReused);
        AssertNoLinks();
    }

    /// <summary>The newest shard's bundle is edited in place in the live output and nothing else changes: the older
    /// bundles are linked, and the newest is indexed again into the folder that holds their subfolders. The output
    /// equals a clean build's, and the next build links all three.</summary>
    [Fact]
    public void A_tampered_newest_bundle_is_indexed_again_beside_the_linked_older_ones()
    {
        Build(Output, Cache);
        EditNewest();
        Assert.Equal(2, BuildBothAndCompare().SearchShardsReused);
        EditInPlace(BundleFile(Output, "pagefind"));
        var summary = BuildBothAndCompare();
        Assert.Equal(2, summary.SearchShardsReused);
        AssertLinked(Older);
        AssertNoLinks();
        Assert.Equal(3, BuildBothAndCompare().SearchShardsReused);
        AssertNoLinks();
    }

    /// <summary>Rewrites one byte of <paramref name="file"/> in place: the same size and inode, a new write time.
    /// </summary>
    private static void EditInPlace(string file)
    {
        var (before, inode) = (File.GetLastWriteTimeUtc(file), Lstat.Of(file)!.Value.Inode);
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite))
        {
            var first = stream.ReadByte();
            stream.Position = 0;
            stream.WriteByte((byte)(first ^ 0xFF));
        }
        Assert.NotEqual(before, File.GetLastWriteTimeUtc(file));
        Assert.Equal(inode, Lstat.Of(file)!.Value.Inode);
    }

    /// <summary>A copy of <paramref name="from"/> with each file's write time (what a stamp check sees of it).
    /// </summary>
    private static void CopyWithTimes(string from, string to)
    {
        TestPaths.CopyDirectory(from, to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(Path.Combine(to, Path.GetRelativePath(from, file)),
                File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public void A_closed_items_text_does_not_survive_in_a_linked_bundle()
    {
        // The sentinel in an older shard, kept (linked) over two edits of the newest referat while open.
        var file = Referat(2023);
        PlantSentinel(file);
        EditNewest();
        Assert.Equal(2, BuildBothAndCompare().SearchShardsReused);
        AssertTrace();
        EditNewest();
        Assert.Equal(2, BuildBothAndCompare().SearchShardsReused);
        AssertTrace();

        // Closed: its shard is indexed again (its pages changed), and no later build brings the text back, from the
        // live output or the put-aside folder that shared the bundle.
        CloseAndCheck(file, text => text.IndexOf("status: åben", StringComparison.Ordinal));
        for (var round = 0; round < 3; round++)
        {
            EditNewest();
            Assert.Equal(2, BuildBothAndCompare().SearchShardsReused);
            AssertNoTrace();
        }
    }

    [Fact]
    public void A_forged_bundle_record_naming_paths_outside_is_not_used()
    {
        Build(Output, Cache);
        var secret = Path.Combine(Work, "hemmelig.pf_meta");
        File.WriteAllText(secret, "hemmelig");
        var manifest = BuildCache.Read(Cache)!;
        var stamp = new BuildCache.BundleFile(new FileInfo(secret).Length, File.GetLastWriteTimeUtc(secret).Ticks);
        var forged = manifest.Bundles.Select(b => b.Folder == Older
            ? b with { Files = new(b.Files, StringComparer.Ordinal) { ["../../../hemmelig.pf_meta"] = stamp } }
            : b.Folder == "pagefind/del-2024-11-13" ? b with { Folder = "../.." } : b).ToList();
        BuildCache.Write(Cache, manifest with { Bundles = forged });
        var summary = BuildBothAndCompare();
        Assert.Equal(1, summary.SearchShardsReused); // the newest: unchanged, its record not forged
        AssertNoLinks();
        Assert.Equal(3, BuildBothAndCompare().SearchShardsReused);
    }
}

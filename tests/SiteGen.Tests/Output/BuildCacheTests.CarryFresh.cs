using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary>Stamps taken from the carry and the fresh units only (<see cref="StaleBuffer.Stamps(string,
/// StaleBuffer.Carry, IReadOnlyList{BuildCache.Unit}, IEnumerable{string})"/>): a build that took the put-aside folder
/// looks at the files of the units it made or linked and at the files it made, not at the kept ones. It carries a
/// stamp only where the full count over every file would, names the same folders and other entries, and every stamp it
/// takes is the folder's real one.</summary>
public sealed partial class BuildCacheTests
{
    /// <summary>A kept tree (<c>k/a/x.html</c>, <c>k/a/b/index.html</c>, <c>k/l/y.html</c>), its folders stamped
    /// more than a second ago, and a carry of it as <see cref="StaleBuffer.Prepare"/> makes one: <c>k/a</c> and
    /// <c>k/a/b</c> carried (with stamps no folder has, inode 4242…), <c>k</c> and <c>k/l</c> on the way but
    /// listed.</summary>
    private (string Root, BuildCache.Unit Kept, StaleBuffer.Carry Carry) FreshTree()
    {
        var root = Path.Combine(Work, "fresh-" + Guid.NewGuid().ToString("N"));
        string[] kept = ["k/a/x.html", "k/a/b/index.html", "k/l/y.html"];
        foreach (var f in kept)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, f))!);
            File.WriteAllText(Path.Combine(root, f), f);
        }
        Thread.Sleep(1100); // older than the racy second: their stamps are taken
        var folders = new Dictionary<string, (BuildCache.FolderStamp, int)>(StringComparer.Ordinal)
        {
            ["k/a"] = (new BuildCache.FolderStamp("k/a", 4242, 1, 1, 1), 2),
            ["k/a/b"] = (new BuildCache.FolderStamp("k/a/b", 4243, 1, 1, 1), 1),
        };
        return (root, UnitOf(kept), new StaleBuffer.Carry(folders) { Others = ["k", "k/l"], Complete = true });
    }

    /// <summary>Both ways of taking the stamps, for a build that kept <paramref name="kept"/> in place and recorded
    /// <paramref name="fresh"/> besides, and made <paramref name="made"/> (the files of the fresh units made among
    /// them): the same folders, the same other entries, and where the fresh way carries a stamp, so does the full
    /// count.</summary>
    private static (List<BuildCache.FolderStamp> Stamps, List<BuildCache.Extra> Extras) BothWays(string root,
        BuildCache.Unit kept, StaleBuffer.Carry carry, BuildCache.Unit[] fresh, string[] made)
    {
        var (fast, fastExtras) = StaleBuffer.Stamps(root, carry, fresh, made);
        var (full, fullExtras) = StaleBuffer.Stamps(root, [kept, .. fresh], made, carry,
            kept.Files.Select(f => f.Path));
        Assert.Equal(full.Select(s => s.Path).Order(StringComparer.Ordinal),
            fast.Select(s => s.Path).Order(StringComparer.Ordinal));
        Assert.Equal(fullExtras.OrderBy(e => e.Path, StringComparer.Ordinal),
            fastExtras.OrderBy(e => e.Path, StringComparer.Ordinal));
        foreach (var s in fast.Where(s => s.Inode is 4242 or 4243))
            Assert.Equal(s.Inode, InodeOf(full, s.Path));
        // Every stamp taken is the folder's own.
        foreach (var s in fast.Where(s => s.Inode is not (4242 or 4243)))
            Assert.Equal(Lstat.Of(root, s.Path)!.Value.Inode, s.Inode);
        return (fast, fastExtras);
    }

    [Fact]
    public void Stamps_from_the_fresh_units_carry_what_the_full_count_carries_and_take_the_rest()
    {
        var (root, kept, carry) = FreshTree();
        // Nothing fresh: the carried stamps, the listed folders' real ones.
        var (stamps, extras) = BothWays(root, kept, carry, [], []);
        Assert.Equal(4242UL, InodeOf(stamps, "k/a"));
        Assert.Equal(4243UL, InodeOf(stamps, "k/a/b"));
        Assert.NotNull(InodeOf(stamps, "k"));
        Assert.NotNull(InodeOf(stamps, "k/l"));
        Assert.Empty(extras);

        // A unit made in a carried folder: that folder's stamp is taken, the one below it still carried.
        File.WriteAllText(Path.Combine(root, "k/a/ny.html"), "ny");
        (stamps, _) = BothWays(root, kept, carry, [UnitOf("k/a/ny.html")], ["k/a/ny.html"]);
        Assert.NotEqual(4242UL, InodeOf(stamps, "k/a"));
        Assert.Equal(4243UL, InodeOf(stamps, "k/a/b"));
    }

    [Fact]
    public void A_fresh_unit_in_a_new_folder_touches_the_carried_folder_it_is_made_in()
    {
        var (root, kept, carry) = FreshTree();
        Directory.CreateDirectory(Path.Combine(root, "k/a/b/c/d"));
        File.WriteAllText(Path.Combine(root, "k/a/b/c/d/index.html"), "d");
        // Linked from the live output (not made): the folders on the way are the record's and the parent of the new
        // folder is touched, the carried folder above it not.
        var (stamps, extras) = BothWays(root, kept, carry, [UnitOf("k/a/b/c/d/index.html")], []);
        Assert.Equal(4242UL, InodeOf(stamps, "k/a"));
        Assert.NotEqual(4243UL, InodeOf(stamps, "k/a/b"));
        Assert.Empty(extras);
    }

    [Fact]
    public void Other_files_made_in_a_carried_folder_or_below_it_are_entries_and_touch_it()
    {
        var (root, kept, carry) = FreshTree();
        Directory.CreateDirectory(Path.Combine(root, "k/a/b/bilag/1"));
        File.WriteAllText(Path.Combine(root, "k/a/b/bilag/1/fil.pdf"), "pdf");
        File.WriteAllText(Path.Combine(root, "k/a/oversigt.html"), "o");
        File.WriteAllText(Path.Combine(root, "forside.html"), "f"); // in no folder of the record: no entry
        var (stamps, extras) = BothWays(root, kept, carry, [],
            ["k/a/b/bilag/1/fil.pdf", "k/a/oversigt.html", "forside.html"]);
        Assert.NotEqual(4242UL, InodeOf(stamps, "k/a"));
        Assert.NotEqual(4243UL, InodeOf(stamps, "k/a/b"));
        Assert.Equal(["k/a/b/bilag", "k/a/oversigt.html"], extras.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.True(extras.Single(e => e.Path == "k/a/b/bilag").IsFolder);
    }

    [Fact]
    public void A_file_written_over_a_kept_one_or_named_by_a_fresh_unit_too_takes_its_folders_stamp()
    {
        var (root, kept, carry) = FreshTree();
        // A fresh unit naming a kept file's path (a forged or clashing record) and a file made at a kept path: the
        // full count takes them as the same entries and carries; the fresh way takes the stamps (true either way).
        var (fast, _) = StaleBuffer.Stamps(root, carry, [UnitOf("k/a/x.html")], ["k/a/b/index.html"]);
        Assert.NotEqual(4242UL, InodeOf(fast, "k/a"));
        Assert.NotEqual(4243UL, InodeOf(fast, "k/a/b"));
        Assert.Equal(Lstat.Of(root, "k/a")!.Value.Inode, InodeOf(fast, "k/a"));
    }

    [Fact]
    public void A_carried_folder_replaced_by_a_link_gets_no_stamp_when_touched_and_a_carry_not_made_by_prepare_is_refused()
    {
        var (root, kept, carry) = FreshTree();
        var elsewhere = Path.Combine(Work, "andetsteds-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(elsewhere);
        Directory.Move(Path.Combine(root, "k/l"), Path.Combine(elsewhere, "l"));
        Directory.CreateSymbolicLink(Path.Combine(root, "k/l"), Path.Combine(elsewhere, "l"));
        Directory.Move(Path.Combine(root, "k/a/b"), Path.Combine(elsewhere, "b"));
        Directory.CreateSymbolicLink(Path.Combine(root, "k/a/b"), Path.Combine(elsewhere, "b"));
        File.WriteAllText(Path.Combine(elsewhere, "b", "ny.html"), "ny");
        var (stamps, _) = StaleBuffer.Stamps(root, carry, [UnitOf("k/a/b/ny.html")], ["k/a/b/ny.html"]);
        // A listed folder that is now a link, and a touched one: no stamp (the next build lists what holds them).
        Assert.Null(InodeOf(stamps, "k/l"));
        Assert.Null(InodeOf(stamps, "k/a/b"));
        Assert.Throws<ArgumentException>(() => StaleBuffer.Stamps(root,
            new StaleBuffer.Carry(carry.Folders) { Others = carry.Others }, [], []));
    }

    [Fact]
    public void Stamps_of_builds_that_add_and_remove_meetings_in_the_folder_taken_are_true()
    {
        SettleWithStamps();
        AddMeetingIn2026();
        // (A build that changes this much of the sample may take a fresh staging folder: its folders, all new, get
        // no stamp. Those recorded are true either way.)
        BuildBothAndCompare();
        AssertRecordedStampsTrue();
        File.Delete(Referat(2024));
        BuildBothAndCompare();
        AssertRecordedStampsTrue();
        Thread.Sleep(1100);
        BuildBothAndCompare();
        var summary = BuildBothAndCompare();
        Assert.Equal(summary.Units, summary.UnitsInPlace);
        AssertStampsTrue();
        var manifest = BuildCache.Read(Cache)!;
        // Every folder recorded holds unit files (on the way to one), and the record names no path twice.
        var onTheWay = manifest.Units.SelectMany(u => u.Files).SelectMany(f => Ancestors(f.Path)).ToHashSet();
        Assert.All(manifest.Folders!, f => Assert.Contains(f.Path, onTheWay));
        Assert.Equal(manifest.Folders!.Count, manifest.Folders.Select(f => f.Path).Distinct().Count());
    }

    /// <summary>A copy of the 2025 referat, dated in a new year (2026).</summary>
    private void AddMeetingIn2026()
    {
        Directory.CreateDirectory(Path.Combine(Input, "referater", "2026"));
        File.WriteAllText(Path.Combine(Input, "referater", "2026", "2026-01-14-direktionen.md"),
            File.ReadAllText(Referat(2025)).Replace("dato: 2025-03-26", "dato: 2026-01-14"));
    }

    private void AssertRecordedStampsTrue()
    {
        foreach (var f in BuildCache.Read(Cache)!.Folders!)
        {
            var s = Lstat.Of(Output, f.Path);
            Assert.True(s is { Kind: Lstat.Kind.Folder } && s.Value.Inode == f.Inode && s.Value.Device == f.Device
                        && s.Value.MtimeNs == f.MtimeNs && s.Value.CtimeNs == f.CtimeNs, f.Path);
        }
    }

    private static IEnumerable<string> Ancestors(string path)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            yield return path[..slash];
    }
}

using System.Collections.Immutable;
using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary>Stamps carried (<see cref="StaleBuffer.Carry"/>): a folder of the put-aside output whose stamp held and
/// that the build left as it was records its old stamp without an lstat. What is recorded is always the folder's
/// real stamp, and a folder changed after the build (a file planted, a kept file replaced by a link) is listed and
/// cleaned two builds later as any other.</summary>
public sealed partial class BuildCacheTests
{
    /// <summary>Builds until the put-aside folder taken holds every unit and its folders are stamped: the builds after
    /// this carry the stamps of the folders they leave as they were.</summary>
    private void SettleWithStamps()
    {
        Build(Output, Cache);
        BuildBothAndCompare();
        Thread.Sleep(1100); // folders changed within a second before the stamps are taken get none
        BuildBothAndCompare();
        BuildBothAndCompare();
        BuildBothAndCompare();
    }

    /// <summary>Every stamp the manifest records is the stamp its folder in the output has now.</summary>
    private void AssertStampsTrue()
    {
        Assert.NotEmpty(BuildCache.Read(Cache)!.Folders!);
        AssertRecordedStampsTrue();
    }

    [Fact]
    public void Stamps_carried_from_the_folder_taken_are_the_folders_real_stamps()
    {
        SettleWithStamps();
        AssertStampsTrue();
        var y2023 = Referat(2023);
        File.WriteAllText(y2023, File.ReadAllText(y2023).Replace("### Beslutning", "### Beslutning\n\nRettet.\n"));
        BuildBothAndCompare();
        AssertStampsTrue();
        BuildBothAndCompare();
        AssertStampsTrue();
        var summary = BuildBothAndCompare();
        Assert.Equal(summary.Units, summary.UnitsInPlace);
        AssertStampsTrue();
    }

    [Fact]
    public void A_folder_changed_after_its_stamp_was_carried_is_listed_and_cleaned_two_builds_later()
    {
        SettleWithStamps();
        var manifest = BuildCache.Read(Cache)!;
        var stamped = manifest.Folders!.Select(f => f.Path).ToList();
        var meeting = stamped.First(p => System.Text.RegularExpressions.Regex.IsMatch(p, @"^[a-z-]+/\d{4}-\d\d-\d\d$"));
        var item = stamped.First(p => p.Contains("/punkt-", StringComparison.Ordinal));
        var secret = Path.Combine(Work, "hemmelig.txt");
        File.WriteAllText(secret, "KVAEGSENTINEL uden for output");

        // The live output: put aside by the next build, taken as staging folder by the one after it, with the stamps
        // this build recorded (carried or taken).
        File.WriteAllText(Path.Combine(Output, meeting, "plantet.html"), "KVAEGSENTINEL plantet");
        var page = Path.Combine(Output, item, "index.html");
        File.Delete(page);
        File.CreateSymbolicLink(page, secret);
        Directory.CreateDirectory(Path.Combine(Output, item, "ny"));
        File.WriteAllText(Path.Combine(Output, item, "ny", "index.html"), "KVAEGSENTINEL ny mappe");

        BuildBothAndCompare();
        BuildPartlyInPlaceAndCompare(secret);
        AssertStampsTrue();
    }

    /// <summary>Builds incrementally, keeping some units in place and not others, and requires the output to be a
    /// clean build's file for file and entry for entry (no planted folder or link), without the sentinel, and
    /// <paramref name="secret"/> (outside the output, linked to from inside) untouched.</summary>
    private void BuildPartlyInPlaceAndCompare(string secret)
    {
        var summary = Build(Output, Cache);
        Assert.InRange(summary.UnitsInPlace, 1, summary.Units - 1);
        var clean = Path.Combine(Work, "clean-" + Guid.NewGuid().ToString("N"));
        Build(clean, null);
        SiteFiles.AssertSame(SiteFiles.Read(clean), SiteFiles.Read(Output));
        Assert.Equal(Entries(clean), Entries(Output));
        AssertNoTrace();
        Assert.Equal("KVAEGSENTINEL uden for output", File.ReadAllText(secret));
    }

    /// <summary>A folder tree for <see cref="StaleBuffer.Stamps"/>: <c>a/x.html</c>, <c>a/b/index.html</c>.</summary>
    private string StampTree()
    {
        var root = Path.Combine(Work, "stamps");
        Directory.CreateDirectory(Path.Combine(root, "a", "b"));
        File.WriteAllText(Path.Combine(root, "a", "x.html"), "x");
        File.WriteAllText(Path.Combine(root, "a", "b", "index.html"), "b");
        return root;
    }

    private static BuildCache.Unit UnitOf(params string[] files) =>
        new("k", [.. files.Select(f => new BuildCache.UnitFile(f, 1, 0))]);

    /// <summary>A carry with stamps no folder has (inode 4242…): when one is recorded, it was carried, not taken.
    /// </summary>
    private static StaleBuffer.Carry FakeCarry(int aEntries = 2)
    {
        var folders = new Dictionary<string, (BuildCache.FolderStamp, int)>(StringComparer.Ordinal)
        {
            ["a"] = (new BuildCache.FolderStamp("a", 4242, 1, 1, 1), aEntries),
            ["a/b"] = (new BuildCache.FolderStamp("a/b", 4243, 1, 1, 1), 1),
            ["gone"] = (new BuildCache.FolderStamp("gone", 4244, 1, 1, 1), 0),
        };
        return new StaleBuffer.Carry(folders);
    }

    private static ulong? InodeOf(List<BuildCache.FolderStamp> stamps, string path) =>
        stamps.FirstOrDefault(s => s.Path == path)?.Inode;

    [Fact]
    public void A_stamp_is_carried_only_for_a_folder_the_new_record_names_exactly_as_kept()
    {
        var root = StampTree();
        string[] both = ["a/x.html", "a/b/index.html"];
        // As kept: both carried; a carried folder the record does not name is not recorded.
        var (stamps, extras) = StaleBuffer.Stamps(root, [UnitOf(both)], both, FakeCarry(), both);
        Assert.Equal(4242UL, InodeOf(stamps, "a"));
        Assert.Equal(4243UL, InodeOf(stamps, "a/b"));
        Assert.Null(InodeOf(stamps, "gone"));
        Assert.Empty(extras);

        // A unit file more in a (made by this build): a is not carried (its stamp is taken, here none: just made).
        (stamps, _) = StaleBuffer.Stamps(root, [UnitOf([.. both, "a/y.html"])], [.. both, "a/y.html"], FakeCarry(),
            both);
        Assert.NotEqual(4242UL, InodeOf(stamps, "a"));
        Assert.Equal(4243UL, InodeOf(stamps, "a/b"));

        // Another file in a written by the build (an extra): not carried.
        (stamps, extras) = StaleBuffer.Stamps(root, [UnitOf(both)], [.. both, "a/andet.html"], FakeCarry(), both);
        Assert.NotEqual(4242UL, InodeOf(stamps, "a"));
        Assert.Contains(extras, e => e.Path == "a/andet.html");

        // As many entries as kept, but a kept file not named (another in its place): not carried.
        (stamps, _) = StaleBuffer.Stamps(root, [UnitOf("a/z.html", "a/b/index.html")], ["a/z.html", "a/b/index.html"],
            FakeCarry(), both);
        Assert.NotEqual(4242UL, InodeOf(stamps, "a"));
        Assert.Equal(4243UL, InodeOf(stamps, "a/b"));

        // The count the carry holds differs from the record's: not carried.
        (stamps, _) = StaleBuffer.Stamps(root, [UnitOf(both)], both, FakeCarry(aEntries: 3), both);
        Assert.NotEqual(4242UL, InodeOf(stamps, "a"));

        // Without a carry every stamp is taken.
        (stamps, _) = StaleBuffer.Stamps(root, [UnitOf(both)], both);
        Assert.DoesNotContain(stamps, s => s.Inode is 4242 or 4243);
    }

    [Fact]
    public void A_forged_or_empty_carry_carries_nothing_the_record_does_not_name()
    {
        var root = StampTree();
        string[] both = ["a/x.html", "a/b/index.html"];
        var empty = new StaleBuffer.Carry(ImmutableDictionary<string, (BuildCache.FolderStamp, int)>.Empty);
        var (stamps, _) = StaleBuffer.Stamps(root, [UnitOf(both)], both, empty, both);
        Assert.DoesNotContain(stamps, s => s.Inode is 4242 or 4243);
        // A carry naming kept files outside the record's folders: the folders holding them are not carried.
        (stamps, _) = StaleBuffer.Stamps(root, [UnitOf(both)], both, FakeCarry(),
            [.. both, "a/b/../../ude.html", "a/b/fremmed.html"]);
        Assert.Equal(4242UL, InodeOf(stamps, "a"));
        Assert.NotEqual(4243UL, InodeOf(stamps, "a/b"));
        // The kept files not given: nothing proves the record names them, so nothing is carried.
        (stamps, _) = StaleBuffer.Stamps(root, [UnitOf(both)], both, FakeCarry());
        Assert.DoesNotContain(stamps, s => s.Inode is 4242 or 4243);
    }
    /// <summary>The record's entries in a folder are counted once each, as they are found: a unit file named by two
    /// units is one entry, a new folder of other entries (two files in it) is one entry of its parent, and a
    /// folder on the way to unit files one entry too.</summary>
    [Fact]
    public void Each_entry_of_a_folder_is_counted_once_however_often_it_is_named()
    {
        var root = StampTree();
        string[] both = ["a/x.html", "a/b/index.html"];
        var (stamps, _) = StaleBuffer.Stamps(root, [UnitOf(both), UnitOf("a/x.html")], [.. both, "a/x.html"],
            FakeCarry(), both);
        Assert.Equal(4242UL, InodeOf(stamps, "a"));
        Assert.Equal(4243UL, InodeOf(stamps, "a/b"));

        // a then names three entries (x.html, b, c): as many as a carry of three says it kept.
        string[] withFolder = [.. both, "a/c/1.html", "a/c/2.html"];
        (stamps, var extras) = StaleBuffer.Stamps(root, [UnitOf(both)], withFolder, FakeCarry(aEntries: 3), both);
        Assert.Equal(4242UL, InodeOf(stamps, "a"));
        Assert.Equal([new BuildCache.Extra("a/c", true)], extras);
        (stamps, _) = StaleBuffer.Stamps(root, [UnitOf(both)], withFolder, FakeCarry(), both);
        Assert.NotEqual(4242UL, InodeOf(stamps, "a"));
    }
}

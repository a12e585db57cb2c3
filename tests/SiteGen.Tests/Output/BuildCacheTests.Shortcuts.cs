using System.IO.Enumeration;
using System.Security.Cryptography;
using SiteGen.Output;
using SiteGen.Tests.Quality;

namespace SiteGen.Tests.Output;

/// <summary>The reuse stage's and the swap's shortcuts over the kept units' files (≈ 300,000 at 10,000 meetings):
/// the put-aside folder's plan does not look up again the files of a recorded unit it keeps whole, and the stamps
/// at the swap are given only the files the build made and the kept files of units it does not record as they were
/// (<see cref="StaleBuffer.NotRecorded"/>). What is recorded must be what the full lookups give: each recorded
/// folder's stamp its real one, each other entry of such a folder named, and a forged or tampered put-aside folder
/// still cleaned to a clean build's entries.</summary>
public sealed partial class BuildCacheTests
{
    [Fact]
    public void Kept_files_are_left_out_of_the_made_files_until_written_and_still_counted()
    {
        var root = Path.Combine(Work, "writer");
        var writer = new SiteWriter(root);
        writer.RecordKept("a/x.html", 10);
        writer.RecordKept("a/leer.html", 0);
        writer.WriteText("b.html", "bbb");
        Assert.Equal(["b.html"], writer.Made.ToList());
        Assert.Equal(3, writer.Count);
        Assert.Equal(13, writer.Bytes); // a kept file's size as recorded, not its marker
        Assert.Equal(["a/leer.html", "a/x.html", "b.html"], writer.Files.Order(StringComparer.Ordinal).ToList());
        // Written after all (or found by a rescan): made, with its real size.
        writer.WriteText("a/x.html", "xx");
        Assert.Equal(["a/x.html", "b.html"], writer.Made.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(5, writer.Bytes);
    }

    [Fact]
    public void Only_the_kept_units_recorded_as_another_object_have_their_files_looked_up()
    {
        var a = UnitOf("a/x.html", "a/b/index.html");
        var b = new BuildCache.Unit("k2", [new BuildCache.UnitFile("c/index.html", 1, 0)]);
        Assert.Empty(StaleBuffer.NotRecorded([a, b], [a, b]));
        Assert.Empty(StaleBuffer.NotRecorded([a, b], []));
        // Equal by value is not enough: only the very record the build writes is known to name the files.
        var copy = a with { Files = [.. a.Files] };
        Assert.Equal(["a/x.html", "a/b/index.html"], StaleBuffer.NotRecorded([copy, b], [a, b]));
        Assert.Equal(["c/index.html"], StaleBuffer.NotRecorded([a], [a, b]));
    }

    /// <summary>The other entries a manifest names: what the full lookups give, from a listing of the output (every
    /// file and folder the build put there, its own marker aside).</summary>
    private HashSet<string> ExtrasFromListing(BuildCache.Manifest manifest)
    {
        var files = new FileSystemEnumerable<string>(Output,
                (ref FileSystemEntry e) => Path.GetRelativePath(Output, e.ToFullPath()).Replace('\\', '/'),
                new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            {
                ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory,
            }
            .Where(f => f != OutputFolder.Marker).ToList();
        var (_, extras) = StaleBuffer.Stamps(Output, manifest.Units, files);
        return [.. extras.Select(e => $"{e.Path} {e.IsFolder}")];
    }

    [Fact]
    public void The_record_a_build_in_place_leaves_names_what_a_full_listing_finds()
    {
        SettleWithStamps();
        for (var round = 0; round < 3; round++)
        {
            if (round == 1)
            {
                var y2023 = Referat(2023);
                File.WriteAllText(y2023, File.ReadAllText(y2023).Replace("### Beslutning",
                    "### Beslutning\n\nRettet.\n"));
            }
            var summary = BuildBothAndCompare();
            Assert.True(summary.UnitsInPlace > 0);
            var manifest = BuildCache.Read(Cache)!;
            Assert.Equal(ExtrasFromListing(manifest), [.. manifest.Extras!.Select(e => $"{e.Path} {e.IsFolder}")]);
            AssertStampsTrue();
        }
    }

    [Fact]
    public void A_record_forged_to_name_a_kept_units_file_under_another_unit_removes_nothing_kept()
    {
        SettleWithStamps();
        BuildBothAndCompare();
        // The record of the folder taken next: its first unit's files are named a second time, by a unit with a key
        // no build makes (so never kept), and a file planted in a stamped folder is named by it too.
        var record = BuildCache.Read(Cache, StaleBuffer.RecordFile)!;
        var kept = record.Units.First(u => u.Files.Count > 1);
        var aside = PutAside();
        var folder = Path.GetDirectoryName(kept.Files[0].Path)!.Replace('\\', '/');
        File.WriteAllText(Path.Combine(aside, folder, "plantet.html"), "KVAEGSENTINEL plantet");
        var forged = record with
        {
            Units = [.. record.Units, new BuildCache.Unit("forged", [.. kept.Files,
                new BuildCache.UnitFile($"{folder}/plantet.html", 21, 0)])],
        };
        BuildCache.Write(Cache, forged, StaleBuffer.RecordFile);
        StaleBuffer.Bind(Cache, aside);

        var summary = Build(Output, Cache);
        Assert.True(summary.UnitsInPlace > 0);
        var clean = Path.Combine(Work, "clean-forged");
        Build(clean, null);
        SiteFiles.AssertSame(SiteFiles.Read(clean), SiteFiles.Read(Output));
        Assert.Equal(Entries(clean), Entries(Output)); // the planted file is gone
        AssertNoTrace();
        // The kept unit's files are still there, and the next builds keep everything again.
        foreach (var f in kept.Files) Assert.True(File.Exists(Path.Combine(Output, f.Path)), f.Path);
        BuildBothAndCompare();
        var next = BuildBothAndCompare();
        Assert.Equal(next.Units, next.UnitsReused);
    }
    [Fact]
    public void The_manifest_written_as_it_is_encoded_has_the_same_bytes_and_reads_back()
    {
        // Large enough to pass the write buffer several times (≈ 3 MB), with names of every kind.
        var units = Enumerable.Range(0, 20_000).Select(i => new BuildCache.Unit($"nøgle-{i}", [
            new BuildCache.UnitFile($"udvalg-{i % 9}/2025-{i:D5}/index.html", i + 1, 1000L * i, (ulong)i + 1),
            new BuildCache.UnitFile($"økonomi 😀/{i}/punkt-{i % 7}/index.html", 7, -i)])).ToList();
        var files = new SortedDictionary<string, BuildCache.BundleFile>(StringComparer.Ordinal)
        {
            ["pagefind.js"] = new(12, 34), ["fragment/æ.pf_fragment"] = new(56, 78),
        };
        var manifest = new BuildCache.Manifest("gen\n", "/ud/put", [new BuildCache.Bundle("pagefind", "sider", files)],
            units, [new BuildCache.FolderStamp("udvalg-1", ulong.MaxValue, 3, long.MinValue, 5)],
            [new BuildCache.Extra("sager/index.html", false), new BuildCache.Extra("bilag", true)]);
        // The checksum at the end is the SHA-256 of all before it, as a whole-buffer hash gave it.
        var expected = ManifestCodec.Encode(manifest, BuildCache.Format);
        Assert.Equal(SHA256.HashData(expected.AsSpan(0, expected.Length - 32)), expected[^32..]);

        var cache = Path.Combine(Work, "codec");
        BuildCache.Write(cache, manifest);
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(cache, BuildCache.ManifestFile)));
        Assert.Equal([BuildCache.ManifestFile], Directory.GetFiles(cache).Select(Path.GetFileName));
        var read = BuildCache.Read(cache)!;
        Assert.Equal(units.SelectMany(u => u.Files), read.Units.SelectMany(u => u.Files));
        Assert.Equal(manifest.Folders, read.Folders);
        Assert.Equal(manifest.Extras, read.Extras);
        Assert.Equal((manifest.Generator, manifest.Output), (read.Generator, read.Output));
        Assert.Equal(files, read.Bundles.Single().Files);
        Assert.Equal(units.Select(u => u.Key), read.Units.Select(u => u.Key));
    }
}

using System.Security.Cryptography;
using System.Text;
using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary>The manifest's paths are taken from the reuse stage's <see cref="PathPool"/> without making a string per
/// path (<see cref="ManifestCodec.Decode"/> with a pool): what is read must be exactly what the plain read gives, for
/// any name a referat can lead to and for forged bytes, since the reuse decision compares these paths.</summary>
public sealed class ManifestCodecTests
{
    private static readonly string[] Names =
    [
        "udvalg/2025-12-03/index.html",
        "økonomi- og erhvervsudvalget/2025-12-03/punkt-1/index.html",
        "sager/sag 😀 med mellemrum/feed.xml",
        "data/\u0001kontrol\u007f.json",
        "lone \ud800 surrogate.html", // written as U+FFFD, read back as it
    ];

    private static BuildCache.Manifest Manifest(params string[] paths) => new("gen", "/out", [],
        [.. paths.Select((p, i) => new BuildCache.Unit($"key{i}", [new BuildCache.UnitFile(p, 10 + i, 1000 + i,
            i % 2 == 0 ? 0xABCDUL + (ulong)i : ContentHash.Unknown)],
            Content: i == 0 ? ContentHash.Unknown : 0xF00D_0000UL + (ulong)i))], [], []);

    private static string[] Paths(BuildCache.Manifest m) => [.. m.Units.SelectMany(u => u.Files).Select(f => f.Path)];

    [Fact]
    public void Paths_read_through_the_pool_equal_the_plain_read_and_are_one_string_each()
    {
        var bytes = ManifestCodec.Encode(Manifest(Names), BuildCache.Format);
        var plain = ManifestCodec.Decode(bytes, BuildCache.Format)!;
        var pool = new PathPool();
        var first = ManifestCodec.Decode(bytes, BuildCache.Format, pool)!;
        var second = ManifestCodec.Decode(bytes, BuildCache.Format, pool)!;
        Assert.Equal(Paths(plain), Paths(first));
        Assert.Equal("lone \ufffd surrogate.html", Paths(plain)[^1]);
        Assert.Equal(plain.Units.SelectMany(u => u.Files), first.Units.SelectMany(u => u.Files));
        Assert.All(Paths(first).Zip(Paths(second)), p => Assert.Same(p.First, p.Second));
        Assert.Same(pool.Get(Names[1]), Paths(first)[1]);
    }

    [Fact]
    public void Paths_asked_from_many_threads_at_once_are_one_string_each()
    {
        // The unit plan asks from two threads while the record may still be read on a third (as UTF-8): the first
        // string added for a path is the one every caller gets, whichever way and from whichever thread it asks.
        var pool = new PathPool();
        var paths = Enumerable.Range(0, 2000).Select(i => $"udvalg/2025-{i % 12 + 1:00}-{i % 28 + 1:00}/punkt-{i}/index.html")
            .ToArray();
        var got = new string[8][];
        Parallel.For(0, got.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            got[t] = new string[paths.Length];
            for (var i = 0; i < paths.Length; i++)
            {
                var j = (i * 7 + t * 131) % paths.Length; // each thread in another order
                got[t][j] = t % 2 == 0 ? pool.Get(new string(paths[j].AsSpan())) : pool.Get(Encoding.UTF8.GetBytes(paths[j]));
            }
        });
        for (var i = 0; i < paths.Length; i++)
        {
            Assert.Equal(paths[i], got[0][i]);
            for (var t = 1; t < got.Length; t++) Assert.Same(got[0][i], got[t][i]);
            Assert.Same(got[0][i], pool.Get(paths[i]));
        }
    }

    [Fact]
    public void Forged_path_bytes_read_as_the_plain_read_reads_them_or_as_no_manifest()
    {
        var marker = "XXXXXXXX";
        var bytes = ManifestCodec.Encode(Manifest("a/" + marker + "/index.html"), BuildCache.Format);
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker));
        // Invalid UTF-8 (a lone continuation byte, a cut sequence, an encoded surrogate) with the checksum made again.
        new byte[] { 0x80, 0xC3, 0x41, 0xED, 0xA0, 0x80, 0xFF, 0x2F }.CopyTo(bytes, at);
        Resign(bytes);
        var plain = ManifestCodec.Decode(bytes, BuildCache.Format)!;
        Assert.Equal(Paths(plain), Paths(ManifestCodec.Decode(bytes, BuildCache.Format, new PathPool())!));

        // A path's length claiming more than the bytes left: no manifest, as the plain read says.
        var cut = ManifestCodec.Encode(Manifest("kort.html"), BuildCache.Format);
        var length = cut.AsSpan().IndexOf("kort.html"u8) - 1;
        cut[length] = 0x7F;
        Resign(cut);
        Assert.Null(ManifestCodec.Decode(cut, BuildCache.Format));
        Assert.Null(ManifestCodec.Decode(cut, BuildCache.Format, new PathPool()));
    }

    [Fact]
    public void The_units_only_read_keeps_bundles_and_units_and_checks_the_stamps_it_passes_over()
    {
        var manifest = Manifest(Names) with
        {
            Bundles = [new BuildCache.Bundle("pagefind", "pages",
                new(StringComparer.Ordinal) { ["a.pf"] = new(7, 8) }, Content: ulong.MaxValue)],
            Folders = [new("udvalg/2025-12-03", 1, 2, 3, 4), new("stempelmappe", 5, 6, 7, 8)],
            Extras = [new("udvalg/index.html", false), new("udvalg/2025-12-03/bilag", true)],
        };
        var bytes = ManifestCodec.Encode(manifest, BuildCache.Format);
        var whole = ManifestCodec.Decode(bytes, BuildCache.Format)!;
        var units = ManifestCodec.Decode(bytes, BuildCache.Format, new PathPool(), units: true)!;
        Assert.Null(units.Folders);
        Assert.Null(units.Extras);
        Assert.Equal(whole.Units.SelectMany(u => u.Files), units.Units.SelectMany(u => u.Files));
        Assert.Equal(whole.Units.Select(u => u.Key), units.Units.Select(u => u.Key));
        Assert.Equal(whole.Bundles.Single().Files, units.Bundles.Single().Files);
        Assert.Equal(ulong.MaxValue, units.Bundles.Single().Content);
        Assert.Equal(whole.Units.Select(u => u.Content), units.Units.Select(u => u.Content));
        Assert.Equal(0xF00D_0002UL, units.Units[2].Content);
        Assert.Equal(2, whole.Folders!.Count);

        // A stamp's path claiming more than is left, an extra cut short: no manifest either way (checksum made again).
        var forged = (byte[])bytes.Clone();
        var at = forged.AsSpan().IndexOf("stempelmappe"u8) - 1;
        forged[at] = 0x7F;
        Resign(forged);
        Assert.Null(ManifestCodec.Decode(forged, BuildCache.Format));
        Assert.Null(ManifestCodec.Decode(forged, BuildCache.Format, units: true));
        var body = bytes.Length - 32;
        var cut = new byte[body - 1 + 32];
        bytes.AsSpan(0, body - 1).CopyTo(cut);
        Resign(cut);
        Assert.Null(ManifestCodec.Decode(cut, BuildCache.Format));
        Assert.Null(ManifestCodec.Decode(cut, BuildCache.Format, units: true));
        // One byte more after the extras: not a manifest of this format.
        var longer = new byte[body + 1 + 32];
        bytes.AsSpan(0, body).CopyTo(longer);
        Resign(longer);
        Assert.Null(ManifestCodec.Decode(longer, BuildCache.Format, units: true));
    }

    [Fact]
    public void Only_the_units_asked_for_are_read_and_the_others_are_still_checked()
    {
        var manifest = Manifest(Names) with
        {
            Units = [.. Manifest(Names).Units, new BuildCache.Unit("nøgle ø", [new("x/index.html", 1, 2, 0x1234UL)])],
        };
        var bytes = ManifestCodec.Encode(manifest, BuildCache.Format);
        var whole = ManifestCodec.Decode(bytes, BuildCache.Format)!;
        var keys = new HashSet<string>(StringComparer.Ordinal) { "key1", "nøgle ø", "ingen" };
        var some = ManifestCodec.Decode(bytes, BuildCache.Format, new PathPool(), units: true, keys: keys)!;
        Assert.Equal(["key1", "nøgle ø"], some.Units.Select(u => u.Key));
        Assert.Equal([0xF00D_0001UL, ContentHash.Unknown], some.Units.Select(u => u.Content)); // the others passed over
        Assert.Equal(whole.Units.Where(u => keys.Contains(u.Key)).SelectMany(u => u.Files),
            some.Units.SelectMany(u => u.Files));
        Assert.Same(keys.First(k => k == "key1"), some.Units[0].Key);
        Assert.Empty(ManifestCodec.Decode(bytes, BuildCache.Format, keys: [])!.Units);

        // A key forged to invalid UTF-8 matches as the plain read decodes it (U+FFFD), checksum made again.
        var forged = (byte[])bytes.Clone();
        var at = forged.AsSpan().IndexOf("key3"u8);
        forged[at + 3] = 0xFF;
        Resign(forged);
        var plainKey = ManifestCodec.Decode(forged, BuildCache.Format)!.Units[3].Key;
        Assert.Equal("key\ufffd", plainKey);
        Assert.Equal([plainKey], ManifestCodec.Decode(forged, BuildCache.Format, keys: [plainKey])!.Units.Select(u => u.Key));

        // A file's path length past the end in a unit not asked for: no manifest, as the whole read says.
        var cut = (byte[])bytes.Clone();
        var length = cut.AsSpan().IndexOf("x/index.html"u8) - 1;
        cut[length] = 0x7F;
        Resign(cut);
        Assert.Null(ManifestCodec.Decode(cut, BuildCache.Format));
        Assert.Null(ManifestCodec.Decode(cut, BuildCache.Format, keys: ["key1"]));
    }

    [Fact]
    public void A_page_hash_flag_forged_either_way_reads_as_no_manifest()
    {
        // One unit with two files: the first with a hash, the second without. Each flag flipped (checksum made
        // again): the reader takes 8 bytes too many or too few, and the bytes no longer end where they should.
        BuildCache.Manifest Of() => new("gen", "/out", [], [new BuildCache.Unit("k", [
            new BuildCache.UnitFile("a/index.html", 5, 6, 0x1234UL), new BuildCache.UnitFile("b.ics", 7, 8)])], [], []);
        var bytes = ManifestCodec.Encode(Of(), BuildCache.Format);
        Assert.Equal(0x1234UL, ManifestCodec.Decode(bytes, BuildCache.Format)!.Units[0].Files[0].Hash);
        foreach (var name in new[] { "a/index.html"u8.ToArray(), "b.ics"u8.ToArray() })
        {
            var forged = (byte[])bytes.Clone();
            var flag = forged.AsSpan().IndexOf(name) + name.Length + 2 * sizeof(long);
            Assert.True(forged[flag] <= 1);
            forged[flag] ^= 1;
            Resign(forged);
            Assert.Null(ManifestCodec.Decode(forged, BuildCache.Format));
            Assert.Null(ManifestCodec.Decode(forged, BuildCache.Format, new PathPool(), units: true,
                keys: new HashSet<string>(StringComparer.Ordinal) { "k" }));
            Assert.Null(ManifestCodec.Decode(forged, BuildCache.Format, keys: []));
        }
    }

    private static void Resign(byte[] bytes)
    {
        var body = bytes.Length - 32;
        SHA256.HashData(bytes.AsSpan(0, body)).CopyTo(bytes, body);
    }
}

using System.Security.Cryptography;
using System.Text;
using SiteGen.Data;
using SiteGen.Search;
using SiteGen.Tests.Data;

namespace SiteGen.Tests.Search;

/// <summary>The word list's counts kept as a running total in the cache (<see cref="WordTotals"/>): after each kind
/// of change the incremental build's site is byte for byte the clean build's, the total is what it took (not a
/// recount), whatever is in the cache file's place the site is the clean build's, and a word of an item closed since
/// is in no output file and in neither cache file.</summary>
public sealed class WordTotalsTests : SampleWorkspace
{
    private readonly List<(int Gone, int Added)> _updates = [];
    private string CacheFile => Path.Combine(Cache, WordTotals.FileName);

    public WordTotalsTests() : base("sitegen-wordtotals-") => WordList.Updated += OnUpdated;

    protected override void Dispose(bool disposing)
    {
        WordList.Updated -= OnUpdated;
        base.Dispose(disposing);
    }

    // Other tests build beside this one: only this test's cache folder counts.
    private void OnUpdated(string cacheDir, int gone, int added)
    {
        if (cacheDir == Cache)
            lock (_updates) _updates.Add((gone, added));
    }

    private (int Gone, int Added)? LastUpdate()
    {
        lock (_updates)
        {
            var last = _updates.Count > 0 ? _updates[^1] : default((int, int)?);
            _updates.Clear();
            return last;
        }
    }

    private string Referat(int year) => SampleEdits.Referat(Input, year);

    private void Build(string output, string? cache) => SiteFiles.Build(Input, output, cache);

    private Dictionary<string, byte[]> CleanBuild() => SiteFiles.CleanBuild(Input, Work);

    /// <summary>Builds incrementally, requires the site to be the clean build's, and returns how the running total
    /// was brought up to date (null: every meeting counted).</summary>
    private (int Gone, int Added)? BuildAndCompare(string what)
    {
        Build(Output, Cache);
        var update = LastUpdate();
        try { SiteFiles.AssertSame(CleanBuild(), SiteFiles.Read(Output)); }
        catch (Exception ex) { throw new Xunit.Sdk.XunitException($"{what}: {ex.Message}"); }
        return update;
    }

    private static string WordFiles(string output) => string.Concat(Directory.GetFiles(
        Path.Combine(output, WordList.Folder)).Order(StringComparer.Ordinal).Select(File.ReadAllText));

    /// <summary>The word files are written straight with a JSON writer: the bytes the serialiser gave them.
    /// </summary>
    [Fact]
    public void Word_files_are_the_serialisers_bytes()
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["budget"] = 12, ["ærøskøbing"] = 3, ["åbenrå"] = 3, ["straße"] = 1, ["ǆemal"] = 2, ["αβγ"] = 5,
            ["ﬁnans"] = 1, ["𝐀𝐁𝐂"] = 4, ["ıstanbul"] = 7, ["x\u2028y"] = 1, ["a\"b"] = 1, ["</script>"] = 1,
        };
        var expected = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            words.Select(kv => new object[] { kv.Key, kv.Value }), WordList.JsonOptions);
        Assert.Equal([.. expected, (byte)'\n'], WordList.Json(words));
        Assert.Equal("[]\n"u8.ToArray(), WordList.Json([]));
    }

    [Fact]
    public void Totals_round_trip_and_refuse_what_is_not_as_written()
    {
        Directory.CreateDirectory(Cache);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["budget"] = 3, ["ærø"] = 1, ["skole"] = 7 };
        WordTotals.Save(CacheFile, ["mabc", "mdef"], counts);
        var read = WordTotals.Read(CacheFile);
        Assert.NotNull(read);
        Assert.Equal(["mabc", "mdef"], read.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(counts.OrderBy(kv => kv.Key, StringComparer.Ordinal),
            read.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal));

        var good = File.ReadAllBytes(CacheFile);
        foreach (var bad in Damaged(good))
        {
            File.WriteAllBytes(CacheFile, bad.Bytes);
            Assert.True(WordTotals.Read(CacheFile) is null, bad.What);
        }
        // A count below 1 or a key twice, signed again: refused too.
        WordTotals.Save(CacheFile, ["mabc"], new Dictionary<string, int>(StringComparer.Ordinal) { ["nul"] = 0 });
        Assert.Null(WordTotals.Read(CacheFile));
        WordTotals.Save(CacheFile, ["mabc", "mabc"], counts);
        Assert.Null(WordTotals.Read(CacheFile));
    }

    private static IEnumerable<(string What, byte[] Bytes)> Damaged(byte[] good)
    {
        yield return ("truncated", good[..(good.Length / 2)]);
        yield return ("last byte cut", good[..^1]);
        yield return ("zero bytes", []);
        yield return ("garbage", Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray());
        var flipped = good.ToArray();
        flipped[good.Length / 2] ^= 0x20;
        yield return ("a byte flipped", flipped);
        var version = good.ToArray();
        BitConverter.GetBytes(99).CopyTo(version, 8);
        Resign(version);
        yield return ("another version, signed again", version);
        var count = good.ToArray();
        BitConverter.GetBytes(int.MaxValue).CopyTo(count, 12);
        Resign(count);
        yield return ("a huge count, signed again", count);
    }

    private static void Resign(byte[] bytes)
    {
        var body = bytes.Length - 32 - 8;
        SHA256.HashData(bytes.AsSpan(0, body)).CopyTo(bytes, body);
    }

    [Fact]
    public void Incremental_word_list_is_the_clean_builds_after_edits_additions_and_deletions()
    {
        Build(Output, Cache);
        Assert.Null(LastUpdate()); // the first build counts every meeting
        Assert.NotNull(WordTotals.Read(CacheFile));
        var meetings = Directory.GetFiles(Path.Combine(Input, "referater"), "*.md", SearchOption.AllDirectories)
            .Length;

        Assert.Equal((0, 0), BuildAndCompare("nothing changed"));

        // A new word in one meeting (its neighbours' keys change too: their pages link it).
        var y2024 = Referat(2024);
        var text = File.ReadAllText(y2024);
        SampleEdits.InDecision(y2024, "Grønlandsbudgetordet vedtaget.");
        var edited = BuildAndCompare("word added");
        Assert.NotNull(edited);
        Assert.Equal(edited.Value.Gone, edited.Value.Added);
        Assert.InRange(edited.Value.Added, 1, meetings);
        Assert.Contains("grønlandsbudgetordet", WordFiles(Output));

        // A meeting added, then deleted.
        var added = Path.Combine(Input, "referater", "2024", "2024-12-04-direktionen.md");
        File.WriteAllText(added, File.ReadAllText(y2024).Replace("dato: 2024-11-13", "dato: 2024-12-04"));
        var plus = BuildAndCompare("meeting added");
        Assert.NotNull(plus);
        Assert.True(plus.Value.Added > plus.Value.Gone);
        Assert.Contains("[\"grønlandsbudgetordet\",2]", WordFiles(Output));
        File.Delete(added);
        var minus = BuildAndCompare("meeting deleted");
        Assert.NotNull(minus);
        Assert.True(minus.Value.Gone > minus.Value.Added);
        Assert.Contains("[\"grønlandsbudgetordet\",1]", WordFiles(Output));

        // The word taken out again: no count of 0 left behind.
        File.WriteAllText(y2024, text);
        Assert.NotNull(BuildAndCompare("word removed"));
        Assert.DoesNotContain("grønlandsbudgetordet", WordFiles(Output));
        Assert.DoesNotContain("grønlandsbudgetordet", Encoding.UTF8.GetString(File.ReadAllBytes(CacheFile)));
    }

    [Fact]
    public void Whatever_is_in_the_cache_files_place_the_site_is_the_clean_builds()
    {
        Build(Output, Cache);
        var stale = File.ReadAllBytes(CacheFile);
        var y2024 = Referat(2024);
        File.WriteAllText(y2024, File.ReadAllText(y2024).Replace("sted: Mødelokale 250", "sted: Mødelokale 251"));
        Build(Output, Cache);
        var good = File.ReadAllBytes(CacheFile);
        var i = 0;
        var damages = Damaged(good).Select(d => (d.What, (Action)(() => File.WriteAllBytes(CacheFile, d.Bytes))))
            .Concat([
                // The totals of the build before the last: their meetings' parts are no longer in fragments.bin, so
                // they cannot be brought up to date: every meeting is counted.
                ("an older build's totals", () => File.WriteAllBytes(CacheFile, stale)),
                ("symlink", () =>
                {
                    var elsewhere = Path.Combine(Work, "elsewhere.bin");
                    File.WriteAllBytes(elsewhere, good);
                    File.CreateSymbolicLink(CacheFile, elsewhere);
                }),
                ("directory", () => Directory.CreateDirectory(Path.Combine(CacheFile, "x"))),
                ("fragments.bin gone", () =>
                {
                    File.WriteAllBytes(CacheFile, good);
                    File.Delete(Path.Combine(Cache, Fragments.FileName));
                }),
            ]);
        foreach (var (what, damage) in damages)
        {
            // Another edit each time, so that the totals would have to be brought up to date.
            File.WriteAllText(y2024, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(y2024),
                "sted: Mødelokale [0-9]+", $"sted: Mødelokale {300 + i++}"));
            if (Directory.Exists(CacheFile)) Directory.Delete(CacheFile, recursive: true);
            if (File.Exists(CacheFile) || new FileInfo(CacheFile).LinkTarget is not null) File.Delete(CacheFile);
            damage();
            BuildAndCompare(what);
            // Built again right away (a folder in its place is left there): the totals are right once more.
            if (Directory.Exists(CacheFile)) Directory.Delete(CacheFile, recursive: true);
            Build(Output, Cache);
            good = File.ReadAllBytes(CacheFile);
        }
        Assert.Empty(Directory.GetFiles(Cache, "*.tmp"));
    }

    [Fact]
    public void A_word_of_an_item_closed_since_the_last_build_is_in_no_file_nor_cache()
    {
        var file = SampleEdits.Referat(Input, 2023);
        SampleEdits.InDecision(file, "Kvaegordsentinel besluttet.");
        Build(Output, Cache);
        Assert.Contains("kvaegordsentinel", WordFiles(Output));
        Assert.Contains("kvaegordsentinel", Encoding.UTF8.GetString(File.ReadAllBytes(CacheFile)));

        // The item with the sentinel (item 1, the first in the front matter) closed.
        SampleEdits.CloseFirstItem(file);
        Assert.NotNull(BuildAndCompare("item closed"));
        foreach (var (path, bytes) in SiteFiles.Read(Output))
            Assert.DoesNotContain("kvaegordsentinel", Encoding.UTF8.GetString(bytes),
                StringComparison.OrdinalIgnoreCase);
        foreach (var cache in new[] { CacheFile, Path.Combine(Cache, Fragments.FileName) })
            Assert.DoesNotContain("kvaegordsentinel", Encoding.UTF8.GetString(File.ReadAllBytes(cache)),
                StringComparison.OrdinalIgnoreCase);
    }
}

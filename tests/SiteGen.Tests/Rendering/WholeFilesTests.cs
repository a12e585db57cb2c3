using System.Text;
using System.Text.RegularExpressions;
using SiteGen.Rendering;
using SiteGen.Tests.Quality;

namespace SiteGen.Tests.Rendering;

/// <summary>Overview pages and whole-archive files kept from the previous output (<see cref="WholeFiles"/>): kept only
/// while what they show is unchanged, so after every change that alters a list (a meeting added, deleted, moved to
/// another date or committee; a template or site.yml changed) the incremental build is byte for byte the clean
/// build; whatever is in the cache file's place, the build succeeds with the clean build's site; and the cache file
/// holds no text of the site.</summary>
public sealed class WholeFilesTests() : SampleWorkspace("sitegen-whole-")
{
    private string CacheFile => Path.Combine(Cache, WholeFiles.FileName);

    private string Referat(int year) => Directory.GetFiles(Path.Combine(Input, "referater", $"{year}"))[0];

    private void Build(string output, string? cache, bool clean = false)
    {
        var result = Pipeline.Build(new BuildOptions(Input, output, Search: false, CacheDir: cache, Clean: clean),
            TextWriter.Null);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    /// <summary>The write time of each overview file of the output: a file kept from the last build keeps its
    /// time.</summary>
    private Dictionary<string, DateTime> Times() => new[]
        {
            "index.html", "aar/2024/index.html", "direktionen/index.html", "kommunalbestyrelsen/index.html",
            "data/direktionen/moeder.json", "data/kommunalbestyrelsen/moeder.json", "moeder.ics",
            "data/moeder.json", "om/index.html",
        }.Where(f => File.Exists(Path.Combine(Output, f)))
        .ToDictionary(f => f, f => File.GetLastWriteTimeUtc(Path.Combine(Output, f)), StringComparer.Ordinal);

    /// <summary>Builds incrementally and cleanly, requires the two sites to be equal file by file, and returns the
    /// overview files the incremental build kept.</summary>
    private HashSet<string> BuildBothAndCompare()
    {
        var before = Times();
        Build(Output, Cache);
        var clean = Path.Combine(Work, "clean-" + Guid.NewGuid().ToString("N"));
        Build(clean, null);
        var a = SiteFiles.Read(Output);
        var b = SiteFiles.Read(clean);
        SiteFiles.AssertSame(b, a);
        Directory.Delete(clean, recursive: true);
        var after = Times();
        return [.. before.Where(kv => after.TryGetValue(kv.Key, out var t) && t == kv.Value).Select(kv => kv.Key)];
    }

    private void Move(string file, string from, string to, string newName)
    {
        var text = File.ReadAllText(file).Replace(from, to);
        File.Delete(file);
        var target = Path.Combine(Input, "referater", newName[..4], newName);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, text);
    }

    [Fact]
    public void Lists_kept_while_unchanged_and_made_again_after_each_change_that_alters_them()
    {
        Build(Output, Cache);
        // Nothing changed: every overview file kept.
        Assert.Equal(Times().Keys.Order(), BuildBothAndCompare().Order());

        // The place of a meeting edited: shown on no list page, but in the meeting lists and the calendar.
        var y2024 = Referat(2024);
        File.WriteAllText(y2024, File.ReadAllText(y2024).Replace("sted: Mødelokale 250", "sted: Mødelokale 251"));
        var edited = BuildBothAndCompare();
        Assert.Contains("index.html", edited);
        Assert.Contains("direktionen/index.html", edited);
        Assert.DoesNotContain("data/moeder.json", edited);
        Assert.DoesNotContain("moeder.ics", edited);

        // A meeting added, moved to another date, moved to another committee, deleted: its lists change.
        File.WriteAllText(Path.Combine(Input, "referater", "2024", "2024-12-04-direktionen.md"),
            File.ReadAllText(y2024).Replace("dato: 2024-11-13", "dato: 2024-12-04"));
        Assert.DoesNotContain("direktionen/index.html", BuildBothAndCompare());
        Move(Path.Combine(Input, "referater", "2024", "2024-12-04-direktionen.md"), "dato: 2024-12-04",
            "dato: 2024-12-05", "2024-12-05-direktionen.md");
        Assert.DoesNotContain("aar/2024/index.html", BuildBothAndCompare());
        Move(Path.Combine(Input, "referater", "2024", "2024-12-05-direktionen.md"), "udvalg: Direktionen",
            "udvalg: Kommunalbestyrelsen", "2024-12-05-kommunalbestyrelsen.md");
        var moved = BuildBothAndCompare();
        Assert.DoesNotContain("direktionen/index.html", moved);
        Assert.DoesNotContain("data/direktionen/moeder.json", moved);
        File.Delete(Path.Combine(Input, "referater", "2024", "2024-12-05-kommunalbestyrelsen.md"));
        Assert.DoesNotContain("data/kommunalbestyrelsen/moeder.json", BuildBothAndCompare());

        // A template, site.yml: nothing kept.
        var layout = Path.Combine(Input, "templates", "layout.sbn-html");
        File.WriteAllText(layout, File.ReadAllText(layout) + "\n<!-- ændret skabelon -->\n");
        Assert.Empty(BuildBothAndCompare());
        var site = Path.Combine(Input, "site.yml");
        File.WriteAllText(site, Regex.Replace(File.ReadAllText(site), "(?m)^(titel: *)(.*)$", "$1$2 (ny)"));
        Assert.Empty(BuildBothAndCompare());
        Assert.NotEmpty(BuildBothAndCompare());
    }

    /// <summary>The sitemap's key is made from the output units (<see cref="SiteGen.Data.Sitemap"/>): kept while
    /// no page and no time changes, made again when a page comes or goes.</summary>
    [Fact]
    public void Sitemap_kept_while_its_pages_and_times_are_the_same_and_made_again_when_they_change()
    {
        var sitemap = Path.Combine(Output, "sitemap.xml");
        Build(Output, Cache);
        var kept = File.GetLastWriteTimeUtc(sitemap);
        var y2024 = Referat(2024);
        File.WriteAllText(y2024, File.ReadAllText(y2024).Replace("sted: Mødelokale 250", "sted: Mødelokale 251"));
        BuildBothAndCompare();
        Assert.Equal(kept, File.GetLastWriteTimeUtc(sitemap));

        // Item 1 of the 2023 meeting closed: its page leaves the sitemap.
        const string item = "/direktionen/2023-09-06/punkt-1/<";
        Assert.Contains(item, File.ReadAllText(sitemap));
        SiteGen.Tests.Data.SampleEdits.CloseFirstItem(Referat(2023));
        BuildBothAndCompare();
        Assert.DoesNotContain(item, File.ReadAllText(sitemap));

        // A meeting added, then deleted.
        var added = Path.Combine(Input, "referater", "2024", "2024-12-04-direktionen.md");
        File.WriteAllText(added, File.ReadAllText(y2024).Replace("dato: 2024-11-13", "dato: 2024-12-04"));
        BuildBothAndCompare();
        Assert.Contains("/direktionen/2024-12-04/<", File.ReadAllText(sitemap));
        File.Delete(added);
        BuildBothAndCompare();
        Assert.DoesNotContain("/direktionen/2024-12-04/<", File.ReadAllText(sitemap));
    }

    [Fact]
    public void Whatever_is_in_the_cache_files_place_the_site_is_the_clean_builds()
    {
        Build(Output, Cache);
        Build(Output, Cache);
        var good = File.ReadAllBytes(CacheFile);
        Assert.NotNull(WholeFiles.Read(CacheFile));
        var body = good.Length - 32 - 8;
        var forged = good.ToArray();
        forged[body / 2] ^= 0x20; // a path or key changed, and signed again
        System.Security.Cryptography.SHA256.HashData(forged.AsSpan(0, body)).CopyTo(forged, body);
        var hugeCount = good.ToArray();
        // The count after the head, version and output path: claim two billion entries, signed again.
        var pathBytes = Encoding.UTF8.GetByteCount(Path.GetFullPath(Output));
        var countAt = 8 + 4 + (pathBytes < 128 ? 1 : 2) + pathBytes;
        BitConverter.GetBytes(int.MaxValue).CopyTo(hugeCount, countAt);
        System.Security.Cryptography.SHA256.HashData(hugeCount.AsSpan(0, body)).CopyTo(hugeCount, body);
        var damages = new (string What, Action Damage)[]
        {
            ("truncated", () => File.WriteAllBytes(CacheFile, good[..(good.Length / 2)])),
            ("last byte cut", () => File.WriteAllBytes(CacheFile, good[..^1])),
            ("zero bytes", () => File.WriteAllBytes(CacheFile, [])),
            ("a byte flipped", () => File.WriteAllBytes(CacheFile, Flipped(good, good.Length / 2))),
            ("forged checksum", () => File.WriteAllBytes(CacheFile, forged)),
            ("huge count", () => File.WriteAllBytes(CacheFile, hugeCount)),
            ("huge file", () =>
            {
                using var f = File.Create(CacheFile);
                f.SetLength(65L * 1024 * 1024);
            }),
            ("symlink", () =>
            {
                var elsewhere = Path.Combine(Work, "elsewhere.bin");
                File.WriteAllBytes(elsewhere, good);
                File.CreateSymbolicLink(CacheFile, elsewhere);
            }),
            ("directory", () => Directory.CreateDirectory(Path.Combine(CacheFile, "x"))),
            ("pipe", () => MakeFifo(CacheFile)),
        };
        var expected = SiteFiles.Read(Output);
        foreach (var (what, damage) in damages)
        {
            Remove(CacheFile);
            damage();
            if (what != "forged checksum")
                Assert.True(WholeFiles.Read(CacheFile) is null, $"cache file {what} was trusted");
            try
            {
                BuildBothAndCompare();
            }
            catch (Exception ex) { throw new Xunit.Sdk.XunitException($"cache file {what}: {ex.Message}"); }
        }
        Remove(CacheFile);
        BuildBothAndCompare();
        Assert.True(File.Exists(CacheFile));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), SiteFiles.Read(Output).Keys.Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(Cache, "*.tmp"));
    }

    private static void Remove(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        else if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
    }

    private static byte[] Flipped(byte[] bytes, int at)
    {
        var copy = bytes.ToArray();
        copy[at] ^= 0x5A;
        return copy;
    }

    private static readonly Regex Sentinel = new("kvaegsentinel", RegexOptions.IgnoreCase);

    [Fact]
    public void A_case_closed_since_the_last_build_is_on_no_list_and_the_cache_file_holds_no_text()
    {
        // Item 1 of 2024 treats a case whose title (the item's) is on the case lists.
        var file = Referat(2024);
        var text = File.ReadAllText(file);
        text = text.Replace("## 1. Beslutningsprotokoller", "## 1. Kvaegsentinel protokoller");
        var first = text.IndexOf("  - nr: 1\n    status: åben\n", StringComparison.Ordinal);
        text = text.Insert(first + "  - nr: 1\n    status: åben\n".Length, "    sagsnr: 24/9901\n");
        File.WriteAllText(file, text);
        Build(Output, Cache);
        Assert.Contains("Kvaegsentinel", File.ReadAllText(Path.Combine(Output, "sager", "index.html")));
        BuildBothAndCompare();

        text = File.ReadAllText(file);
        File.WriteAllText(file, text[..first] + "  - nr: 1\n    status: lukket\n"
            + text[(first + "  - nr: 1\n    status: åben\n".Length)..]);
        BuildBothAndCompare();
        var leaks = LeakScanner.Leaks(LeakScanner.Read(Output), Sentinel);
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.DoesNotMatch(Sentinel, Encoding.UTF8.GetString(File.ReadAllBytes(CacheFile)));
    }
}

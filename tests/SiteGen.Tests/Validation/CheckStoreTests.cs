using System.Security.Cryptography;
using SiteGen.Bench;
using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>The validation cache of `sitegen build --cache` (<see cref="CheckStore"/>, issue 18): a run that takes
/// files' checks from the cache gives exactly what a run without it gives (diagnostics in order, the source model
/// deep), and a file is checked again whenever anything its check depends on changed, whatever its write time says.
/// </summary>
public sealed partial class CheckStoreTests : IDisposable
{
    // A run without the cache has no fingerprints (CheckStore): compared on their own in the fingerprint tests.
    private static readonly HashSet<string> Reuse = ["ValidationResult.FilesReused", "Referat.Fingerprint"];

    private readonly string _work = Directory.CreateTempSubdirectory("sitegen-checks-").FullName;
    private string Cache => Path.Combine(_work, "cache");
    private string CacheFile => Path.Combine(Cache, CheckStore.FileName);

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }

    private ValidationResult Warm(string input, bool clean = false) => Validator.Run(input, null, Cache, clean);

    /// <summary>A run with the cache, compared deep with a run without it; returns the cached run.</summary>
    private ValidationResult WarmEqualsCold(string input)
    {
        var warm = Warm(input);
        DeepCompare.Equal(Validator.Run(input), warm, Reuse);
        return warm;
    }

    private string Shipped()
    {
        var input = Path.Combine(_work, "input");
        TestPaths.CopyDirectory(TestPaths.SampleInput, input);
        return input;
    }

    private static string Referat(string input, int year) =>
        Directory.GetFiles(Path.Combine(input, "referater", $"{year}"), "*.md")[0];

    [Fact]
    public void A_warm_run_equals_a_cold_run_on_the_shipped_input_and_a_generated_archive()
    {
        var shipped = Shipped();
        var first = Warm(shipped);
        Assert.Equal(0, first.FilesReused);
        Assert.True(File.Exists(CacheFile));
        var warm = WarmEqualsCold(shipped);
        Assert.Equal(3, warm.FilesReused);
        Assert.Equal(3, warm.Referater.Length);

        var archive = Path.Combine(_work, "archive");
        Directory.CreateDirectory(archive);
        File.Copy(Path.Combine(TestPaths.SampleInput, "site.yml"), Path.Combine(archive, "site.yml"));
        ArchiveGenerator.Generate(archive, ["Direktionen", "Økonomiudvalget", "Kommunalbestyrelsen"], 200, seed: 18);
        Warm(archive, clean: true);
        var generated = WarmEqualsCold(archive);
        Assert.Equal(200, generated.FilesReused);
        Assert.Equal(200, generated.Referater.Length);
    }

    [Fact]
    public void A_file_edited_with_the_same_size_and_write_time_is_checked_again()
    {
        var input = Shipped();
        var file = Referat(input, 2024);
        Warm(input);
        var written = File.GetLastWriteTimeUtc(file);
        var text = File.ReadAllText(file);
        Assert.Contains("sted: Mødelokale 250", text);
        File.WriteAllText(file, text.Replace("sted: Mødelokale 250", "sted: Mødelokale 251"));
        File.SetLastWriteTimeUtc(file, written); // as a git checkout may leave it

        // Twice: one edit leaves the old entry in the cache file (CheckStore.RewriteAtEdits), never taken for the new
        // bytes.
        for (var run = 0; run < 2; run++)
        {
            var warm = WarmEqualsCold(input);
            Assert.Equal(2, warm.FilesReused);
            Assert.Contains(warm.Referater, r => r.Sted.StartsWith("Mødelokale 251", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_change_to_site_yml_checks_every_file_again()
    {
        var input = Shipped();
        Warm(input);
        var site = Path.Combine(input, "site.yml");
        File.WriteAllText(site, File.ReadAllText(site).Replace("beskrivelse: Kommunens øverste administrative ledelse",
            "beskrivelse: Kommunens øverste ledelse"));

        var warm = WarmEqualsCold(input);
        Assert.Equal(0, warm.FilesReused);
        Assert.All(warm.Referater, r => Assert.StartsWith("Kommunens øverste ledelse", r.Udvalg.Beskrivelse));
    }

    [Fact]
    public void A_file_with_errors_keeps_its_errors_when_taken_from_the_cache()
    {
        var input = Shipped();
        var file = Referat(input, 2023);
        File.WriteAllText(file, File.ReadAllText(file).Replace("udvalg: Direktionen", "udvalg: Direktionenn"));
        var cold = Warm(input);
        Assert.Contains(cold.Diagnostics, d => d.IsError && d.Code == Diagnostics.Codes.UnknownUdvalg);

        var warm = WarmEqualsCold(input);
        Assert.Equal(3, warm.FilesReused);
        Assert.True(warm.HasErrors);
        Assert.Empty(warm.Referater);
    }

    [Fact]
    public void Deleted_renamed_and_duplicated_files_give_what_a_run_without_cache_gives()
    {
        var input = Shipped();
        Warm(input);
        File.Delete(Referat(input, 2023));
        Assert.Equal(2, WarmEqualsCold(input).Referater.Length);

        var file = Referat(input, 2025);
        var renamed = Path.Combine(Path.GetDirectoryName(file)!, "2025-03-26-direktionen-kopi.md");
        File.Move(file, renamed);
        var afterRename = WarmEqualsCold(input);
        Assert.Contains(afterRename.Diagnostics, d => d.File.EndsWith("direktionen-kopi.md", StringComparison.Ordinal));

        // Both files of a duplicated meeting come from the cache: the cross-file rule still runs.
        File.Copy(renamed, file);
        WarmEqualsCold(input);
        var both = WarmEqualsCold(input);
        Assert.Equal(3, both.FilesReused);
        Assert.Contains(both.Diagnostics, d => d.Code == Diagnostics.Codes.DuplicateMeeting);
    }

    [Fact]
    public void An_attachment_file_removed_or_added_checks_its_referat_again()
    {
        using var input = new TestInput();
        input.Write(TestInput.ReferatPath, TestInput.Valid);
        var attachment = Path.Combine(input.Dir, "referater/2024/bilag/108223-24.pdf");
        Assert.False(Warm(input.Dir).HasErrors);
        Assert.Equal(1, WarmEqualsCold(input.Dir).FilesReused);

        File.Delete(attachment); // the referat itself is unchanged
        var missing = WarmEqualsCold(input.Dir);
        Assert.Equal(0, missing.FilesReused);
        Assert.Contains(missing.Diagnostics, d => d.Code == Diagnostics.Codes.BilagFileMissing);
        Assert.Equal(1, WarmEqualsCold(input.Dir).FilesReused); // the error, from the cache

        input.Write("referater/2024/bilag/108223-24.pdf", "%PDF-1.4 test");
        var found = WarmEqualsCold(input.Dir);
        Assert.Equal(0, found.FilesReused);
        Assert.False(found.HasErrors);
    }

    [Fact]
    public void An_item_closed_in_a_cached_file_is_not_published_by_the_incremental_build()
    {
        var input = Shipped();
        var file = Referat(input, 2024);
        const string Sentinel = "Vcachesentinelordet";
        var text = File.ReadAllText(file).Replace("Rul november:", $"{Sentinel} rul november:");
        File.WriteAllText(file, text);
        var output = Path.Combine(_work, "output");
        Build(input, output, Cache);
        Assert.Contains(SiteFiles.Read(output).Values, bytes => Contains(bytes, Sentinel));

        var written = File.GetLastWriteTimeUtc(file);
        var closed = TestInput.Replace(text, "  - nr: 1\n    status: åben", "  - nr: 1\n    status: lukket");
        File.WriteAllText(file, closed);
        File.SetLastWriteTimeUtc(file, written);
        Build(input, output, Cache);
        var incremental = SiteFiles.Read(output);
        Assert.DoesNotContain(incremental, f => Contains(f.Value, Sentinel));

        var clean = Path.Combine(_work, "clean");
        Build(input, clean, null);
        var expected = SiteFiles.Read(clean);
        SiteFiles.AssertSame(expected, incremental);
    }

    private static void Build(string input, string output, string? cache)
    {
        var result = Pipeline.Build(new BuildOptions(input, output, Search: false, CacheDir: cache,
            Today: new DateOnly(2026, 12, 1)), TextWriter.Null);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    private static bool Contains(byte[] bytes, string text) =>
        bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    public static TheoryData<string> Hostile => ["symlink", "directory", "huge", "empty", "truncated", "flipped",
        "other-context", "other-format", "fifo"];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_or_damaged_cache_file_is_ignored_and_everything_checked(string kind)
    {
        var input = Shipped();
        Warm(input);
        var good = File.ReadAllBytes(CacheFile);
        var elsewhere = Path.Combine(_work, "precious.bin");
        File.WriteAllBytes(elsewhere, good);
        File.Delete(CacheFile);
        switch (kind)
        {
            case "symlink": File.CreateSymbolicLink(CacheFile, elsewhere); break;
            case "directory": Directory.CreateDirectory(Path.Combine(CacheFile, "sub")); break;
            case "huge":
                using (var s = File.Create(CacheFile)) { s.Write(good.AsSpan(0, 20)); s.SetLength(3L << 30); }
                break;
            case "empty": File.WriteAllBytes(CacheFile, []); break;
            case "truncated": File.WriteAllBytes(CacheFile, good[..(good.Length / 2)]); break;
            case "flipped":
                var flipped = good.ToArray();
                flipped[good.Length / 2] ^= 0x40;
                File.WriteAllBytes(CacheFile, flipped);
                break;
            case "other-context":
                var other = good.ToArray();
                other[20] ^= 1; // inside the context hash
                Array.Copy(SHA256.HashData(other.AsSpan(0, other.Length - 32)), 0, other, other.Length - 32, 32);
                File.WriteAllBytes(CacheFile, other);
                break;
            case "other-format": // another generator's layout: the format number after the magic
                var format = good.ToArray();
                format[8] ^= 1;
                File.WriteAllBytes(CacheFile, format);
                break;
            case "fifo":
                if (OperatingSystem.IsWindows()) return;
                System.Diagnostics.Process.Start("mkfifo", CacheFile)!.WaitForExit();
                break;
        }

        var run = WarmEqualsCold(input);
        // A flipped byte in one check's bytes (its CRC) costs that file alone its reuse; anywhere else, all files.
        if (kind == "flipped") Assert.InRange(run.FilesReused, 0, 2);
        else Assert.Equal(0, run.FilesReused);
        Assert.Equal(good, File.ReadAllBytes(elsewhere)); // a link is replaced, never written through
        if (kind == "directory") Assert.True(Directory.Exists(CacheFile));
        else Assert.Equal(3, WarmEqualsCold(input).FilesReused); // written afresh, usable again
    }

    [Fact]
    public void A_cache_file_altered_inside_with_a_valid_checksum_never_breaks_a_run()
    {
        var input = Shipped();
        Warm(input);
        var good = File.ReadAllBytes(CacheFile);
        var random = new Random(18);
        for (var i = 0; i < 60; i++)
        {
            var forged = good.ToArray();
            for (var n = random.Next(1, 4); n > 0; n--)
                forged[random.Next(45, forged.Length - 32)] ^= (byte)random.Next(1, 256);
            Array.Copy(SHA256.HashData(forged.AsSpan(0, forged.Length - 32)), 0, forged, forged.Length - 32, 32);
            File.WriteAllBytes(CacheFile, forged);
            var run = Warm(input); // any exception fails the test
            Assert.Equal(3, run.FilesChecked);
        }
    }
}

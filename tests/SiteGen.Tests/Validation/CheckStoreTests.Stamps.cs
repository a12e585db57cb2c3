using SiteGen.Bench;
using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>Stamps in the validation cache (<see cref="CheckStore"/>, docs/perf-notes-fastval.md): a referat file whose
/// size, inode, device, modification and change time are those kept with its content hash is not read again. Whatever
/// happens to a file (edited with its size and write time restored, replaced by a link, a pipe or another file,
/// deleted, renamed, touched), the result is the one of a run without cache, deep.</summary>
public sealed partial class CheckStoreTests
{
    /// <summary>Files are stamped as soon as they are written (the real margin keeps files of the last seconds out).
    /// </summary>
    private static readonly TimeSpan NoMargin = TimeSpan.FromDays(-1);

    private ValidationResult Stamped(string input, TimeSpan? margin = null) =>
        Validator.Run(input, null, Cache, clean: false, margin ?? NoMargin);

    private ValidationResult StampedEqualsCold(string input, TimeSpan? margin = null)
    {
        var warm = Stamped(input, margin);
        DeepCompare.Equal(Validator.Run(input), warm, Reuse);
        return warm;
    }

    [Fact]
    public void Unchanged_files_are_not_read_and_give_what_a_run_without_cache_gives()
    {
        var input = Shipped();
        Assert.Equal(0, Stamped(input).FilesStamped);
        var warm = StampedEqualsCold(input); // Version (path, write time, hash) included: same as a fresh read
        Assert.Equal(3, warm.FilesReused);
        Assert.Equal(3, warm.FilesStamped);
    }

    [Fact]
    public void A_file_edited_with_the_same_size_and_write_time_restored_is_read_and_checked_again()
    {
        var input = Shipped();
        var file = Referat(input, 2024);
        Stamped(input);
        Stamped(input);
        var written = File.GetLastWriteTimeUtc(file);
        var text = File.ReadAllText(file);
        File.WriteAllText(file, text.Replace("sted: Mødelokale 250", "sted: Mødelokale 251"));
        File.SetLastWriteTimeUtc(file, written); // `touch -d`: the change time cannot be set back
        Assert.Equal(new FileInfo(file).Length, System.Text.Encoding.UTF8.GetByteCount(text));

        var warm = StampedEqualsCold(input);
        Assert.Equal(2, warm.FilesStamped);
        Assert.Equal(2, warm.FilesReused);
        Assert.Contains(warm.Referater, r => r.Sted.StartsWith("Mødelokale 251", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_replaced_by_another_with_the_same_size_and_times_is_checked_again()
    {
        // As a checkout writes it: a new file renamed over the old one (another inode), its write time set back.
        var input = Shipped();
        var file = Referat(input, 2024);
        Stamped(input);
        var written = File.GetLastWriteTimeUtc(file);
        var other = Path.Combine(_work, "other.md");
        File.WriteAllText(other, File.ReadAllText(file).Replace("sted: Mødelokale 250", "sted: Mødelokale 252"));
        File.SetLastWriteTimeUtc(other, written);
        File.Move(other, file, overwrite: true);

        var warm = StampedEqualsCold(input);
        Assert.Equal(2, warm.FilesStamped);
        Assert.Contains(warm.Referater, r => r.Sted.StartsWith("Mødelokale 252", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("symlink")]
    [InlineData("fifo")]
    [InlineData("folder")]
    [InlineData("deleted")]
    [InlineData("renamed")]
    public void A_file_replaced_by_a_link_a_pipe_or_a_folder_deleted_or_renamed_gives_a_cold_result(string kind)
    {
        var input = Shipped();
        var file = Referat(input, 2024);
        Stamped(input);
        Stamped(input);
        var copy = Path.Combine(_work, "copy.md");
        File.Copy(file, copy);
        File.Delete(file);
        switch (kind)
        {
            case "symlink": File.CreateSymbolicLink(file, copy); break; // same bytes, outside the input
            case "fifo": System.Diagnostics.Process.Start("mkfifo", file)!.WaitForExit(); break; // never opened
            case "folder": Directory.CreateDirectory(file); break;
            case "renamed": File.Copy(copy, Path.Combine(Path.GetDirectoryName(file)!, "2024-kopi.md")); break;
        }

        var warm = StampedEqualsCold(input);
        Assert.Equal(2, warm.FilesStamped);
        if (kind is "symlink" or "fifo" or "renamed") Assert.True(warm.HasErrors);
        else Assert.Equal(2, warm.Referater.Length);
    }

    [Fact]
    public void Files_written_within_the_margin_are_read_every_time_until_they_are_older()
    {
        // Racy git: a file written in the same tick as its stamp was taken could be written again unseen.
        var input = Shipped();
        Stamped(input, CheckStore.StampMargin);
        var warm = StampedEqualsCold(input, CheckStore.StampMargin);
        Assert.Equal(3, warm.FilesReused);
        Assert.Equal(0, warm.FilesStamped);
        // Older now (no margin): stamped, but three new stamps alone do not rewrite the cache file (a few reads cost
        // less than writing all of it); nor does one edited file (CheckStore.RewriteAtEdits): it is checked afresh
        // while the others stay stamped.
        Assert.Equal(0, StampedEqualsCold(input).FilesStamped);
        File.AppendAllText(Referat(input, 2023), "\n");
        Assert.Equal(2, StampedEqualsCold(input).FilesReused);
        var next = StampedEqualsCold(input);
        Assert.Equal((2, 0), (next.FilesReused, next.FilesStamped));
    }

    [Fact]
    public void Touched_files_are_read_once_then_stamped_again()
    {
        var archive = Path.Combine(_work, "archive");
        Directory.CreateDirectory(archive);
        File.Copy(Path.Combine(TestPaths.SampleInput, "site.yml"), Path.Combine(archive, "site.yml"));
        ArchiveGenerator.Generate(archive, ["Direktionen", "Økonomiudvalget"], 40, seed: 18);
        Stamped(archive);
        Assert.Equal(40, Stamped(archive).FilesStamped);
        foreach (var file in Directory.GetFiles(Path.Combine(archive, "referater"), "*.md", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-5)); // a checkout: same bytes, new times

        var touched = StampedEqualsCold(archive);
        Assert.Equal(40, touched.FilesReused);
        Assert.Equal(0, touched.FilesStamped);
        Assert.Equal(40, StampedEqualsCold(archive).FilesStamped); // the new stamps were kept (≥ 32 of them)
    }

    [Fact]
    public void A_cache_file_overwritten_while_a_run_reads_it_costs_reuse_never_a_wrong_result()
    {
        // The checks' bytes are read from the cache file when used: one truncated or rewritten in place after the
        // index was loaded must not be decoded (CRC) nor copied into the next cache file.
        var input = Shipped();
        Stamped(input);
        var cold = Validator.Run(input);
        var full = Path.GetFullPath(input);
        var site = Path.Combine(full, "site.yml");
        var config = SiteConfigValidator.Load(site, site, []);
        var store = CheckStore.Open(Cache, clean: false, full, site, config, NoMargin);
        Assert.True(store.Loaded);
        var good = File.ReadAllBytes(CacheFile);
        var garbage = good.ToArray();
        for (var i = good.Length / 3; i < good.Length; i++) garbage[i] ^= 0x5A;
        File.WriteAllBytes(CacheFile, garbage); // the same file (inode), rewritten in place

        var ctx = new RunContext(config, full);
        var checks = cold.Referater.Select(r => store.Check(Path.GetFullPath(r.File), ctx)).ToList();
        for (var i = 0; i < checks.Count; i++) DeepCompare.Equal(cold.Referater[i], checks[i].Referat, Reuse);
        Assert.True(store.Hits < 3);
        store.Save();
        Assert.Equal(3, StampedEqualsCold(input).FilesChecked); // whatever was written (or not) reads back right
    }
}

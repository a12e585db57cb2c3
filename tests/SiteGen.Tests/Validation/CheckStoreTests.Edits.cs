using SiteGen.Bench;
using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>A few edited files do not rewrite the validation cache (<see cref="CheckStore.RewriteAtEdits"/>,
/// docs/perf-notes-s9-load.md): their old entries stay in <c>checks.bin</c> and they are checked afresh on every run
/// until enough edits pile up. An old entry never answers for new bytes, whatever is done to the file or the cache
/// file; the result is always the one of a run without cache, deep.</summary>
public sealed partial class CheckStoreTests
{
    private (long Length, DateTime Written, byte[] Bytes) CacheFileNow() =>
        (new FileInfo(CacheFile).Length, File.GetLastWriteTimeUtc(CacheFile), File.ReadAllBytes(CacheFile));

    private static void AssertSameFile((long, DateTime, byte[] Bytes) before, (long, DateTime, byte[] Bytes) after)
    {
        Assert.Equal(before.Item1, after.Item1);
        Assert.Equal(before.Item2, after.Item2);
        Assert.True(before.Bytes.AsSpan().SequenceEqual(after.Bytes), "checks.bin was rewritten");
    }

    private string Archive(int meetings)
    {
        var archive = Path.Combine(_work, "archive");
        Directory.CreateDirectory(archive);
        File.Copy(Path.Combine(TestPaths.SampleInput, "site.yml"), Path.Combine(archive, "site.yml"));
        ArchiveGenerator.Generate(archive, ["Direktionen", "Økonomiudvalget"], meetings, seed: 18);
        return archive;
    }

    private static string[] Files(string input) => Directory.GetFiles(Path.Combine(input, "referater"), "*.md",
        SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    private static void Edit(string file) =>
        File.WriteAllText(file, File.ReadAllText(file).Replace("sted: ", "sted: Et andet sted, "));

    [Fact]
    public void One_edited_file_leaves_the_cache_file_as_it_was_and_is_checked_afresh_each_run()
    {
        var input = Shipped();
        StampedEqualsCold(input);
        var file = Referat(input, 2024);
        var before = CacheFileNow();
        Edit(file);

        var first = StampedEqualsCold(input);
        Assert.Equal(2, first.FilesReused);
        Assert.Contains(first.Referater, r => r.Sted.StartsWith("Et andet sted, ", StringComparison.Ordinal));
        AssertSameFile(before, CacheFileNow());
        var second = StampedEqualsCold(input); // the old entry is still there: it is not taken for the new bytes
        Assert.Equal((2, 2), (second.FilesReused, second.FilesStamped));
        Assert.Contains(second.Referater, r => r.Sted.StartsWith("Et andet sted, ", StringComparison.Ordinal));
        AssertSameFile(before, CacheFileNow());
    }

    [Fact]
    public void An_edit_undone_takes_the_old_entry_again_which_is_that_of_these_very_bytes()
    {
        var input = Shipped();
        StampedEqualsCold(input);
        var file = Referat(input, 2024);
        var text = File.ReadAllText(file);
        Edit(file);
        Assert.Equal(2, StampedEqualsCold(input).FilesReused);
        File.WriteAllText(file, text);
        Assert.Equal(3, StampedEqualsCold(input).FilesReused);
    }

    [Fact]
    public void Enough_edited_files_rewrite_the_cache_file_and_are_then_reused()
    {
        var archive = Archive(CheckStore.RewriteAtEdits + 4);
        StampedEqualsCold(archive);
        var files = Files(archive);
        var before = CacheFileNow();
        foreach (var file in files.Take(CheckStore.RewriteAtEdits - 1)) Edit(file);
        Assert.Equal(files.Length - CheckStore.RewriteAtEdits + 1, StampedEqualsCold(archive).FilesReused);
        AssertSameFile(before, CacheFileNow());

        Edit(files[CheckStore.RewriteAtEdits - 1]); // one more: as many as RewriteAtEdits
        Assert.Equal(files.Length - CheckStore.RewriteAtEdits, StampedEqualsCold(archive).FilesReused);
        Assert.False(before.Bytes.AsSpan().SequenceEqual(File.ReadAllBytes(CacheFile)), "checks.bin was not rewritten");
        Assert.Equal(files.Length, StampedEqualsCold(archive).FilesReused);
    }

    [Fact]
    public void A_file_added_or_deleted_beside_an_edit_rewrites_the_cache_file()
    {
        var input = Shipped();
        StampedEqualsCold(input);
        var file = Referat(input, 2024);
        Edit(file);
        var copy = Path.Combine(Path.GetDirectoryName(file)!, "2024-06-12-direktionen-kopi.md");
        File.Copy(Referat(input, 2023), copy);
        StampedEqualsCold(input);
        Assert.Equal(4, StampedEqualsCold(input).FilesReused); // the edit and the new file were written

        Edit(file);
        File.Delete(copy);
        StampedEqualsCold(input);
        Assert.Equal(3, StampedEqualsCold(input).FilesReused);
    }

    [Fact]
    public void An_entry_refused_for_its_bytes_rewrites_the_cache_file_even_beside_a_single_edit()
    {
        var input = Shipped();
        StampedEqualsCold(input);
        Edit(Referat(input, 2024));
        // The last check's bytes (those of the last file by path) altered: refused on every run until written again.
        var bytes = File.ReadAllBytes(CacheFile);
        bytes[^10] ^= 0x55;
        File.WriteAllBytes(CacheFile, bytes);

        Assert.InRange(StampedEqualsCold(input).FilesReused, 0, 1);
        Assert.Equal(3, StampedEqualsCold(input).FilesReused);
    }
}

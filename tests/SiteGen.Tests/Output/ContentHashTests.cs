using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary>The content hash that lets a restored output (new write times, same bytes) be reused.</summary>
public sealed class ContentHashTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-hash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(70_000)] // more than one read of a small buffer
    [InlineData(3_000_000)]
    public void A_files_hash_read_from_disk_is_the_hash_of_its_bytes(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var file = Path.Combine(_dir, "f");
        File.WriteAllBytes(file, bytes);
        Assert.Equal((size, ContentHash.Of(bytes)), ContentHash.OfFile(file));
        Assert.NotEqual(ContentHash.Unknown, ContentHash.Of(bytes));
    }

    [Fact]
    public void A_file_written_part_by_part_has_the_hash_of_its_bytes()
    {
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        var writer = new SiteWriter(Path.Combine(_dir, "site"));
        writer.WriteStream("data/stor.json", stream =>
        {
            for (var at = 0; at < bytes.Length; at += 7_001)
                stream.Write(bytes, at, Math.Min(7_001, bytes.Length - at));
            stream.WriteByte(42);
        });
        writer.WriteBytes("a.bin", bytes);
        Assert.Equal(ContentHash.Of([.. bytes, 42]), writer.HashOf("data/stor.json"));
        Assert.Equal(ContentHash.OfFile(Path.Combine(_dir, "site", "data", "stor.json")).Hash, writer.HashOf("data/stor.json"));
        Assert.Equal(ContentHash.Of(bytes), writer.HashOf("a.bin"));
        Assert.Equal(ContentHash.Unknown, writer.HashOf("ikke/skrevet.html"));
    }

    [Fact]
    public void A_shards_key_comes_from_the_hashes_recorded_as_pages_are_written_kept_or_read()
    {
        string[] pages = ["u/2025-01-01/index.html", "u/2025-01-08/index.html"];
        var written = new SiteWriter(Path.Combine(_dir, "a"));
        foreach (var page in pages) written.WriteText(page, $"<p>{page}</p>");
        var key = BuildCache.PagesHash(written, pages);

        // The same pages kept with their recorded hashes (not read: the files are not there), or read from disk by a
        // writer that has no hash of them, give the same key.
        var kept = new SiteWriter(Path.Combine(_dir, "b"));
        foreach (var page in pages) kept.RecordKept(page, written.Recorded(page).Size, written.HashOf(page));
        Assert.Equal(key, BuildCache.PagesHash(kept, pages));
        Assert.Equal(key, BuildCache.PagesHash(new SiteWriter(written.Root), pages));

        // One byte other, same size: another key. Another order or another name: another key.
        var edited = new SiteWriter(Path.Combine(_dir, "c"));
        edited.WriteText(pages[0], $"<p>{pages[0]}</p>");
        edited.WriteText(pages[1], $"<p>{pages[1]}</b>");
        Assert.NotEqual(key, BuildCache.PagesHash(edited, pages));
        Assert.NotEqual(key, BuildCache.PagesHash(written, [pages[1], pages[0]]));
        Assert.NotEqual(key, BuildCache.PagesHash(written, [pages[0]]));
    }

    [Fact]
    public void Files_hash_differs_by_path_size_order_and_content_and_is_unknown_when_one_is()
    {
        var a = ("a/index.html", 10L, 111UL);
        var b = ("b/index.html", 10L, 222UL);
        var both = ContentHash.Of([a, b]);
        Assert.NotEqual(both, ContentHash.Of([b, a]));
        Assert.NotEqual(both, ContentHash.Of([a, b with { Item3 = 223 }]));
        Assert.NotEqual(both, ContentHash.Of([a, b with { Item1 = "c/index.html" }]));
        Assert.NotEqual(both, ContentHash.Of([a, b with { Item2 = 11 }]));
        Assert.Equal(ContentHash.Unknown, ContentHash.Of([a, b with { Item3 = ContentHash.Unknown }]));
        Assert.Equal(both, ContentHash.Of([a, b]));
    }
}

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

using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary>A whole-archive file written part by part (<see cref="SiteWriter.WriteStream"/>): a write that fails
/// midway leaves no half file, neither at its path nor beside it, and never changes a file the path shared through a
/// hard link with the published output.</summary>
public sealed class SiteWriterTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("sitegen-writer-").FullName;
    private string Staging => Path.Combine(_work, "staging");
    private string Live => Path.Combine(_work, "live");

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }

    private static void Parts(Stream file, int parts, int failAt = -1)
    {
        for (var i = 0; i < parts; i++)
        {
            if (i == failAt) throw new IOException("Disken er fuld.");
            file.Write(System.Text.Encoding.UTF8.GetBytes($"del {i}\n"));
        }
    }

    private string[] Leftovers(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>()];

    /// <summary>A writer whose staging folder's data/moeder.json is a hard link to the live output's (a kept file):
    /// to be replaced, never written into.</summary>
    private SiteWriter WithLinkedFile()
    {
        Directory.CreateDirectory(Path.Combine(Staging, "data"));
        Directory.CreateDirectory(Live);
        File.WriteAllText(Path.Combine(Live, "moeder.json"), "udgivet\n");
        HardLink.Make(Path.Combine(Live, "moeder.json"), Path.Combine(Staging, "data", "moeder.json"));
        return new SiteWriter(Staging);
    }

    [Fact]
    public void A_file_written_part_by_part_is_the_parts_in_order_and_replaces_a_linked_file_without_changing_it()
    {
        var writer = WithLinkedFile();

        writer.WriteStream("data/moeder.json", file => Parts(file, 100_000));
        writer.WriteStream("data/ny/sager.json", file => Parts(file, 3));

        var expected = string.Concat(Enumerable.Range(0, 100_000).Select(i => $"del {i}\n"));
        Assert.Equal(expected, File.ReadAllText(Path.Combine(Staging, "data", "moeder.json")));
        Assert.Equal("del 0\ndel 1\ndel 2\n", File.ReadAllText(Path.Combine(Staging, "data", "ny", "sager.json")));
        Assert.Equal("udgivet\n", File.ReadAllText(Path.Combine(Live, "moeder.json")));
        Assert.Equal(expected.Length + 18, writer.Bytes);
        Assert.Equal(["moeder.json", "ny"], Leftovers(Path.Combine(Staging, "data")).Order());
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_path_as_it_was_and_nothing_beside_it()
    {
        var writer = WithLinkedFile();

        var failed = Assert.Throws<IOException>(() =>
            writer.WriteStream("data/moeder.json", file => Parts(file, 100_000, failAt: 50_000)));
        Assert.Equal("Disken er fuld.", failed.Message);
        Assert.Throws<IOException>(() => writer.WriteStream("data/sager.json", file => Parts(file, 10, failAt: 5)));

        Assert.Equal("udgivet\n", File.ReadAllText(Path.Combine(Staging, "data", "moeder.json")));
        Assert.Equal("udgivet\n", File.ReadAllText(Path.Combine(Live, "moeder.json")));
        Assert.Equal(["moeder.json"], Leftovers(Path.Combine(Staging, "data")));
        Assert.Empty(writer.Files);
    }

    [Fact]
    public void A_folder_in_the_way_of_a_file_fails_the_write_and_is_left_as_it_was()
    {
        var inTheWay = Path.Combine(Staging, "data", "beslutninger.csv");
        Directory.CreateDirectory(inTheWay);
        File.WriteAllText(Path.Combine(inTheWay, "andet.txt"), "ikke vores\n");
        var writer = new SiteWriter(Staging);

        Assert.ThrowsAny<IOException>(() => writer.WriteStream("data/beslutninger.csv", file => Parts(file, 1000)));

        Assert.Equal("ikke vores\n", File.ReadAllText(Path.Combine(inTheWay, "andet.txt")));
        Assert.Equal(["beslutninger.csv"], Leftovers(Path.Combine(Staging, "data")));
        Assert.Empty(writer.Files);
    }
    /// <summary>Rescan (the swap's record of Pagefind's files) takes each file's size from the listing: the same
    /// paths and sizes a stat of each file gives, in nested folders, with names a secretary may give, the marker
    /// never recorded, and nothing outside the named folders.</summary>
    [Fact]
    public void Rescan_records_every_file_of_the_named_folders_with_its_size_and_nothing_else()
    {
        var writer = new SiteWriter(Staging);
        var files = new Dictionary<string, string>
        {
            ["pagefind/pagefind.js"] = "js",
            ["pagefind/fragment/da_1.pf_fragment"] = new string('x', 5000),
            ["pagefind/2015-2016/index/æøå 😀.pf_index"] = "indeks",
            ["bilag-soeg/pagefind-entry.json"] = "{}",
            ["andet/side.html"] = "ikke scannet",
        };
        foreach (var (path, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Staging, path))!);
            File.WriteAllText(Path.Combine(Staging, path), text);
        }
        File.WriteAllText(Path.Combine(Staging, OutputFolder.Marker), OutputFolder.MarkerText);
        writer.Rescan("pagefind", "bilag-soeg", "findes-ikke");
        Assert.Equal(files.Keys.Where(k => !k.StartsWith("andet/")).Order(StringComparer.Ordinal),
            writer.Paths.Order(StringComparer.Ordinal));
        Assert.Equal(files.Where(f => !f.Key.StartsWith("andet/"))
            .Sum(f => new FileInfo(Path.Combine(Staging, f.Key)).Length), writer.Bytes);

        var whole = new SiteWriter(Staging);
        whole.Rescan();
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), whole.Paths.Order(StringComparer.Ordinal));
    }
}

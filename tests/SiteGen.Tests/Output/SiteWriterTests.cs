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

    /// <summary>Pages written from many threads at once (the render's workers, the feeds' and the data's share the
    /// writer's table): every file is there with its bytes and recorded with its size, none twice.</summary>
    [Fact]
    public void Files_written_from_many_threads_at_once_are_all_there_and_recorded_with_their_sizes()
    {
        var writer = new SiteWriter(Staging, files: 100);
        var paths = Enumerable.Range(0, 8000).Select(i => $"udvalg-{i % 7}/moede-{i % 500}/punkt-{i}/index.html")
            .ToArray();
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            path => writer.WriteText(path, $"<p>{path} æøå</p>"));

        Assert.Equal(paths.Length, writer.Count);
        Assert.Equal(paths.Order(StringComparer.Ordinal), writer.Made.Order(StringComparer.Ordinal));
        Assert.Equal(paths.Sum(p => (long)System.Text.Encoding.UTF8.GetByteCount($"<p>{p} æøå</p>")), writer.Bytes);
        Assert.All(paths, p => Assert.Equal($"<p>{p} æøå</p>", File.ReadAllText(Path.Combine(Staging, p))));
    }

    /// <summary>A link planted in the staging folder (it may be the previous output put aside) where a folder of the
    /// site goes, at the first level or deeper, to a folder outside: refused, never written through, left as it
    /// was. The same when the folder was made by an earlier build and replaced by a link since.</summary>
    [Theory]
    [InlineData("udvalg")]
    [InlineData("udvalg/2024-05-01")]
    public void A_link_on_the_way_to_a_file_is_refused_and_nothing_is_written_through_it(string linked)
    {
        Directory.CreateDirectory(Live);
        var link = Path.Combine(Staging, linked);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        Directory.CreateSymbolicLink(link, Live);
        var writer = new SiteWriter(Staging);

        Assert.ThrowsAny<IOException>(() => writer.WriteText("udvalg/2024-05-01/punkt-1/index.html", "<p>side</p>"));
        Assert.ThrowsAny<IOException>(() => writer.WriteBytes("udvalg/2024-05-01/index.html", [1, 2, 3]));
        Assert.ThrowsAny<IOException>(() => writer.WriteStream("udvalg/2024-05-01/data.json", f => Parts(f, 3)));

        Assert.Empty(Directory.EnumerateFileSystemEntries(Live));
        Assert.Equal(Live, new FileInfo(link).LinkTarget);
        Assert.Empty(writer.Files);
    }

    [Fact]
    public void A_folder_made_by_an_earlier_build_and_replaced_by_a_link_since_is_not_written_through()
    {
        new SiteWriter(Staging).WriteText("udvalg/2024-05-01/index.html", "<p>før</p>");
        var folder = Path.Combine(Staging, "udvalg", "2024-05-01");
        Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(Live);
        Directory.CreateSymbolicLink(folder, Live);

        var writer = new SiteWriter(Staging);
        Assert.ThrowsAny<IOException>(() => writer.WriteText("udvalg/2024-05-01/index.html", "<p>efter</p>"));

        Assert.Empty(Directory.EnumerateFileSystemEntries(Live));
        Assert.Empty(writer.Files);
    }

    /// <summary>A file where a folder of the site goes: the write fails, and the file is left as it was.</summary>
    [Fact]
    public void A_file_in_the_way_of_a_folder_fails_the_write_and_is_left_as_it_was()
    {
        Directory.CreateDirectory(Staging);
        File.WriteAllText(Path.Combine(Staging, "udvalg"), "ikke vores\n");
        var writer = new SiteWriter(Staging);

        Assert.ThrowsAny<IOException>(() => writer.WriteText("udvalg/2024-05-01/index.html", "<p>side</p>"));

        Assert.Equal("ikke vores\n", File.ReadAllText(Path.Combine(Staging, "udvalg")));
        Assert.Equal(["udvalg"], Leftovers(Staging));
        Assert.Empty(writer.Files);
    }

    /// <summary>Names a secretary may give (control characters, emoji, spaces) are written as they are; a path
    /// longer than the file system takes fails with an IOException and leaves no file; a long one it takes is
    /// written.</summary>
    [Fact]
    public void Odd_and_long_names_are_written_as_they_are_or_refused_with_nothing_left()
    {
        var writer = new SiteWriter(Staging);
        const string odd = "udvalg \u0001\t\u001f/møde 😀\u007f/index.html";
        writer.WriteText(odd, "<p>ulige</p>");
        Assert.Equal("<p>ulige</p>", File.ReadAllText(Path.Combine(Staging, odd)));

        var longOk = string.Join('/', Enumerable.Range(0, 12).Select(i => new string((char)('a' + i), 200)))
            + "/index.html";
        writer.WriteText(longOk, "<p>lang</p>");
        Assert.Equal("<p>lang</p>", File.ReadAllText(Path.Combine(Staging, longOk)));

        var tooLongName = "udvalg/" + new string('x', 300) + "/index.html";
        var tooLongPath = string.Join('/', Enumerable.Range(0, 30).Select(_ => new string('y', 200)))
            + "/index.html";
        Assert.ThrowsAny<IOException>(() => writer.WriteText(tooLongName, "<p>for lang</p>"));
        Assert.ThrowsAny<IOException>(() => writer.WriteText(tooLongPath, "<p>for lang</p>"));

        Assert.Equal(new[] { odd, longOk }.Order(StringComparer.Ordinal), writer.Files.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Leftovers(Path.Combine(Staging, "udvalg")), n => n.StartsWith('x'));
        Assert.DoesNotContain(Directory.EnumerateFiles(Staging, "*", SearchOption.AllDirectories),
            f => f.Contains(new string('y', 200), StringComparison.Ordinal));
    }
}

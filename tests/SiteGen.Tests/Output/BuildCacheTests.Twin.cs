using SiteGen.Output;
using SiteGen.Tests.Quality;

namespace SiteGen.Tests.Output;

/// <summary>The twin (<see cref="Twin"/>): a build that puts nothing aside (clean, or without a usable cache)
/// leaves a hard-linked twin of its output's units as the next build's put-aside folder. The next build keeps every
/// unit in it in place instead of linking each file; the twin is checked as any put-aside folder: tampered with,
/// forged or left by a failed build, it is cleaned or not used, and the output is a clean build's file for file.
/// </summary>
public sealed partial class BuildCacheTests
{
    /// <summary>The folder the binding names (the twin after a clean build).</summary>
    private string Bound()
    {
        var lines = File.ReadAllLines(Path.Combine(Cache, StaleBuffer.BindingFile));
        Assert.True(AtomicOutput.IsPutAside(Output, lines[0]));
        return lines[0];
    }

    [Fact]
    public void A_clean_build_leaves_a_twin_of_its_units_that_the_next_build_keeps_in_place()
    {
        Build(Output, Cache, clean: true);
        var twin = Bound();
        // The twin holds the marker and the units' files only, each the live output's file (the same bytes).
        var record = BuildCache.Read(Cache, StaleBuffer.RecordFile)!;
        var unitFiles = record.Units.SelectMany(u => u.Files.Select(f => f.Path)).ToHashSet();
        var files = Entries(twin).Where(e => e.StartsWith("file ", StringComparison.Ordinal))
            .Select(e => e[5..].Replace('\\', '/')).ToHashSet();
        Assert.Equal(unitFiles.Append(OutputFolder.Marker).ToHashSet(), files);
        Assert.DoesNotContain(Entries(twin), e => e.StartsWith("link ", StringComparison.Ordinal));
        foreach (var f in unitFiles)
            Assert.Equal(File.ReadAllBytes(Path.Combine(Output, f)), File.ReadAllBytes(Path.Combine(twin, f)));
        Assert.Empty(record.Extras!);
        Assert.NotEmpty(record.Folders!); // stamped: the build waited until its folders may be

        var summary = BuildBothAndCompare();
        Assert.Equal(summary.Units, summary.UnitsInPlace);
        var y2023 = Referat(2023);
        File.WriteAllText(y2023, File.ReadAllText(y2023).Replace("### Beslutning", "### Beslutning\n\nRettet.\n"));
        summary = BuildBothAndCompare();
        Assert.InRange(summary.UnitsInPlace, 1, summary.Units - 1);
        BuildBothAndCompare();
        summary = BuildBothAndCompare();
        Assert.Equal(summary.Units, summary.UnitsInPlace);
    }

    [Fact]
    public void A_twin_tampered_with_is_cleaned_and_nothing_in_it_is_followed_or_published()
    {
        Build(Output, Cache, clean: true);
        var twin = Bound();
        var record = BuildCache.Read(Cache, StaleBuffer.RecordFile)!;
        var secret = Path.Combine(Work, "hemmelig.txt");
        File.WriteAllText(secret, "KVAEGSENTINEL uden for output");
        var pages = record.Units.SelectMany(u => u.Files).Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal))
            .ToList();
        // The twin shares its files with the live output: an in-place edit shows in both. Same size, new write time.
        var edited = Path.Combine(twin, pages[0].Path);
        var bytes = File.ReadAllBytes(edited);
        var at = bytes.AsSpan().IndexOf("<body"u8);
        "KVAEG"u8.CopyTo(bytes.AsSpan(at + 1));
        using (var file = new FileStream(edited, FileMode.Open, FileAccess.Write)) file.Write(bytes);
        File.SetLastWriteTimeUtc(edited, DateTime.UtcNow.AddMinutes(-5));
        // A page replaced by a link to a secret, another by a named pipe, a calendar by a folder, and entries planted.
        var linked = Path.Combine(twin, pages[1].Path);
        File.Delete(linked);
        File.CreateSymbolicLink(linked, secret);
        var pipe = Path.Combine(twin, pages[2].Path);
        File.Delete(pipe);
        if (!OperatingSystem.IsWindows()) Assert.Equal(0, Mkfifo(pipe, 0x1b6));
        var calendar = record.Units.SelectMany(u => u.Files)
            .First(f => f.Path.EndsWith(".ics", StringComparison.Ordinal));
        File.Delete(Path.Combine(twin, calendar.Path));
        Directory.CreateDirectory(Path.Combine(twin, calendar.Path));
        File.WriteAllText(Path.Combine(twin, calendar.Path, "index.html"), "KVAEGSENTINEL mappe for en fil");
        File.WriteAllText(Path.Combine(twin, Path.GetDirectoryName(pages[3].Path)!, "plantet.html"),
            "KVAEGSENTINEL plantet");
        File.CreateSymbolicLink(Path.Combine(twin, "link.html"), secret);

        // The live output shares the edited file: the incremental build makes that page again (its time differs).
        BuildPartlyInPlaceAndCompare(secret);
    }

#pragma warning disable SYSLIB1054
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", BestFitMapping = false,
        CharSet = System.Runtime.InteropServices.CharSet.Ansi)]
    private static extern int Mkfifo(string path, uint mode);
#pragma warning restore SYSLIB1054

    [Fact]
    public void A_twin_record_cut_short_forged_or_unbound_is_not_used()
    {
        Build(Output, Cache, clean: true);
        var recordFile = Path.Combine(Cache, StaleBuffer.RecordFile);
        File.WriteAllBytes(recordFile, File.ReadAllBytes(recordFile)[..200]);
        Assert.Equal(0, BuildBothAndCompare().UnitsInPlace);

        // Well-formed and bound, but naming paths outside the twin: nothing outside is touched.
        Build(Output, Cache, clean: true);
        var secret = Path.Combine(Work, "hemmelig.txt");
        File.WriteAllText(secret, "KVAEGSENTINEL uden for output");
        var record = BuildCache.Read(Cache, StaleBuffer.RecordFile)!;
        BuildCache.Write(Cache, record with
        {
            Units = [.. record.Units, new BuildCache.Unit("forged", [new("../../hemmelig.txt", 29, 0)])],
            Extras = [new("../hemmelig.txt", false), new("..", true)],
        }, StaleBuffer.RecordFile);
        StaleBuffer.Bind(Cache, Bound());
        var summary = BuildBothAndCompare();
        Assert.Equal(summary.Units, summary.UnitsInPlace);
        Assert.Equal("KVAEGSENTINEL uden for output", File.ReadAllText(secret));

        // The binding removed: the twin is a leftover, swept; the build links from the output.
        Build(Output, Cache, clean: true);
        var twin = Bound();
        File.Delete(Path.Combine(Cache, StaleBuffer.BindingFile));
        summary = BuildBothAndCompare();
        Assert.Equal(0, summary.UnitsInPlace);
        Assert.Equal(summary.Units, summary.UnitsReused);
        Assert.False(Directory.Exists(twin));
    }

    [Fact]
    public void A_clean_build_that_fails_binds_no_twin_and_leaves_the_output()
    {
        Build(Output, Cache, clean: true);
        var before = SiteFiles.Read(Output);
        var failing = Path.Combine(Work, "pagefind-fails");
        File.WriteAllText(failing, "#!/bin/sh\nexit 3\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(failing, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var result = Pipeline.Build(new BuildOptions(Input, Output, Search: true, CacheDir: Cache, Clean: true,
            ShardMeetings: 1, PagefindBinary: failing), TextWriter.Null);
        Assert.False(result.Succeeded);
        Assert.False(File.Exists(Path.Combine(Cache, StaleBuffer.BindingFile)));
        var after = SiteFiles.Read(Output);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[path]), path);

        var summary = BuildBothAndCompare(); // the unbound twins are swept; the units linked from the output
        Assert.Equal(0, summary.UnitsInPlace);
        Assert.Equal(summary.Units, summary.UnitsReused);
        PutAside();
    }
}

/// <summary>The twin's links are made from the staging folder's path, on a background thread that may start late on
/// a loaded machine: <see cref="Twin.Finish"/> (called before the commit moves the staging folder) returns only once
/// every link is made, however late the thread runs.</summary>
public sealed class TwinFinishTests() : SampleWorkspace("sitegen-twin-")
{
    [Fact]
    public async Task Finish_waits_for_a_late_linking_thread_so_the_commit_never_leaves_an_empty_twin()
    {
        if (!Lstat.Available) return; // no twin where there is no lstat with change times
        var output = Output;
        var staging = Path.Combine(Work, ".output.staging-test");
        var units = Enumerable.Range(0, 20).Select(i => new OutputUnit($"k{i}",
            [$"udvalg/2025-01-{i + 1:00}/index.html", $"udvalg/2025-01-{i + 1:00}/moede.ics"])).ToList();
        foreach (var file in units.SelectMany(u => u.Files))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(staging, file))!);
            File.WriteAllText(Path.Combine(staging, file), file);
        }
        using var gate = new ManualResetEventSlim();
        // The sweep the twin waits for ends only when the gate opens: the linking thread starts late.
        using var sweep = new AtomicOutput.Sweeper(() => gate.Wait());
        using var twin = Twin.Start(output, staging, units, sweep)!;
        var opened = Task.Run(async () =>
        {
            await Task.Delay(300);
            gate.Set();
        });
        twin.Finish();
        Directory.Move(staging, output); // the commit
        await opened;
        var folder = Directory.GetDirectories(Work, ".output.old-*").Single();
        foreach (var file in units.SelectMany(u => u.Files))
            Assert.Equal(file, File.ReadAllText(Path.Combine(folder, file)));
    }
}

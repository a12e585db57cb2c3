using System.Diagnostics;
using SiteGen.Diagnostics;
using SiteGen.Search;

namespace SiteGen.Tests.Search;

/// <summary>A full disk (no bytes, or no inodes: a tmpfs runs out of those first) never makes the build hang or end in
/// an internal error. Real Pagefind waits for good when it cannot create a file; the build checks the room before it
/// starts Pagefind, watches the disk while it runs, and turns a full disk met anywhere else into a diagnostic. Each
/// case is the real CLI on a small real tmpfs, mounted in a private mount namespace (<c>unshare -rm</c>: as root in
/// CI, or through a user namespace), built once, then filled, then built again after one edit.</summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-full-").FullName;

    public void Dispose() { try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } }

    /// <summary>Shell that fills the file system at $M, leaving <paramref name="files"/> inodes free.</summary>
    private static string FillFiles(int files) =>
        $"n=$(( $(stat -f -c %d \"$M\") - {files} )); mkdir -p \"$M/fill\"; " +
        "if [ $n -gt 0 ]; then (cd \"$M/fill\" && seq $n | xargs touch 2>/dev/null); fi";

    /// <summary>Shell that fills the file system at $M, leaving <paramref name="bytes"/> bytes free.</summary>
    private static string FillBytes(long bytes) =>
        $"n=$(( $(stat -f -c %a \"$M\") * $(stat -f -c %S \"$M\") - {bytes} )); " +
        "if [ $n -gt 0 ]; then fallocate -l $n \"$M/fill.bin\"; fi";

    /// <summary>The second build's exit code and output, and whether the site on the tmpfs is byte for byte the
    /// first build's.</summary>
    private async Task<(int Exit, string Log, bool Unchanged)> BuildFullAfterOne(string tmpfs, string fill,
        string? pagefind = null)
    {
        var input = Path.Combine(_dir, "in");
        TestPaths.CopyDirectory(TestPaths.SampleInput, input);
        var mount = Path.Combine(_dir, "m");
        Directory.CreateDirectory(mount);
        var sitegen = $"dotnet '{Path.Combine(AppContext.BaseDirectory, "SiteGen.dll")}' build --input '{input}' " +
            "--output \"$M/out\" --cache \"$M/cache\"";
        var script = Path.Combine(_dir, "run.sh");
        File.WriteAllText(script, $"""
            set -u
            M='{mount}'; D='{_dir}'
            mount -t tmpfs -o {tmpfs} tmpfs "$M" || exit 90
            cd "$D"
            {sitegen} > first.log 2>&1 || exit 91
            sums() {"{"} (cd "$M/out" && find . -type f -print0 | sort -z | xargs -0 sha256sum); {"}"}
            sums > before.sum
            {fill}
            f=$(find '{input}/referater' -name '*.md' | sort | tail -1)
            sed -i '0,/^sted: /s/^sted: \(.*\)$/sted: \1 (ændret)/' "$f"
            {(pagefind is null ? "" : $"export {SearchIndexer.BinaryVariable}='{pagefind}'")}
            timeout 150 {sitegen} > second.log 2>&1; echo $? > second.rc
            sums > after.sum

            """);
        var start = new ProcessStartInfo("unshare", ["-rm", "bash", script])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        var why = await stderr + await stdout;
        Assert.True(process.ExitCode != 90, "could not mount a tmpfs (needs `unshare -rm`: root, or user namespaces): " + why);
        Assert.True(process.ExitCode != 91, "the first build failed: " + File.ReadAllText(Path.Combine(_dir, "first.log")));
        Assert.Equal(0, process.ExitCode);
        var exit = int.Parse(File.ReadAllText(Path.Combine(_dir, "second.rc")).Trim());
        var log = File.ReadAllText(Path.Combine(_dir, "second.log"));
        var unchanged = File.ReadAllText(Path.Combine(_dir, "before.sum")) ==
            File.ReadAllText(Path.Combine(_dir, "after.sum"));
        return (exit, log, unchanged);
    }

    /// <summary>What the user must see when the disk is full: exit 1 (not the timeout's 124, not an internal error),
    /// one of the two full-disk diagnostics naming the commands that show the room, and the old site.</summary>
    private static void AssertStoppedClearly((int Exit, string Log, bool Unchanged) r)
    {
        Assert.True(r.Exit != 124, "the build hung (killed by timeout after 150 s):\n" + r.Log);
        Assert.True(r.Exit == 1, $"exit {r.Exit}:\n{r.Log}");
        Assert.True(r.Log.Contains($"error {Codes.SearchNoRoom}:") || r.Log.Contains($"error {Codes.DiskFull}:"), r.Log);
        Assert.Contains("df -i", r.Log);
        Assert.DoesNotContain("intern fejl", r.Log);
        Assert.DoesNotContain("   at ", r.Log);
        Assert.True(r.Unchanged, "the previous site was changed");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(60)]
    [InlineData(120)]
    public async Task Out_of_inodes_the_build_stops_at_once_with_a_diagnostic_and_the_old_site_stays(int free)
    {
        AssertStoppedClearly(await BuildFullAfterOne("size=256m,nr_inodes=4000", FillFiles(free)));
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(600 * 1024)]
    public async Task Out_of_bytes_the_build_stops_at_once_with_a_diagnostic_and_the_old_site_stays(long free)
    {
        AssertStoppedClearly(await BuildFullAfterOne("size=64m,nr_inodes=100000", FillBytes(free)));
    }

    [Fact]
    public async Task A_disk_that_fills_up_while_pagefind_runs_stops_pagefind_instead_of_waiting_for_it()
    {
        // Another program fills the disk once feeds and data are written, just as Pagefind starts: the real
        // Pagefind then waits for good. The build must stop it within a second or two.
        var wrapper = Path.Combine(_dir, "pagefind-after-filling");
        File.WriteAllText(wrapper, $"""
            #!/bin/sh
            sleep 3
            M='{Path.Combine(_dir, "m")}'
            {FillFiles(0)}
            exec '{TestPaths.RealPagefind()}' "$@"

            """);
        if (!OperatingSystem.IsWindows()) // tmpfs and unshare: Linux (CI)
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var clock = Stopwatch.StartNew();
        var r = await BuildFullAfterOne("size=256m,nr_inodes=4000", "", wrapper);
        AssertStoppedClearly(r);
        Assert.Contains($"error {Codes.SearchNoRoom}:", r.Log);
        Assert.Contains("Disken blev fuld, mens søgeindekset blev bygget", r.Log);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(140), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task With_room_to_spare_the_same_builds_succeed()
    {
        var r = await BuildFullAfterOne("size=256m,nr_inodes=4000", FillFiles(1000));
        Assert.True(r.Exit == 0, r.Log);
        Assert.False(r.Unchanged); // the edit is out
    }

    [Fact]
    public void The_room_is_that_of_the_folders_file_system_as_df_reports_it()
    {
        var room = DiskRoom.Free(_dir);
        Assert.NotNull(room);
        var df = Process.Start(new ProcessStartInfo("stat", ["-f", "-c", "%a %S %c %d", _dir])
            { RedirectStandardOutput = true })!;
        var f = df.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        df.WaitForExit();
        var bytes = f[0] * f[1];
        Assert.InRange(room!.Value.Bytes, bytes - (256L << 20), bytes + (256L << 20)); // others write meanwhile
        if (f[2] > 0) Assert.InRange(room.Value.Files!.Value, f[3] - 100_000, f[3] + 100_000);
    }

    [Fact]
    public void A_need_beyond_any_disk_is_refused_in_Danish_before_pagefind_starts_and_a_small_one_is_not()
    {
        var refused = DiskRoom.Check(_dir, pages: 1L << 40, bundles: 1);
        Assert.NotNull(refused);
        Assert.Equal(Codes.SearchNoRoom, refused!.Code);
        Assert.Contains("på disken til søgeindekset", refused.Message);
        Assert.Contains("df -h", refused.Message);
        Assert.Null(DiskRoom.Check(_dir, pages: 3, bundles: 1));
        // A folder that is not there yet is judged by the nearest one that is.
        Assert.Null(DiskRoom.Check(Path.Combine(_dir, "not", "yet"), pages: 3, bundles: 1));
    }
}

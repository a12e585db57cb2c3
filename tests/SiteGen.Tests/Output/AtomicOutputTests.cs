using System.Diagnostics;
using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary>The swap (<see cref="AtomicOutput"/>): the previous output is put aside as a hidden sibling that is never
/// published and deleted by the next build; leftovers of killed builds are cleaned up; nothing is ever followed
/// through a link; a failed swap leaves the output as it was.</summary>
public sealed class AtomicOutputTests() : SampleWorkspace("sitegen-swap-")
{
    private void Build()
    {
        var result = Pipeline.Build(new BuildOptions(Input, Output, Search: false), TextWriter.Null);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    private string[] Beside(string pattern) =>
        [.. Directory.EnumerateFileSystemEntries(Work, pattern).Select(Path.GetFileName).Order().OfType<string>()];

    private string Folder(string name, bool marker = true)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Work, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "index.html"), "<p>gammel</p>");
        if (marker) File.WriteAllText(Path.Combine(dir, OutputFolder.Marker), OutputFolder.MarkerText);
        return dir;
    }

    private static string Hex() => Guid.NewGuid().ToString("N");

    private static Dictionary<string, byte[]> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(root, f), File.ReadAllBytes, StringComparer.Ordinal);

    [Fact]
    public void The_previous_output_is_put_aside_hidden_and_the_next_build_deletes_it()
    {
        Build();
        Assert.Empty(Beside(".output.*"));
        Build();
        var aside = Assert.Single(Beside(".output.*"));
        Assert.Matches("^\\.output\\.old-[0-9a-f]{32}$", aside); // hidden, beside the output: never published
        Assert.True(File.Exists(Path.Combine(Work, aside, "index.html")));
        Build();
        var next = Assert.Single(Beside(".output.*"));
        Assert.NotEqual(aside, next); // the last one deleted, this build's previous output put aside
        Assert.Empty(Directory.EnumerateFileSystemEntries(Output, ".output*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Leftovers_of_killed_builds_are_deleted_and_nothing_else()
    {
        Build();
        using var done = Process.Start(new ProcessStartInfo("true"))!;
        done.WaitForExit();
        var dead = done.Id;
        var old = Folder($".output.old-{Hex()}");
        var staging = Folder($".output.staging-{dead}-{Hex()}");
        var pages = Folder($".output.staging-{dead}-{Hex()}.pages-{Hex()}", marker: false);
        // Kept: a build still running (this process), and folders whose names SiteGen does not give, or without
        // the output's marker.
        var running = Folder($".output.staging-{Environment.ProcessId}-{Hex()}");
        var kept = new[]
        {
            running, Folder("output.old-backup"), Folder($"output.old-{Hex()}"), Folder(".output.old-kopi"),
            Folder($".output.old-{Hex()}", marker: false), Folder($".andet.old-{Hex()}"),
        };

        Build();

        Assert.False(Directory.Exists(old));
        Assert.False(Directory.Exists(staging));
        Assert.False(Directory.Exists(pages));
        foreach (var dir in kept) Assert.True(File.Exists(Path.Combine(dir, "index.html")), dir);
        Directory.Delete(running, recursive: true);
    }

    [Fact]
    public void A_link_planted_under_a_leftover_name_is_never_followed()
    {
        Build();
        var precious = Folder("vigtig");
        var before = Files(precious);
        var link = Path.Combine(Work, $".output.old-{Hex()}");
        Directory.CreateSymbolicLink(link, precious);
        var inside = Folder("inde");
        Directory.CreateSymbolicLink(Path.Combine(Folder($".output.old-{Hex()}"), "link"), inside);

        Build();
        Build();

        Assert.Equal(before.Keys.Order(), Files(precious).Keys.Order());
        Assert.True(File.Exists(Path.Combine(inside, "index.html"))); // a link inside a leftover: only unlinked
        Assert.True(new FileInfo(link).LinkTarget is not null);
    }

    [Fact]
    public void No_leftover_is_deleted_while_the_output_folder_is_missing()
    {
        // After a crash of a swap without an atomic exchange, the put-aside folder may be the only copy of the site.
        var aside = Folder($".output.old-{Hex()}");
        Assert.Empty(AtomicOutput.Leftovers(Output));
        Directory.CreateDirectory(Output);
        Assert.Equal([aside], AtomicOutput.Leftovers(Output));
    }

    [Fact]
    public void A_swap_that_fails_after_the_previous_output_was_moved_puts_it_back()
    {
        Build();
        var before = Files(Output);
        using (var output = new AtomicOutput(Output))
        {
            Directory.Delete(output.StagingDir, recursive: true); // the new site is gone when the swap runs
            Assert.ThrowsAny<IOException>(output.Commit);
        }
        var after = Files(Output);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (path, bytes) in before) Assert.Equal(bytes, after[path]);
        Assert.Empty(Beside(".output.*"));
    }

    [Fact]
    public void The_swap_exchanges_the_folders_and_the_new_site_is_whole()
    {
        Build();
        using var output = new AtomicOutput(Output);
        File.WriteAllText(Path.Combine(output.StagingDir, "index.html"), "<p>ny</p>");
        output.Commit();
        Assert.Equal("<p>ny</p>", File.ReadAllText(Path.Combine(Output, "index.html")));
        Assert.NotNull(output.Previous);
        Assert.True(File.Exists(Path.Combine(output.Previous!, OutputFolder.Marker)));
        Assert.False(Directory.Exists(output.StagingDir));
    }
}

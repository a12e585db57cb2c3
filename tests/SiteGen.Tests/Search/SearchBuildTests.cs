using System.Diagnostics;
using SiteGen.Search;
using SiteGen.Tests.Rendering;

namespace SiteGen.Tests.Search;

/// <summary>Pagefind is part of <c>build</c>: it indexes the new pages before the swap, stays quiet on
/// success, and any failure fails the build with an SRCH diagnostic while the old site stays live.</summary>
public sealed class SearchBuildTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-search-").FullName;
    private string Output => Path.Combine(_dir, "output");

    public void Dispose() { try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } }

    private static BuildResult Build(string output, string? pagefind = null, TextWriter? log = null,
        int shardMeetings = SearchShards.DefaultMaxMeetings) =>
        Pipeline.Build(new BuildOptions(TestPaths.SampleInput, output, Search: true, PagefindBinary: pagefind,
            ShardMeetings: shardMeetings), log ?? TextWriter.Null);

    [Fact]
    public void A_build_writes_the_same_index_in_pagefind_every_time_and_prints_nothing_from_pagefind()
    {
        var log = new StringWriter();
        var result = Build(Output, log: log);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("", log.ToString());
        Assert.True(File.Exists(Path.Combine(Output, "pagefind", "pagefind.js")));
        Assert.True(File.Exists(Path.Combine(Output, "pagefind", "pagefind-entry.json")));
        Assert.Contains("\"da\"", File.ReadAllText(Path.Combine(Output, "pagefind", "pagefind-entry.json"))); // Danish stemming from <html lang="da">
        // Pagefind's ready-made UIs are not used and not published.
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Output, "pagefind"), "pagefind-*ui*"));
        Assert.Contains(result.Summary!.Stages, s => s.Stage == "search");

        // The same input gives the same index, byte for byte: unchanged chunks keep their cached names.
        var second = Path.Combine(_dir, "output-2");
        Assert.True(Build(second).Succeeded);
        var a = BuiltSite.Snapshot(Path.Combine(Output, "pagefind"));
        var b = BuiltSite.Snapshot(Path.Combine(second, "pagefind"));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs");
    }

    [Fact]
    public void A_missing_pagefind_binary_fails_the_build_and_leaves_the_previous_output_untouched()
    {
        Assert.True(Build(Output).Succeeded);
        var before = BuiltSite.Snapshot(Output);

        var result = Build(Output, pagefind: Path.Combine(_dir, "no-such", "pagefind"));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("SRCH002", error.Code);
        Assert.Contains(SearchIndexer.InstallCommand, error.Message);
        AssertUnchanged(before);
    }

    [Fact]
    public void Pagefind_reporting_an_error_fails_the_build_with_its_message_and_leaves_the_previous_output_untouched()
    {
        Assert.True(Build(Output).Succeeded);
        var before = BuiltSite.Snapshot(Output);
        var fake = FakePagefind("pagefind-fails", "echo 'Error: disk full while writing the index' >&2\nexit 3");

        var result = Build(Output, pagefind: fake);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("SRCH003", error.Code);
        Assert.Contains("sluttede med kode 3", error.Message);
        Assert.Contains("disk full while writing the index", error.Message);
        AssertUnchanged(before);
    }

    [Fact]
    public void One_shard_failing_while_others_are_indexed_beside_it_fails_the_build_and_leaves_nothing_behind()
    {
        // Three shards of one meeting each, indexed two at a time: Pagefind fails on the 2024 shard only.
        Assert.True(Build(Output, shardMeetings: 1).Succeeded);
        var before = BuiltSite.Snapshot(Output);
        var real = SearchIndexer.Locate([TestPaths.SampleInput], TextWriter.Null).Binary!;
        var fake = FakePagefind("pagefind-one-fails", $$"""
            case "$*" in *2024-*) echo 'Error: the 2024 shard cannot be read' >&2; exit 5;; esac
            exec '{{real}}' "$@"
            """);

        var result = Build(Output, pagefind: fake, shardMeetings: 1);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("SRCH003", error.Code);
        Assert.Contains("the 2024 shard cannot be read", error.Message);
        AssertUnchanged(before);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir, ".output.*")); // no shard's work folder either
    }

    [Fact]
    public void Pagefind_writing_no_index_fails_the_build()
    {
        var fake = FakePagefind("pagefind-noop", "exit 0");
        var result = Build(Output, pagefind: fake);
        Assert.False(result.Succeeded);
        Assert.Equal("SRCH004", Assert.Single(result.Diagnostics, d => d.IsError).Code);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public async Task The_cli_exits_1_with_the_diagnostic_when_pagefind_fails()
    {
        Assert.True(Build(Output).Succeeded);
        var before = BuiltSite.Snapshot(Output);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "SiteGen.dll"), "build", "--input", TestPaths.SampleInput, "--output", Output })
            psi.ArgumentList.Add(a);
        psi.Environment[SearchIndexer.BinaryVariable] = "/nonexistent/pagefind";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("error SRCH002", stderr + await stdout);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
        AssertUnchanged(before);
    }

    [Fact]
    public void On_a_fresh_checkout_without_node_modules_the_build_installs_pagefind_with_npm_ci()
    {
        // A checkout with package.json and package-lock.json but no node_modules, as after `git clone`.
        var checkout = Path.Combine(_dir, "checkout");
        Directory.CreateDirectory(checkout);
        foreach (var f in new[] { "package.json", "package-lock.json" })
            File.Copy(Path.Combine(TestPaths.RepoRoot, f), Path.Combine(checkout, f));
        var input = Path.Combine(checkout, "input");
        Directory.CreateDirectory(input);
        var log = new StringWriter();

        var (binary, problem) = SearchIndexer.Locate([input], log);

        Assert.Null(problem);
        Assert.StartsWith(Path.Combine(checkout, "node_modules", "@pagefind"), binary);
        Assert.Contains(SearchIndexer.InstallCommand, log.ToString());
        var version = Process.Start(new ProcessStartInfo(binary!, "--version") { RedirectStandardOutput = true })!;
        Assert.Equal("pagefind 1.6.0", version.StandardOutput.ReadToEnd().Trim());
        version.WaitForExit();

        // Once installed, the next build finds it and installs nothing.
        var again = new StringWriter();
        Assert.Equal(binary, SearchIndexer.Locate([input], again).Binary);
        Assert.Equal("", again.ToString());
    }

    [Fact]
    public void Without_node_modules_and_without_package_json_the_diagnostic_names_the_command()
    {
        var lonely = Path.Combine(_dir, "somewhere", "input");
        Directory.CreateDirectory(lonely);
        var (binary, problem) = SearchIndexer.Locate([lonely], TextWriter.Null);
        Assert.Null(binary);
        Assert.Equal("SRCH001", problem!.Code);
        Assert.Contains("npm ci --ignore-scripts", problem.Message);
    }

    /// <summary>A stand-in for the Pagefind binary: a shell script with the given body.</summary>
    private string FakePagefind(string name, string body)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private void AssertUnchanged(Dictionary<string, byte[]> before)
    {
        var after = BuiltSite.Snapshot(Output);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed");
        Assert.Empty(Directory.EnumerateDirectories(_dir, ".output.staging-*")); // the failed build's staging folder is gone
    }
}

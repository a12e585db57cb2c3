using SiteGen.Cli;
using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary>A wrong --output or --report is refused before any work (exit 2), and nothing is written: the input,
/// the project and folders of other files are never replaced by the site, and the withheld report never lands in
/// the site or the input.</summary>
public sealed class OutputSafetyTests : IDisposable
{
    /// <summary>A project as a clone has it: .git, README.md, input/ (the shipped input) and docs/.</summary>
    private readonly string _project = Path.Combine(Path.GetTempPath(), "sitegen-project-" + Guid.NewGuid().ToString("N"));

    public OutputSafetyTests()
    {
        Directory.CreateDirectory(Path.Combine(_project, ".git"));
        File.WriteAllText(Path.Combine(_project, ".git", "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(_project, "README.md"), "# Projektet\n");
        Directory.CreateDirectory(Path.Combine(_project, "docs"));
        File.WriteAllText(Path.Combine(_project, "docs", "noter.md"), "Vigtige noter.\n");
        TestPaths.CopyDirectory(TestPaths.SampleInput, Input);
    }

    private string Input => Path.Combine(_project, "input");

    public void Dispose()
    {
        try { Directory.Delete(_project, recursive: true); } catch (IOException) { }
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Every file (path and bytes) in the project, to show that a refused command wrote nothing.</summary>
    private Dictionary<string, string> Snapshot() => Directory
        .EnumerateFileSystemEntries(_project, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(_project, f),
            f => File.Exists(f) ? Convert.ToBase64String(File.ReadAllBytes(f)) : "<dir>");

    private void AssertRefused(string output, string expected)
    {
        var before = Snapshot();
        var (code, _, err) = Run("build", "--input", Input, "--output", output, "--no-search");
        Assert.True(code == Program.Usage, $"exit {code}: {err}");
        Assert.Contains(expected, err);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Output_that_is_the_input_folder_is_refused() =>
        AssertRefused(Input, "er input-mappen");

    [Fact]
    public void Output_inside_the_input_folder_is_refused() =>
        AssertRefused(Path.Combine(Input, "referater"), "ligger i input-mappen");

    [Fact]
    public void Output_that_contains_the_input_is_refused() =>
        AssertRefused(_project, "indeholder input-mappen");

    [Fact]
    public void Output_that_is_the_git_root_or_above_it_is_refused()
    {
        // An input kept outside the repository: the repository's root is still not an output.
        var elsewhere = TestPaths.CopyOfInput();
        try
        {
            var before = Snapshot();
            var (code, _, err) = Run("build", "--input", elsewhere, "--output", _project, "--no-search");
            Assert.True(code == Program.Usage, err);
            Assert.Equal(before, Snapshot());
            Assert.Equal(before.Count, Snapshot().Count);
            Assert.Contains("en mappe over den", OutputFolder.Problem(Path.Combine(_project, "docs", ".."), elsewhere, Path.Combine(_project, "docs")));
        }
        finally { Directory.Delete(elsewhere, true); }
    }

    [Fact]
    public void Output_that_is_an_existing_file_is_refused() =>
        AssertRefused(Path.Combine(_project, "README.md"), "er en fil, ikke en mappe");

    [Fact]
    public void Output_that_is_a_folder_of_other_files_is_refused() =>
        AssertRefused(Path.Combine(_project, "docs"), "ikke et tidligere SiteGen-websted");

    [Fact]
    public void Output_that_is_a_link_to_the_input_is_refused()
    {
        var link = Path.Combine(_project, "site");
        File.CreateSymbolicLink(link, Input);
        AssertRefused(link, "er input-mappen");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../..")]
    [InlineData("/")]
    public void Output_that_is_the_current_folder_or_above_is_refused(string output)
    {
        var cwd = Path.Combine(_project, "docs");
        var problem = OutputFolder.Problem(output, Path.Combine(Path.GetTempPath(), "et-andet-input"), cwd);
        Assert.NotNull(problem);
        Assert.Contains("webstedet ville erstatte", problem); // (above the project it also contains the input)
    }

    [Fact]
    public void Dot_and_dot_dot_on_the_command_line_are_refused_before_any_work()
    {
        // The test process's current folder (the test binaries) is never replaced.
        var cwd = Environment.CurrentDirectory;
        var before = Directory.EnumerateFileSystemEntries(cwd).Count();
        foreach (var output in new[] { ".", "..", cwd })
        {
            var (code, _, err) = Run("build", "--input", Input, "--output", output, "--no-search");
            Assert.True(code == Program.Usage, err);
            Assert.Contains("den aktuelle mappe", err);
        }
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(cwd).Count());
    }

    [Fact]
    public void A_new_or_empty_folder_is_built_and_marked_and_a_rebuild_replaces_the_earlier_output()
    {
        var output = Path.Combine(_project, "output");
        Assert.Null(OutputFolder.Problem(output, Input, _project)); // a fresh clone has no output/ yet
        var (code, _, err) = Run("build", "--input", Input, "--output", output, "--no-search");
        Assert.True(code == Program.Ok, err);
        Assert.True(File.Exists(Path.Combine(output, OutputFolder.Marker)));
        Assert.True(File.Exists(Path.Combine(output, "index.html")));

        File.WriteAllText(Path.Combine(output, "gammel.html"), "fra sidste build");
        var (again, _, againErr) = Run("build", "--input", Input, "--output", output, "--no-search");
        Assert.True(again == Program.Ok, againErr);
        Assert.False(File.Exists(Path.Combine(output, "gammel.html")));
        Assert.True(File.Exists(Path.Combine(output, OutputFolder.Marker)));

        var empty = Path.Combine(_project, "tom");
        Directory.CreateDirectory(empty);
        var (third, _, thirdErr) = Run("build", "--input", Input, "--output", empty, "--no-search");
        Assert.True(third == Program.Ok, thirdErr);
    }

    [Fact]
    public void The_marker_is_not_counted_as_a_file_of_the_site()
    {
        var output = Path.Combine(_project, "output");
        var result = Pipeline.Build(new BuildOptions(Input, output, Search: false), TextWriter.Null);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var onDisk = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Count();
        Assert.Equal(onDisk - 1, result.Summary!.Files);
    }

    [Fact]
    public void A_library_build_never_replaces_a_folder_of_other_files()
    {
        var docs = Path.Combine(_project, "docs");
        Assert.ThrowsAny<InvalidOperationException>(() => Pipeline.Build(new BuildOptions(Input, docs, Search: false), TextWriter.Null));
        Assert.Equal("Vigtige noter.\n", File.ReadAllText(Path.Combine(docs, "noter.md")));
        Assert.Empty(Directory.EnumerateDirectories(_project, ".docs.*"));
    }

    [Fact]
    public void Report_inside_the_output_or_the_input_is_refused_also_through_a_link()
    {
        var output = Path.Combine(_project, "output");
        Directory.CreateDirectory(output);
        var link = Path.Combine(_project, "rapporter");
        File.CreateSymbolicLink(link, output);
        var inputLink = Path.Combine(_project, "ind");
        File.CreateSymbolicLink(inputLink, Input);
        var before = Snapshot();
        foreach (var report in new[] { Path.Combine(output, "r.txt"), Path.Combine(link, "r.txt"), Path.Combine(Input, "r.txt"), Path.Combine(inputLink, "r.txt") })
        {
            var (code, _, err) = Run("build", "--input", Input, "--output", output, "--no-search", "--report", report);
            Assert.True(code == Program.Usage, $"{report}: exit {code} {err}");
            Assert.Contains("--report", err);
        }
        var (vcode, _, verr) = Run("validate", "--input", Input, "--report", Path.Combine(inputLink, "r.txt"));
        Assert.True(vcode == Program.Usage, verr);
        Assert.Equal(before, Snapshot());

        // A report file that is itself a link into the output.
        var fileLink = Path.Combine(_project, "rapport.txt");
        File.CreateSymbolicLink(fileLink, Path.Combine(output, "rapport.txt"));
        var (fcode, _, ferr) = Run("build", "--input", Input, "--output", output, "--no-search", "--report", fileLink);
        Assert.True(fcode == Program.Usage, ferr);
        Assert.False(File.Exists(Path.Combine(output, "rapport.txt")));
    }
}

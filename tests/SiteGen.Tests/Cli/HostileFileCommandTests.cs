using System.Diagnostics;
using SiteGen.Cli;

namespace SiteGen.Tests.Cli;

/// <summary>validate and build over hostile files (pipes, links to devices or outside the input, linked assets):
/// a diagnostic with file and position, exit 1, nothing published, the previous output untouched, never a hang.</summary>
public sealed class HostileFileCommandTests : IDisposable
{
    private readonly string _input = TestPaths.CopyOfInput();
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "sitegen-outside-" + Guid.NewGuid().ToString("N"));
    private readonly string _output = Path.Combine(Path.GetTempPath(), "sitegen-out-" + Guid.NewGuid().ToString("N"));

    private const string Referat = "referater/2024/2024-11-13-direktionen.md";

    public HostileFileCommandTests()
    {
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "hemmelig.css"), "/* SECRETOUTSIDEFILE */");
        File.WriteAllText(Path.Combine(_outside, "hemmelig.pdf"), "%PDF SECRETOUTSIDEFILE");
    }

    public void Dispose()
    {
        foreach (var dir in new[] { _input, _outside, _output })
            try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var run = Task.Run(() => Program.Run(args, o, e));
        Assert.True(run.Wait(TimeSpan.FromSeconds(120)), "the command hung");
        return (run.Result, o.ToString(), e.ToString());
    }

    private (int Code, string Err) Build()
    {
        var (code, _, err) = Run("build", "--input", _input, "--output", _output, "--no-search");
        return (code, err);
    }

    private static string Shown(string full) => Path.GetRelativePath(Environment.CurrentDirectory, full).Replace('\\', '/');

    /// <summary>Templates and assets are shown as TemplateSet shows them: absolute when outside the current folder.</summary>
    private static string ShownTemplate(string full) => Shown(full).StartsWith("..", StringComparison.Ordinal) ? full : Shown(full);

    private Dictionary<string, string> OutputSnapshot() => Directory.EnumerateFiles(_output, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(_output, f), f => Convert.ToBase64String(File.ReadAllBytes(f)));

    /// <summary>A good build first; then the change must fail without touching it.</summary>
    private void AssertBuildFailsAndKeepsThePreviousOutput(string expected)
    {
        var before = OutputSnapshot();
        var (code, err) = Build();
        Assert.True(code == Program.InputErrors, $"exit {code}: {err}");
        Assert.Contains(expected, err);
        Assert.Equal(before, OutputSnapshot());
        Assert.DoesNotContain(OutputSnapshot().Values, v => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(v)).Contains("SECRETOUTSIDEFILE"));
        Assert.Empty(Directory.EnumerateDirectories(Path.GetDirectoryName(_output)!, $".{Path.GetFileName(_output)}.staging-*"));
    }

    [Fact]
    public void A_named_pipe_as_a_referat_fails_validate_and_build_with_its_file_and_position()
    {
        var pipe = Path.Combine(_input, "referater/2024/2024-12-04-direktionen.md");
        using (var p = Process.Start(new ProcessStartInfo("mkfifo", [pipe]) { UseShellExecute = false })!) p.WaitForExit();
        var (code, _, err) = Run("validate", "--input", _input);
        Assert.Equal(Program.InputErrors, code);
        Assert.Contains($"{Shown(pipe)}(1,1): error REF053", err);
        var (bcode, berr) = Build();
        Assert.Equal(Program.InputErrors, bcode);
        Assert.Contains($"{Shown(pipe)}(1,1): error REF053", berr);
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public void A_referat_linked_to_dev_zero_fails_at_once()
    {
        var file = Path.Combine(_input, Referat);
        File.Delete(file);
        File.CreateSymbolicLink(file, "/dev/zero");
        var (code, err) = Build();
        Assert.Equal(Program.InputErrors, code);
        Assert.Contains($"{Shown(file)}(1,1): error REF052", err);
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public void A_linked_asset_is_an_error_and_never_copied()
    {
        Assert.Equal(Program.Ok, Build().Code);
        var link = Path.Combine(_input, "assets", "hemmelig.css");
        File.CreateSymbolicLink(link, Path.Combine(_outside, "hemmelig.css"));
        AssertBuildFailsAndKeepsThePreviousOutput($"{ShownTemplate(link)}(1,1): error TPL008");
    }

    [Fact]
    public void A_linked_folder_in_the_assets_is_an_error_and_never_copied()
    {
        Assert.Equal(Program.Ok, Build().Code);
        var link = Path.Combine(_input, "assets", "ekstra");
        File.CreateSymbolicLink(link, _outside);
        AssertBuildFailsAndKeepsThePreviousOutput($"{ShownTemplate(link)}(1,1): error TPL008");
    }

    [Fact]
    public void A_named_pipe_in_the_assets_is_an_error()
    {
        Assert.Equal(Program.Ok, Build().Code);
        var pipe = Path.Combine(_input, "assets", "roer.css");
        using (var p = Process.Start(new ProcessStartInfo("mkfifo", [pipe]) { UseShellExecute = false })!) p.WaitForExit();
        AssertBuildFailsAndKeepsThePreviousOutput($"{ShownTemplate(pipe)}(1,1): error TPL008");
    }

    [Fact]
    public void An_attachment_through_a_linked_folder_is_an_error_and_never_copied()
    {
        Assert.Equal(Program.Ok, Build().Code);
        var bilag = Path.Combine(_input, "referater", "2024", "bilag");
        File.CreateSymbolicLink(bilag, _outside);
        var file = Path.Combine(_input, Referat);
        File.WriteAllText(file, File.ReadAllText(file).Replace("        dokument: 108223/24\n", "        dokument: 108223/24\n        fil: bilag/hemmelig.pdf\n"));
        AssertBuildFailsAndKeepsThePreviousOutput("error REF052");
    }

    [Fact]
    public void A_linked_template_is_an_error()
    {
        Assert.Equal(Program.Ok, Build().Code);
        var template = Path.Combine(_input, "templates", "om.sbn-html");
        File.Move(template, Path.Combine(_outside, "om.sbn-html"));
        File.CreateSymbolicLink(template, Path.Combine(_outside, "om.sbn-html"));
        AssertBuildFailsAndKeepsThePreviousOutput($"{ShownTemplate(template)}(1,1): error TPL001");
    }
}

using SiteGen.Cli;

namespace SiteGen.Tests.Cli;

/// <summary>The progress line for long builds: drawn in place on a terminal, cleared at the end,
/// and never written when output goes to a file or CI log.</summary>
public class TerminalProgressTests
{
    /// <summary>A stage added to the build must get a Danish label, or the secretary reads its code name
    /// ("attachments") in the progress line and the build summary.</summary>
    [Fact]
    public void Every_stage_the_build_times_has_a_Danish_label()
    {
        var pipeline = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "SiteGen", "Pipeline.cs"));
        var stages = System.Text.RegularExpressions.Regex.Matches(pipeline, "Time\\(\"([^\"]+)\"")
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(stages.Count >= 6, string.Join(", ", stages));
        foreach (var stage in stages)
            Assert.NotEqual(stage, TerminalProgress.Label(stage));
    }

    [Fact]
    public void Shows_each_stage_in_place_and_clears_the_line_at_the_end()
    {
        var terminal = new StringWriter();
        using (var progress = new TerminalProgress(terminal, TimeSpan.FromHours(1)))
        {
            progress.Stage("load+validate");
            progress.Stage("render");
        }
        var text = terminal.ToString();
        Assert.Contains("\r\u001b[K[1/8] Læser og kontrollerer referater… ", text);
        Assert.Contains("\r\u001b[K[2/8] Skriver sider… ", text);
        Assert.EndsWith("\r\u001b[K", text);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void A_build_with_redirected_output_prints_plain_lines_only()
    {
        // The test host's output is redirected, as in CI or `build > log.txt`.
        Assert.False(TerminalProgress.Wanted());
        var input = TestPaths.CopyOfInput();
        var output = Path.Combine(input, "..", Path.GetFileName(input) + "-out");
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Assert.Equal(0, Program.Run(["build", "--input", input, "--output", output, "--no-search"], stdout, stderr));
            var all = stdout.ToString() + stderr;
            Assert.Contains("Bygget: 3 møder", all);
            Assert.DoesNotContain('\r', all);
            Assert.DoesNotContain('\u001b', all);
        }
        finally
        {
            Directory.Delete(input, true);
            if (Directory.Exists(output)) Directory.Delete(output, true);
        }
    }
}

using System.Text.RegularExpressions;
using SiteGen.Cli;

namespace SiteGen.Tests.Rendering;

/// <summary>`build` with a broken template, as the web team meets it: a compiler-style line with file, line and
/// column, exit code 1, and the site published before left as it was.</summary>
public sealed class TemplateBuildFailureTests : IDisposable
{
    private readonly string _input = TestPaths.CopyOfInput();
    private string Output => _input + "-out";

    public void Dispose()
    {
        Directory.Delete(_input, true);
        if (Directory.Exists(Output)) Directory.Delete(Output, true);
    }

    private int Build(out string errors)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["build", "--input", _input, "--output", Output, "--no-search"], stdout, stderr);
        errors = stdout.ToString() + stderr;
        return code;
    }

    [Theory]
    [InlineData("om", "<p>{{ if side.titel }}</p>", "TPL002")]                   // syntax: no end
    [InlineData("om", "<p>{{ side.forfatter }}</p>", "TPL004")]                  // unknown field
    [InlineData("om", "{{ include \"../../etc/passwd\" }}", "TPL007")]           // include outside the folder
    [InlineData("om", "<p>{{ while true }}{{ end }}</p>", "TPL005")]            // endless loop
    [InlineData("om", "{{ func igen; igen; end; igen }}", "TPL005")]            // endless recursion
    [InlineData("partials/sagsinfo", "{{ $punkt.hemmelig }}", "TPL004")]         // in a partial
    public void Broken_template_fails_with_its_position_and_leaves_the_published_site_untouched(
        string template, string line, string code)
    {
        Assert.Equal(0, Build(out var first));
        var before = BuiltSite.Snapshot(Output);
        var file = Path.Combine(_input, "templates", template + ".sbn-html");
        File.WriteAllText(file, line + "\n" + File.ReadAllText(file));

        Assert.Equal(1, Build(out var errors));

        var shown = Path.Combine("templates", template.Replace('/', Path.DirectorySeparatorChar) + ".sbn-html");
        Assert.Matches(Regex.Escape(shown) + @"\(\d+,\d+\): error " + code + ": ", errors);
        Assert.DoesNotContain("   at ", errors); // no stack trace
        var after = BuiltSite.Snapshot(Output);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed");
    }

    [Fact]
    public void A_loop_as_long_as_a_national_archives_case_list_renders()
    {
        // The case list loops once per case of the archive: 150,000 cases is a 20,000-meeting archive, which stopped
        // with TPL005 when the guard against endless loops was 100,000 steps.
        var file = Path.Combine(_input, "templates", "om.sbn-html");
        File.WriteAllText(file, "{{ n = 0 }}{{ for i in 1..150000 }}{{ n = n + 1 }}{{ end }}<p id=\"n\">{{ n }}</p>\n"
            + File.ReadAllText(file));

        Assert.Equal(0, Build(out var errors));
        Assert.DoesNotContain("TPL005", errors);
        Assert.Contains("<p id=\"n\">150000</p>", File.ReadAllText(Path.Combine(Output, "om", "index.html")));
    }
}

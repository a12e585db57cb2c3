using System.Text.RegularExpressions;

namespace SiteGen.Tests.Validation;

/// <summary>Every code any stage can emit (templates, search, …) has a row in docs/diagnostics.md,
/// so the secretariat and the web team can look up what a message means and what to do.</summary>
public class DiagnosticsCatalogueTests
{
    [Fact]
    public void Every_code_emitted_in_the_source_is_in_the_docs_table()
    {
        var documented = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "docs", "diagnostics.md"))
            .Select(l => Regex.Match(l, @"^\| ([A-Z]+\d{3}) \|"))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        var emitted = Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src", "SiteGen"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"([A-Z]{3,4}\\d{3})\"").Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.NotEmpty(emitted);
        Assert.Empty(emitted.Except(documented).Order());
    }
}

using SiteGen.Validation;
using SiteGen.Diagnostics;

namespace SiteGen.Tests.Validation;

/// <summary>docs/diagnostics.md lists every code in <see cref="Codes"/> (validation, templates, search, import), with its
/// severity.</summary>
public class DiagnosticsDocTests
{
    private static readonly string[] WarningCodes =
        ["REF045", "REF046", "REF047", "REF048", "REF049", "REF050", "REF062",
         "REF095", "REF096", "REF097", "REF098", "REF099", "OUT002"]; // REF095–099: attachment text, never an error;
    // OUT002: the site is out, only the cache is not saved

    [Fact]
    public void Every_code_is_documented_once_with_its_severity()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SiteGen.sln"))) root = root.Parent;
        Assert.NotNull(root);
        var rows = File.ReadAllLines(Path.Combine(root.FullName, "docs", "diagnostics.md"))
            .Where(l => l.StartsWith("| REF", StringComparison.Ordinal) || l.StartsWith("| SITE", StringComparison.Ordinal)
                        || l.StartsWith("| SRCH", StringComparison.Ordinal) || l.StartsWith("| TPL", StringComparison.Ordinal)
                        || l.StartsWith("| IMP", StringComparison.Ordinal) || l.StartsWith("| OUT", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(c => c[1], c => c[2]);

        var codes = Codes.All().ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(codes.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var code in codes)
            Assert.Equal(WarningCodes.Contains(code) ? "warning" : "error", rows[code]);
    }
}

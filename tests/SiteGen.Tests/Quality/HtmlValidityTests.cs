using System.Diagnostics;
using System.Text.Json;

namespace SiteGen.Tests.Quality;

/// <summary>Gate 3: the Nu Html Checker (npm vnu-jar, run with java) over every built page of the sample
/// site and both corpora, in one JVM. A deliberately invalid page rides along in the same run, so the
/// test also proves that vnu reports errors and that they are read.</summary>
[Collection("Built outputs")]
public class HtmlValidityTests(BuiltOutputs built)
{
    private static string Jar => Path.Combine(TestPaths.RepoRoot, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

    [Fact]
    public void Every_built_page_is_valid_html_for_the_nu_checker()
    {
        if (!File.Exists(Jar))
            throw new InvalidOperationException($"{Jar} is missing: run `npm ci --ignore-scripts` (scripts/test.sh does).");
        var control = Path.Combine(Path.GetTempPath(), $"sitegen-vnu-control-{Guid.NewGuid():N}.html");
        File.WriteAllText(control, "<!DOCTYPE html><html lang=da><head><title>x</title></head><body><p id=a>1</p><p id=a>2</p><div><li>x</div></body></html>");
        try
        {
            var pages = built.All.SelectMany(s => s.Pages.Select(s.FullPath)).ToList();
            Assert.True(pages.Count >= 50, $"only {pages.Count} pages");
            var messages = Run([.. pages, control]);

            Assert.Contains(messages, m => m.File == control); // the checker works and its output is read
            var errors = messages.Where(m => m.File != control).ToList();
            Assert.True(errors.Count == 0, $"{errors.Count} HTML errors:\n" + string.Join("\n", errors.Take(40)));
        }
        finally { File.Delete(control); }
    }

    public sealed record Message(string File, int Line, string Text)
    {
        public override string ToString() => $"{File}({Line}): {Text}";
    }

    private static List<Message> Run(IReadOnlyList<string> files)
    {
        var start = new ProcessStartInfo("java") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-Xss4m", "-jar", Jar, "--format", "json", "--errors-only", "--exit-zero-always" }.Concat(files))
            start.ArgumentList.Add(a);
        using var java = Process.Start(start) ?? throw new InvalidOperationException("java did not start");
        var stdout = java.StandardOutput.ReadToEndAsync();
        var json = java.StandardError.ReadToEnd(); // vnu writes its JSON report to stderr
        java.WaitForExit();
        _ = stdout.Result;
        if (java.ExitCode != 0) throw new InvalidOperationException($"vnu failed (exit {java.ExitCode}): {json}");
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("type").GetString() is "error" or "non-document-error")
            .Select(m => new Message(
                LocalPath(m.TryGetProperty("url", out var u) ? u.GetString() : null),
                m.TryGetProperty("lastLine", out var l) ? l.GetInt32() : 0,
                m.GetProperty("message").GetString() ?? ""))
            .ToList();
    }

    /// <summary>vnu reports files as "file:/tmp/x.html" (one slash), percent-encoded.</summary>
    private static string LocalPath(string? url) =>
        url is null ? "?" : "/" + Uri.UnescapeDataString(url.StartsWith("file:", StringComparison.Ordinal) ? url[5..] : url).TrimStart('/');
}

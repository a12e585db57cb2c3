using SiteGen.Preview;

namespace SiteGen.Tests.Preview;

/// <summary>serve re-renders only what a saved referat changes; the served folder must still be exactly
/// what a full build would write, byte for byte, with nothing left over (closed content above all).</summary>
public class IncrementalBuildTests
{
    [Fact]
    public void After_edits_the_served_folder_equals_a_full_build()
    {
        var input = TestPaths.CopyOfInput();
        var work = Path.Combine(Path.GetTempPath(), $"sitegen-incr-{Guid.NewGuid():N}");
        try
        {
            var served = Path.Combine(work, "served");
            var builder = new IncrementalBuild(input, served);
            Assert.True(builder.Run().Succeeded);
            Assert.False(builder.LastWasIncremental);

            // The middle meeting: new text, and its first item closed (its page must go).
            var file = Path.Combine(input, "referater", "2024", "2024-11-13-direktionen.md");
            var original = File.ReadAllText(file);
            var itemPage = Path.Combine(served, "direktionen", "2024-11-13", "punkt-1", "index.html");
            Assert.True(File.Exists(itemPage));
            var edited = ReplaceFirst(original, "status: åben", "status: lukket")
                .Replace("### Sagsfremstilling", "### Sagsfremstilling\n\nNy indledning fra sekretariatet.\n");
            File.WriteAllText(file, edited);
            Assert.True(builder.Run().Succeeded);
            Assert.True(builder.LastWasIncremental);
            Assert.False(File.Exists(itemPage));
            AssertSameAsFullBuild(input, served, Path.Combine(work, "full1"));

            // A referat with errors changes nothing that is served.
            var before = Snapshot(served);
            File.WriteAllText(file, edited.Replace("status: åben", "staus: åben"));
            var failed = builder.Run();
            Assert.False(failed.Succeeded);
            Assert.Contains(failed.Diagnostics, d => d.IsError);
            Assert.Equal(before, Snapshot(served));

            // The newest meeting removed: its pages, its year and the neighbour's link to it go.
            File.WriteAllText(file, edited);
            File.Delete(Path.Combine(input, "referater", "2025", "2025-03-26-direktionen.md"));
            Assert.True(builder.Run().Succeeded);
            Assert.True(builder.LastWasIncremental);
            AssertSameAsFullBuild(input, served, Path.Combine(work, "full2"));

            // A template change means a full build again.
            File.AppendAllText(Path.Combine(input, "templates", "moede.hbs"), "\n");
            Assert.True(builder.Run().Succeeded);
            Assert.False(builder.LastWasIncremental);
            AssertSameAsFullBuild(input, served, Path.Combine(work, "full3"));
        }
        finally
        {
            Directory.Delete(input, true);
            if (Directory.Exists(work)) Directory.Delete(work, true);
        }
    }

    private static string ReplaceFirst(string s, string what, string with)
    {
        var at = s.IndexOf(what, StringComparison.Ordinal);
        Assert.True(at >= 0);
        return s[..at] + with + s[(at + what.Length)..];
    }

    private static void AssertSameAsFullBuild(string input, string served, string full)
    {
        var result = Pipeline.Build(new BuildOptions(input, full, Search: false), TextWriter.Null);
        Assert.True(result.Succeeded);
        Assert.Equal(Snapshot(full), Snapshot(served));
    }

    private static SortedDictionary<string, string> Snapshot(string dir) => new(
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(dir, f),
            f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);
}

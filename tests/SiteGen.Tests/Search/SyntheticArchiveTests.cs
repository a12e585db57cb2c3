using System.Text.RegularExpressions;
using SiteGen.Bench;
using SiteGen.Cli;

namespace SiteGen.Tests.Search;

/// <summary>The benchmark's synthetic archive (bench/SiteGen.Bench, compiled in here) is valid input, the
/// same every time, and its words spread like real text: function words everywhere, a topical word in
/// some meetings only, more distinct words the larger the archive. Otherwise the search figures measured
/// on it (index size, first query) would say nothing about a real archive.</summary>
public sealed partial class SyntheticArchiveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-synthetic-").FullName;

    public void Dispose() { try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } }

    private static readonly string[] Udvalg = ["Direktionen", "Kommunalbestyrelsen", "Økonomiudvalget", "Miljø- og Teknikudvalget"];

    private string Generate(string name, int count)
    {
        var input = Path.Combine(_dir, name);
        Directory.CreateDirectory(input);
        File.Copy(Path.Combine(TestPaths.SampleInput, "site.yml"), Path.Combine(input, "site.yml"));
        Assert.Equal(count, ArchiveGenerator.Generate(input, Udvalg, count, seed: 2024));
        return input;
    }

    private static Dictionary<string, string> Files(string input) =>
        Directory.EnumerateFiles(Path.Combine(input, "referater"), "*.md", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(input, f), File.ReadAllText);

    [GeneratedRegex(@"[^\W\d_]+")]
    private static partial Regex Word();

    [Fact]
    public void The_generated_archive_passes_validate_with_no_errors_or_warnings_and_is_the_same_every_time()
    {
        var a = Generate("a", 60);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, Program.Run(["validate", "--input", a], stdout, stderr));
        Assert.Equal("", stderr.ToString());
        Assert.Contains("60 referater kontrolleret: 0 fejl, 0 advarsler.", stdout.ToString());

        var first = Files(a);
        var second = Files(Generate("b", 60));
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        foreach (var (name, text) in first) Assert.Equal(text, second[name]);
        // About 20 KB per meeting file (front matter and ~16 KB of text), as the benchmark figures assume.
        Assert.InRange(first.Values.Average(t => t.Length), 15_000, 25_000);
    }

    [Fact]
    public void Words_spread_like_real_text_function_words_everywhere_topics_in_some_meetings_and_the_vocabulary_grows()
    {
        var meetings = Files(Generate("c", 200)).Values
            .Select(t => Word().Matches(t[t.IndexOf("\n---\n", 4, StringComparison.Ordinal)..].ToLowerInvariant()).Select(m => m.Value).ToHashSet())
            .ToList();
        int In(string word) => meetings.Count(m => m.Contains(word));

        Assert.Equal(200, In("og"));
        Assert.InRange(In("affald"), 1, 100); // a topical word: in some meetings, not in most
        var distinct = meetings.SelectMany(m => m).ToHashSet().Count;
        Assert.True(distinct > 3_000, $"{distinct} distinct words in 200 meetings");
        // Heaps' law: five times the archive, clearly more distinct words, but fewer than five times as many.
        Assert.InRange(Vocabulary.For(10_000).Count, 2 * Vocabulary.For(2_000).Count, 5 * Vocabulary.For(2_000).Count);
    }
}

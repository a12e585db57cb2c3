using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace SiteGen.Tests.Quality;

/// <summary>Gate 5: the confidentiality corpus (Fixtures/corpus-confidential) is built with search, and
/// every byte of the output (gzip decompressed), every file name and URL is scanned for its sentinels.
/// Closed words start with "lkq", closed case and document numbers are 777nn; the public controls start
/// with "abnq" and must all be published, so the scan is known to see what it scans.</summary>
[Collection("Built outputs")]
public partial class ConfidentialityTests(BuiltOutputs built)
{
    // Closed sentinels, in any case, and the closed numbers as written (24/77704, 77702/24) or slugged (77702-24).
    [GeneratedRegex(@"lkq|(?<![0-9])2[34][/-]777\d\d(?![0-9])|(?<![0-9a-f])777\d\d[/-]2[34](?![0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex Secret();

    [GeneratedRegex(@"lkq[\p{L}\p{N}]*", RegexOptions.IgnoreCase)]
    private static partial Regex ClosedToken();

    [GeneratedRegex(@"abnq[\p{L}\p{N}]*", RegexOptions.IgnoreCase)]
    private static partial Regex OpenToken();

    private static string CorpusDir => BuiltOutputs.Fixture("corpus-confidential");

    private static IEnumerable<string> CorpusFiles => Directory.EnumerateFiles(CorpusDir, "*", SearchOption.AllDirectories);

    /// <summary>All sentinel tokens written in the corpus: in its texts, its file names and its files' bytes.</summary>
    private static HashSet<string> Tokens(Regex token) =>
        CorpusFiles.SelectMany(f => token.Matches(File.ReadAllText(f) + " " + Path.GetRelativePath(CorpusDir, f)))
            .Select(m => m.Value.ToLowerInvariant()).ToHashSet();

    [Fact]
    public void Corpus_has_many_closed_shapes_each_with_unique_sentinels()
    {
        var closed = Tokens(ClosedToken());
        Assert.True(closed.Count >= 80, $"only {closed.Count} closed sentinels in the corpus");
        Assert.True(built.Confidential.Files().Count > 15);
        var sources = CorpusFiles.Where(f => f.EndsWith(".md", StringComparison.Ordinal)).Select(File.ReadAllText).ToList();
        Assert.True(sources.Sum(s => Regex.Matches(s, @"^\s+status: [lL]ukket", RegexOptions.Multiline).Count) >= 25);
        Assert.Contains(sources, s => s.Contains("type: dagsorden", StringComparison.Ordinal));
    }

    [Fact]
    public void No_closed_sentinel_in_any_output_file_name_url_or_decompressed_content()
    {
        var files = LeakScanner.Read(built.Confidential.Output);
        var leaks = LeakScanner.Leaks(files, Secret());
        Assert.True(leaks.Count == 0, "Closed content published:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public void Every_public_control_word_is_published_so_the_scan_reads_the_output()
    {
        var files = LeakScanner.Read(built.Confidential.Output);
        var text = string.Join("\n", files.SelectMany(f => f.TextViews));
        var missing = Tokens(OpenToken()).Where(t => !text.Contains(t, StringComparison.Ordinal)).Order().ToList();
        Assert.True(missing.Count == 0, "Public words not found in the output: " + string.Join(", ", missing));
        Assert.True(Tokens(OpenToken()).Count >= 25);
    }

    /// <summary>Pagefind writes its index as gzip files; the scan reads them decompressed, where the public
    /// words are found (so the closed ones would be too).</summary>
    [Fact]
    public void Search_index_is_scanned_decompressed()
    {
        var files = LeakScanner.Read(built.Confidential.Output);
        var index = files.Where(f => f.Relative.StartsWith("pagefind/", StringComparison.Ordinal) && f.WasGzip).ToList();
        Assert.True(index.Count >= 3, $"only {index.Count} gzip files under pagefind/");
        var text = string.Join("\n", index.SelectMany(f => f.TextViews));
        Assert.Contains("abnqtekst01", text, StringComparison.Ordinal);
        Assert.Contains("abnqoffentligbeslutning04", text, StringComparison.Ordinal);
        Assert.Contains("abnqdagsordentekst10", text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_output_file_is_a_copy_of_a_closed_attachment_file()
    {
        var output = built.Confidential.Files().Select(f => File.ReadAllBytes(built.Confidential.FullPath(f))).ToList();
        var attachments = CorpusFiles.Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".yml", StringComparison.Ordinal)).ToList();
        Assert.True(attachments.Count >= 8);
        foreach (var file in attachments)
        {
            var bytes = File.ReadAllBytes(file);
            var published = output.Any(o => o.AsSpan().SequenceEqual(bytes));
            var open = Path.GetFileName(file).StartsWith("abnq", StringComparison.Ordinal);
            Assert.True(published == open, $"{Path.GetRelativePath(CorpusDir, file)}: {(open ? "open attachment not published" : "closed attachment file published")}");
        }
    }

    /// <summary>The scanner itself: secrets hidden by gzip, entities, JSON escapes, folding, case and
    /// percent-encoded names are all found, and a clean file is not flagged.</summary>
    [Fact]
    public void Scanner_finds_secrets_behind_every_encoding()
    {
        var dir = Directory.CreateTempSubdirectory("sitegen-scan-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "entity.html"), "<p>&#108;kq hidden</p>");
            File.WriteAllText(Path.Combine(dir, "escaped.json"), "{\"t\":\"\\u006Ckq\"}");
            File.WriteAllText(Path.Combine(dir, "folded.ics"), "SUMMARY:abc l\r\n kqdef\r\n");
            File.WriteAllText(Path.Combine(dir, "number.xml"), "<a>sag 24/77704</a>");
            File.WriteAllText(Path.Combine(dir, "clean.html"), "<p>abnq only public</p>");
            using (var gz = new GZipStream(File.Create(Path.Combine(dir, "index.pf_fragment")), CompressionLevel.Optimal))
                gz.Write(Encoding.UTF8.GetBytes("pagefind_dcd{\"content\":\"LKQ\"}"));
            Directory.CreateDirectory(Path.Combine(dir, "%6Ckqx"));
            File.WriteAllText(Path.Combine(dir, "%6Ckqx", "index.html"), "ok");
            var leaks = LeakScanner.Leaks(LeakScanner.Read(dir), Secret());
            foreach (var name in new[] { "entity.html", "escaped.json", "folded.ics", "number.xml", "index.pf_fragment (gzip)", "%6Ckqx/index.html" })
                Assert.Contains(leaks, l => l.StartsWith(name + ":", StringComparison.Ordinal));
            Assert.DoesNotContain(leaks, l => l.StartsWith("clean.html", StringComparison.Ordinal));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

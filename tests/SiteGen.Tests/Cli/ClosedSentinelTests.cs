using System.Text.RegularExpressions;
using SiteGen.Cli;
using SiteGen.Preview;

namespace SiteGen.Tests.Cli;

/// <summary>Issue 14, item 6: nothing closed in any message or log. An archive whose closed items and closed
/// attachments hold sentinel words, and have errors and warnings of their own, is run through build, validate, the
/// GitHub annotations and serve (terminal and overlay): no sentinel appears in any of their output. Only
/// `validate --report`, run on purpose, shows closed titles, and says so on its first line.</summary>
public sealed class ClosedSentinelTests : IDisposable
{
    private const string Sentinel = "HEMMELIG";

    private readonly string _input = TestPaths.CopyOfInput();
    private readonly string _output = Path.Combine(Path.GetTempPath(), "sitegen-out-" + Guid.NewGuid().ToString("N"));

    private string File2024 => Path.Combine(_input, "referater", "2024", "2024-11-13-direktionen.md");

    public void Dispose()
    {
        foreach (var dir in new[] { _input, _output })
            try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    /// <summary>The shipped 2024 meeting with item 4 closed and a closed attachment in item 3, all named with
    /// sentinels; the closed item has warnings (a section twice, an empty section). With <paramref name="errors"/>
    /// it also has errors in closed places: a bad case number, text before its first section, an unknown section,
    /// a missing attachment file, an item with an unreadable status and a heading without an entry.</summary>
    private string Archive(bool errors)
    {
        var text = File.ReadAllText(
            Path.Combine(TestPaths.SampleInput, "referater", "2024", "2024-11-13-direktionen.md"));
        text = text.Replace("      - nr: 4\n        status: lukket\n",
            "      - nr: 4\n        status: lukket\n        titel: HEMMELIGBILAGTITEL om en borger\n" +
            "        dokument: 99123/24\n" + (errors ? "        fil: bilag/HEMMELIGFIL.pdf\n" : ""));
        text = text.Replace("  - nr: 4\n    status: åben\n    sagsgang: DIR\n---",
            "  - nr: 4\n    status: lukket\n    offentlig_titel: Personalesag\n    sagsgang: HEMMELIGSAGSGANG\n" +
            (errors ? "    sagsnr: HEMMELIGSAGSNR\n" : "    sagsnr: 24/99123\n") +
            "    bilag:\n      - nr: 1\n        status: åben\n        titel: HEMMELIGLAEGEERKLAERING fra lægen\n" +
            (errors ? "  - nr: 5\n    status: lukkket\n" : "") + "---");
        var at = text.IndexOf("\n## 4.", StringComparison.Ordinal);
        Assert.True(at > 0);
        text = text[..at] + "\n## 4. HEMMELIGTITEL Afskedigelse af medarbejder Hansen\n\n" +
            (errors ? "HEMMELIGSTRAY tekst før første afsnit.\n\n### HEMMELIGAFSNIT\n\nTekst.\n\n" : "") +
            "### Sagsfremstilling\n\nHEMMELIGTEKST om medarbejderen, hansen@example.dk, 010190-1234.\n\n" +
            "### Sagsfremstilling\n\nHEMMELIGTEKST2 mere om sagen.\n\n### Indstilling\n\n" +
            (errors ? "## 5. HEMMELIGFEMTE punkt med forkert status\n\n### Beslutnig\n\nHEMMELIGBESLUTNING.\n\n" +
                "## 6. HEMMELIGSJETTE punkt uden indgang\n\n### Sagsfremstilling\n\nTekst.\n" : "");
        return text;
    }

    private static (int Code, string All) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Program.Run(args, o, e);
        return (code, o.ToString() + e);
    }

    private static void AssertNoSentinel(string what, string text)
    {
        Assert.False(text.Contains(Sentinel, StringComparison.OrdinalIgnoreCase) || text.Contains("Afskedigelse")
            || text.Contains("99123"), $"{what} shows closed content:\n{text}");
    }

    [Fact]
    public void Validate_and_build_with_errors_in_closed_items_never_show_closed_text()
    {
        File.WriteAllText(File2024, Archive(errors: true));
        var (code, all) = Run("validate", "--input", _input);
        Assert.Equal(Program.InputErrors, code);
        // The closed places are still reported, by number.
        Assert.Contains("punkt 4 (lukket)", all);
        foreach (var c in new[] { "REF023", "REF039", "REF040", "REF029", "REF074", "REF035", "REF050" })
            Assert.Contains(c, all);
        AssertNoSentinel("validate", all);

        var (one, oneAll) = Run("validate", "--input", _input, File2024);
        Assert.Equal(Program.InputErrors, one);
        AssertNoSentinel("validate FILE", oneAll);

        var (build, buildAll) = Run("build", "--input", _input, "--output", _output, "--no-search");
        Assert.Equal(Program.InputErrors, build);
        AssertNoSentinel("build", buildAll);
    }

    [Theory]
    [InlineData("        titel: HEMMELIGBILAG: om \u201cHEMMELIGCITAT\u201d\n")] // an unquoted colon, Word's quotes
    [InlineData("        titel:\tHEMMELIGTAB\n")]                               // a tab
    [InlineData("       titel: HEMMELIGINDRYK\n")]                              // wrong indentation
    [InlineData("        titel: \"HEMMELIGCITAT\n")]                             // a quote never closed
    [InlineData("        titel: HEMMELIG\u00a0HÅRDT MELLEMRUM\n")]               // a non-breaking space
    public void YAML_slips_in_a_closed_attachment_quote_nothing_of_it(string titel)
    {
        var text = File.ReadAllText(File2024).Replace("      - nr: 4\n        status: lukket\n",
            "      - nr: 4\n        status: lukket\n" + titel);
        File.WriteAllText(File2024, text.Replace("\n## 4. ", "\n## 4. HEMMELIGTITEL "));
        var (_, all) = Run("validate", "--input", _input, "--format", "github");
        AssertNoSentinel("validate", all);
    }

    [Fact]
    public void A_huge_closed_item_with_thousands_of_diagnostics_quotes_none_of_them()
    {
        var text = File.ReadAllText(File2024).Replace("  - nr: 4\n    status: åben\n    sagsgang: DIR\n---",
            "  - nr: 4\n    status: lukket\n---");
        var body = new System.Text.StringBuilder("## 4. HEMMELIGTITEL\n\n");
        for (var k = 0; k < 2000; k++)
            body.Append($"### HEMMELIGAFSNIT{k}\n\nHEMMELIGTEKST {k} {new string('x', 200)}\n\n### Sagsfremstilling\n\n");
        File.WriteAllText(File2024, text[..text.IndexOf("## 4.", StringComparison.Ordinal)] + body);
        var (code, all) = Run("validate", "--input", _input);
        Assert.Equal(Program.InputErrors, code);
        Assert.Contains("2000 fejl", all);
        AssertNoSentinel("validate", all);
    }

    [Fact]
    public void A_good_build_with_warnings_in_a_closed_item_never_shows_closed_text()
    {
        File.WriteAllText(File2024, Archive(errors: false));
        var (code, all) = Run("build", "--input", _input, "--output", _output, "--no-search");
        Assert.True(code == Program.Ok, all);
        Assert.Contains("warning REF050", all);
        AssertNoSentinel("build", all);
        var (vcode, vall) = Run("validate", "--input", _input);
        Assert.Equal(Program.Ok, vcode);
        AssertNoSentinel("validate", vall);
    }

    [Fact]
    public void The_withheld_report_shows_closed_titles_on_purpose_and_says_so_first()
    {
        File.WriteAllText(File2024, Archive(errors: false));
        var o = new StringWriter();
        var code = Program.Run(["validate", "--input", _input, "--report", "-", File2024], o, new StringWriter());
        Assert.Equal(Program.Ok, code);
        var report = o.ToString();
        Assert.StartsWith("Ikke udgivet: denne rapport viser med vilje lukkede titler og tekst", report);
        Assert.Contains("HEMMELIGTITEL Afskedigelse af medarbejder Hansen", report);
        Assert.Contains("HEMMELIGBILAGTITEL", report);
    }

    private static readonly Regex AnnotationLine = new(
        @"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([A-Z]+\d+)::(.*)$", RegexOptions.Multiline);

    [Fact]
    public void GitHub_annotations_name_the_right_file_line_column_and_code_and_never_closed_text()
    {
        File.WriteAllText(File2024, Archive(errors: true));
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.Equal(Program.InputErrors, Program.Run(["validate", "--input", _input, "--format", "github"], o, e));
        var err = e.ToString();
        AssertNoSentinel("annotations", err + o);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var annotations = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var m = AnnotationLine.Match(lines[i]);
            if (!m.Success) continue;
            annotations++;
            // Each annotation follows its diagnostic, and says the same in GitHub's form.
            var file = m.Groups[2].Value.Replace("%3A", ":").Replace("%2C", ",").Replace("%25", "%");
            Assert.Equal($"{file}({m.Groups[3].Value},{m.Groups[4].Value}): {m.Groups[1].Value} {m.Groups[5].Value}: " +
                m.Groups[6].Value.Replace("%25", "%"), lines[i - 1]);
            Assert.True(File.Exists(Path.Combine(Environment.CurrentDirectory, file)), file);
        }
        Assert.Equal(lines.Length / 2, annotations);
        Assert.Matches(@"::error file=[^,]*2024-11-13-direktionen\.md,line=\d+,col=\d+,title=REF040::", err);

        // The workflow that relies on them runs exactly this command, with actions pinned to full commit SHAs.
        var workflow = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, ".github", "workflows", "validate.yml"));
        Assert.Contains("validate --format github", workflow);
        Assert.Contains("pull_request", workflow);
        foreach (Match uses in Regex.Matches(workflow, @"uses:\s*(\S+)"))
            Assert.Matches(@"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$", uses.Groups[1].Value);
    }

    [Fact]
    public async Task Serve_shows_neither_in_the_terminal_nor_in_the_overlay_closed_text()
    {
        File.WriteAllText(File2024, Archive(errors: false));
        var log = new StringWriter();
        var synced = TextWriter.Synchronized(log);
        await using (var server = await PreviewServer.StartAsync(
            new PreviewOptions(_input, 0, Path.Combine(TestPaths.RepoRoot, "netlify.toml")), synced))
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            await File.WriteAllTextAsync(File2024, Archive(errors: true));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (server.LastDiagnostics.All(d => !d.IsError) && clock.Elapsed < TimeSpan.FromSeconds(20))
                await Task.Delay(25);
            Assert.Contains(server.LastDiagnostics, d => d.IsError);

            // The overlay's data: the event stream sends the last diagnostics to a page that connects.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var response = await http.GetAsync("/_sitegen/events", HttpCompletionOption.ResponseHeadersRead,
                cts.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            string? line;
            while ((line = await reader.ReadLineAsync(cts.Token)) is not null && line != "event: diagnostics") { }
            var data = await reader.ReadLineAsync(cts.Token) ?? "";
            Assert.StartsWith("data: {", data);
            Assert.Contains("punkt 4 (lukket)", data);
            AssertNoSentinel("the overlay", data);
        }
        AssertNoSentinel("serve's terminal", log.ToString());
        Assert.Contains("punkt 4 (lukket)", log.ToString());
    }
}

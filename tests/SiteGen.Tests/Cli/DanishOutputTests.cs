using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SiteGen.Cli;
using SiteGen.Preview;

namespace SiteGen.Tests.Cli;

/// <summary>Issue 14, item 1: what the secretary reads from every command is Danish, with the right singular and
/// plural. Each command runs on good and bad input; its output, without the message part of the machine-form
/// diagnostic lines (the validators' texts are checked with the message catalogue), has no typical English word.
/// </summary>
public sealed class DanishOutputTests : IDisposable
{
    private readonly string _input = TestPaths.CopyOfInput();
    private readonly string _output = Path.Combine(Path.GetTempPath(), "sitegen-out-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        foreach (var dir in new[] { _input, _output })
            try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    /// <summary>Common English words that are not also Danish words ("for", "at", "by", "to", "is" are both).
    /// </summary>
    private static readonly HashSet<string> English =
    [
        "the", "and", "of", "are", "was", "were", "not", "with", "file", "files", "folder", "error", "errors",
        "warning", "warnings", "checked", "built", "meeting", "meetings", "pages", "withheld", "closed", "item",
        "items", "failed", "nothing", "please", "unknown", "unexpected", "option", "needs", "given", "twice", "does",
        "exist", "exists", "must", "wrote", "written", "press", "preview", "rebuilt", "changed", "usage", "internal",
        "overwritten", "committee", "sections", "only", "into", "from", "this", "that", "these", "will", "would",
        "cannot", "could", "should", "which", "what", "when", "while", "because", "before", "after", "other",
        "every", "than", "then", "been", "its", "or", "if", "no", "yes", "still", "showing", "good",
        "report", "run", "use", "taken", "choose", "another", "in", "on", "an", "it",
    ];

    // The machine form's message part is the validators' (another test scans those texts); the rest of the line
    // (path, position, error/warning, code) is the agreed machine form.
    private static readonly Regex MachineLine = new(@"^.*\(\d+,\d+\): (error|warning) [A-Z]+\d+: .*$",
        RegexOptions.Multiline);

    private static readonly Regex Annotation = new(@"^::(error|warning) .*$", RegexOptions.Multiline);

    // Command and option names, paths and addresses are not prose.
    private static readonly Regex NotProse = new(
        @"--[a-z-]+|https?://\S+|\S*[/\\]\S*|\b[\w.-]+\.(yml|md|txt|pdf|toml|html)\b|\.sitegen-output|Ctrl\+C|" +
        @"'(build|validate|serve|new|github)'|sitegen (build|validate|serve|new)|\bPort\b|\bport\b(?= \d)",
        RegexOptions.Multiline);

    private static IEnumerable<string> EnglishWords(string text)
    {
        var prose = NotProse.Replace(Annotation.Replace(MachineLine.Replace(text, ""), ""), " ");
        return Regex.Split(prose.ToLowerInvariant(), @"[^\p{L}]+").Where(English.Contains).Distinct();
    }

    private static void AssertDanish(string what, string text)
    {
        var found = EnglishWords(text).ToList();
        Assert.True(found.Count == 0, $"{what}: English words {string.Join(", ", found)} in:\n{text}");
    }

    private static string Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        Program.Run(args, o, e);
        return o.ToString() + e;
    }

    [Fact]
    public void The_English_word_scan_catches_the_old_messages()
    {
        Assert.NotEmpty(EnglishWords("0 referater checked: 1 errors, 1 warnings."));
        Assert.NotEmpty(EnglishWords("Rebuilt in 721 ms. /"));
        Assert.Empty(EnglishWords("x.md(3,7): error REF010: 'dato' in the meeting must be a real date"));
    }

    [Fact]
    public void Usage_help_and_usage_errors_are_Danish()
    {
        AssertDanish("--help", Run("--help"));
        AssertDanish("no arguments", Run());
        AssertDanish("validate --help", Run("validate", "--help"));
        AssertDanish("unknown command", Run("publish"));
        AssertDanish("unknown option", Run("validate", "--inputt", "x"));
        AssertDanish("option without value", Run("build", "--output"));
        AssertDanish("option twice", Run("build", "--input", _input, "--input", _input));
        AssertDanish("option of another command", Run("serve", "--input", _input, "--output", _output));
        AssertDanish("missing input", Run("validate", "--input", _input + "-findes-ikke"));
        AssertDanish("bad port", Run("serve", "--input", _input, "--port", "http"));
        AssertDanish("bad format", Run("validate", "--input", _input, "--format", "json"));
        AssertDanish("new without options", Run("new", "--input", _input));
        AssertDanish("new bad date", Run("new", "--input", _input, "--udvalg", "Direktionen", "--dato", "2/12-2026"));
        AssertDanish("new unknown udvalg",
            Run("new", "--input", _input, "--udvalg", "Direktionenn", "--dato", "2026-12-02"));
        AssertDanish("build into the input", Run("build", "--input", _input, "--output", _input));
        AssertDanish("report into the input", Run("validate", "--input", _input, "--report",
            Path.Combine(_input, "r.txt")));
        AssertDanish("validate a folder",
            Run("validate", "--input", _input, Path.Combine(_input, "referater", "2024")));
    }

    [Fact]
    public void Validate_build_and_new_speak_Danish_on_good_and_bad_input()
    {
        var good = Run("validate", "--input", _input);
        AssertDanish("validate", good);
        Assert.Contains("3 referater kontrolleret: 0 fejl, 1 advarsel.", good);
        AssertDanish("validate --report", Run("validate", "--input", _input, "--report", "-"));
        var built = Run("build", "--input", _input, "--output", _output, "--no-search");
        AssertDanish("build", built);
        Assert.Matches(@"Bygget: 3 møder, \d+ sider, \d+ filer \(\d+(,\d)? KiB\)", built);
        var made = Run("new", "--input", _input, "--udvalg", "Direktionen", "--dato", "2026-12-02");
        AssertDanish("new", made);
        AssertDanish("new again", Run("new", "--input", _input, "--udvalg", "Direktionen", "--dato", "2026-12-02"));

        var file = Path.Combine(_input, "referater", "2024", "2024-11-13-direktionen.md");
        File.WriteAllText(file, File.ReadAllText(file).Replace("status: åben", "staus: åben"));
        var bad = Run("validate", "--input", _input);
        AssertDanish("validate with errors", bad);
        Assert.Matches(@"\d+ referater kontrolleret: \d+ fejl, \d+ advars", bad);
        AssertDanish("validate FILE with errors", Run("validate", "--input", _input, file));
        AssertDanish("validate --report with errors", Run("validate", "--input", _input, "--report", "-", file));
        AssertDanish("validate --format github", Run("validate", "--input", _input, "--format", "github"));
        AssertDanish("build with errors", Run("build", "--input", _input, "--output", _output, "--no-search"));
    }

    [Theory]
    [InlineData(0, "0 fejl", "0 advarsler", "0 referater")]
    [InlineData(1, "1 fejl", "1 advarsel", "1 referat")]
    [InlineData(2, "2 fejl", "2 advarsler", "2 referater")]
    [InlineData(4, "4 fejl", "4 advarsler", "4 referater")]
    public void Counts_have_the_right_singular_and_plural(int n, string fejl, string advarsler, string referater)
    {
        Assert.Equal(fejl, SiteGen.Common.Antal.Fejl(n));
        Assert.Equal(advarsler, SiteGen.Common.Antal.Advarsler(n));
        Assert.Equal(referater, SiteGen.Common.Antal.Referater(n));
    }

    [Fact]
    public async Task Serve_speaks_Danish_on_start_save_and_error_and_prints_no_stray_slash()
    {
        var log = new StringWriter();
        await using (var server = await PreviewServer.StartAsync(
            new PreviewOptions(_input, 0, Path.Combine(TestPaths.RepoRoot, "netlify.toml")),
            TextWriter.Synchronized(log)))
        {
            var file = Path.Combine(_input, "referater", "2024", "2024-11-13-direktionen.md");
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(file, text.Replace("status: åben", "staus: åben"));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (server.LastDiagnostics.All(d => !d.IsError) && clock.Elapsed < TimeSpan.FromSeconds(20))
                await Task.Delay(25);
            await File.WriteAllTextAsync(file, text);
            while (server.LastDiagnostics.Any(d => d.IsError) && clock.Elapsed < TimeSpan.FromSeconds(40))
                await Task.Delay(25);
        }
        var all = log.ToString();
        AssertDanish("serve", all);
        Assert.Contains("Der er ", all);
        Assert.Contains("Opdateret på ", all);
        Assert.DoesNotMatch(@"(?m) /\r?$", all); // "Rebuilt in 721 ms. /": the address before there was one
        // The saved file's error first; the other file's warning folded into one line.
        var lines = all.Split('\n');
        var error = Array.FindIndex(lines, l => l.Contains("2024-11-13-direktionen.md(") && l.Contains("error"));
        Assert.True(error >= 0, all);
        Assert.Contains("1 advarsel i andre filer", lines[(error + 1)..].First(l => !l.Contains("2024-11-13")));
    }

    [Fact]
    public void Diagnostics_of_the_saved_file_come_first_and_warnings_elsewhere_fold_into_one_line()
    {
        static SiteGen.Diagnostics.Diagnostic D(string file, bool error, int line) => new("REF047",
            error ? SiteGen.Diagnostics.Severity.Error : SiteGen.Diagnostics.Severity.Warning, file, line, 1, "x");
        var all = new[] { D("a.md", false, 1), D("a.md", false, 2), D("b.md", true, 3), D("c.md", false, 4),
            D("mit.md", false, 5), D("mit.md", true, 6) };
        var (lines, folded) = PreviewServer.SavedFirst(all, ["mit.md"]);
        Assert.Equal(["mit.md(5,1): warning REF047: x", "mit.md(6,1): error REF047: x", "b.md(3,1): error REF047: x"],
            lines);
        Assert.Equal("3 advarsler i andre filer (kør 'sitegen validate' for at se dem).", folded);
        Assert.StartsWith("1 advarsel i andre filer",
            PreviewServer.SavedFirst([D("a.md", false, 1)], ["mit.md"]).Folded);
        Assert.StartsWith("4 advarsler i 3 filer", PreviewServer.SavedFirst(all, []).Folded);
        Assert.Null(PreviewServer.SavedFirst([D("mit.md", false, 1)], ["mit.md"]).Folded);
    }

    [Fact]
    public async Task A_port_held_by_another_program_makes_serve_take_the_next_and_say_so_in_Danish()
    {
        using var held = new TcpListener(IPAddress.Loopback, 0);
        held.Start();
        var port = ((IPEndPoint)held.LocalEndpoint).Port;
        var log = new StringWriter();
        await using var server = await PreviewServer.StartAsync(
            new PreviewOptions(_input, port, Path.Combine(TestPaths.RepoRoot, "netlify.toml")),
            TextWriter.Synchronized(log));
        Assert.NotEqual(port, new Uri(server.Url).Port);
        Assert.InRange(new Uri(server.Url).Port, port + 1, port + 9);
        Assert.Contains($"Port {port} er optaget af et andet program; forhåndsvisningen bruger port " +
            $"{new Uri(server.Url).Port} i stedet. Vælg selv en port med --port <n>.", log.ToString());
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task When_every_port_tried_is_taken_serve_says_which_option_chooses_another_and_exits_2()
    {
        var listeners = HoldTenPorts(out var first);
        try
        {
            var o = new StringWriter();
            var e = new StringWriter();
            var run = Task.Run(() => Program.Run(["serve", "--input", _input, "--port",
                first.ToString(System.Globalization.CultureInfo.InvariantCulture)], o, e));
            Assert.Equal(Program.Usage, await run.WaitAsync(TimeSpan.FromSeconds(120))); // a hang fails here
            Assert.Contains(
                $"port {first}–{first + 9} er optaget af andre programmer. Vælg en anden port med --port <n>",
                e.ToString());
            Assert.DoesNotContain("intern fejl", e.ToString());
            AssertDanish("serve on taken ports", o.ToString() + e);
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }

    private static List<TcpListener> HoldTenPorts(out int first)
    {
        var random = new Random();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            first = random.Next(20_000, 60_000);
            var held = new List<TcpListener>();
            try
            {
                for (var p = first; p < first + 10; p++)
                {
                    var l = new TcpListener(IPAddress.Loopback, p);
                    l.Start();
                    held.Add(l);
                }
                return held;
            }
            catch (SocketException)
            {
                foreach (var l in held) l.Stop();
            }
        }
        throw new InvalidOperationException("no ten free ports in a row");
    }
}

using System.Diagnostics;
using SiteGen.Cli;

namespace SiteGen.Tests.Cli;

/// <summary>The secretariat's commands: new, the withheld report, netlify.toml.</summary>
public class WorkflowCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void New_writes_the_next_referat_with_standing_items_and_it_validates_once_filled()
    {
        var input = TestPaths.CopyOfInput();
        try
        {
            var (code, output, err) = Run("new", "--udvalg", "Direktionen", "--dato", "2026-12-02", "--input", input);
            Assert.True(code == 0, err);
            var file = Path.Combine(input, "referater", "2026", "2026-12-02-direktionen.md");
            Assert.Contains(file, output);
            var text = File.ReadAllText(file);
            Assert.Contains("udvalg: \"Direktionen\"", text);
            Assert.Contains("## 1. Udmøntningsplan 2025-2028 - Strategiske og tværgående indsatser", text); // the last meeting's item
            Assert.Contains("Kommunaldirektør Jonas Kroustrup", text);              // its members

            // The secretary fills in every empty section; then the file passes validation.
            var filled = System.Text.RegularExpressions.Regex.Replace(text, @"(### [^\n]+\n)\n", "$1\nUdfyldt tekst.\n");
            File.WriteAllText(file, filled);
            var (vcode, _, verr) = Run("validate", "--input", input);
            Assert.True(vcode == 0, verr);

            // It refuses to overwrite.
            var (again, _, againErr) = Run("new", "--udvalg", "Direktionen", "--dato", "2026-12-02", "--input", input);
            Assert.Equal(1, again);
            Assert.Contains("findes allerede", againErr);
            Assert.Equal(filled, File.ReadAllText(file));
        }
        finally { Directory.Delete(input, true); }
    }

    [Fact]
    public void New_with_an_unknown_committee_names_the_known_ones()
    {
        var (code, _, err) = Run("new", "--udvalg", "Direktionenn", "--dato", "2026-12-02", "--input", TestPaths.SampleInput);
        Assert.Equal(1, code);
        Assert.Contains("Direktionen", err);
        Assert.False(File.Exists(Path.Combine(TestPaths.SampleInput, "referater", "2026", "2026-12-02-direktionenn.md")));
    }

    [Fact]
    public void Withheld_report_lists_exactly_the_closed_parts_and_never_enters_the_site()
    {
        var input = TestPaths.CopyOfInput();
        var output = Path.Combine(Path.GetTempPath(), "sitegen-out-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(Path.Combine(input, "referater", "2024", "2024-12-04-direktionen.md"), """
                ---
                udvalg: Direktionen
                dato: 2024-12-04
                start: "09:00"
                slut: "12:00"
                sted: Mødelokale 250, rådhuset
                medlemmer:
                  - Kommunaldirektør Jonas Kroustrup
                punkter:
                  - nr: 1
                    status: åben
                    bilag:
                      - nr: 1
                        status: åben
                        titel: Åbent notat
                      - nr: 2
                        status: lukket
                        titel: Fortrolig personsag
                  - nr: 2
                    status: lukket
                    offentlig_titel: Personalesag
                    bilag:
                      - nr: 1
                        status: åben
                        titel: Udtalelse fra lægen
                ---

                ## 1. Åbent punkt

                ### Sagsfremstilling

                Tekst.

                ### Beslutning

                Godkendt.

                ## 2. Afskedigelse af medarbejder

                ### Sagsfremstilling

                Lukket tekst.
                """);
            // Beside the input, not in it (the input folder is refused too, since the report lists closed content).
            var report = output + "-withheld.txt";
            var (code, _, err) = Run("build", "--input", input, "--output", output, "--report", report);
            Assert.True(code == 0, err);
            var text = File.ReadAllText(report);
            var section = text[text.IndexOf("Direktionen 2024-12-04", StringComparison.Ordinal)..];
            section = section[..(section.IndexOf("\n\n", StringComparison.Ordinal) is var end and > 0 ? end : section.Length)];
            var lines = section.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Trim()).ToList();
            Assert.Equal(3, lines.Count);
            Assert.Contains("Punkt 1, bilag 2: LUKKET bilag \"Fortrolig personsag\"", lines[0]);
            Assert.Contains("Punkt 2: LUKKET punkt \"Afskedigelse af medarbejder\"", lines[1]);
            Assert.Contains("bilag 1: \"Udtalelse fra lægen\" (lukket, fordi punktet er lukket)", lines[2]);
            Assert.DoesNotContain("Åbent notat", section);

            // Refused when it would land inside the published folder.
            var (bad, _, badErr) = Run("build", "--input", input, "--output", output, "--report", Path.Combine(output, "r.txt"));
            Assert.Equal(2, bad);
            Assert.Contains("--report", badErr);
        }
        finally
        {
            Directory.Delete(input, true);
            if (Directory.Exists(output)) Directory.Delete(output, true);
            File.Delete(output + "-withheld.txt");
        }
    }

    [Fact]
    public void Netlify_toml_publishes_output_with_strict_security_headers()
    {
        // Read with a real TOML parser (Python's tomllib), not our own subset reader.
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-c", "import json,sys,tomllib; print(json.dumps(tomllib.load(open(sys.argv[1],'rb'))))", Path.Combine(TestPaths.RepoRoot, "netlify.toml") },
        };
        using var p = Process.Start(psi)!;
        var json = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("output", root.GetProperty("build").GetProperty("publish").GetString());
        var all = root.GetProperty("headers").EnumerateArray().Single(h => h.GetProperty("for").GetString() == "/*").GetProperty("values");
        var csp = all.GetProperty("Content-Security-Policy").GetString()!;
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("'wasm-unsafe-eval'", csp);          // Pagefind's WebAssembly
        Assert.DoesNotContain("'unsafe-inline'", csp);
        Assert.DoesNotContain("http", csp);                   // no other host
        Assert.Equal("nosniff", all.GetProperty("X-Content-Type-Options").GetString());
        foreach (var h in new[] { "Referrer-Policy", "Permissions-Policy", "Strict-Transport-Security" })
            Assert.False(string.IsNullOrEmpty(all.GetProperty(h).GetString()), h);
        var assets = root.GetProperty("headers").EnumerateArray().Single(h => h.GetProperty("for").GetString() == "/assets/*");
        Assert.Contains("immutable", assets.GetProperty("values").GetProperty("Cache-Control").GetString());
        // Attachments are downloads, never shown as pages of the site's origin.
        var bilag = root.GetProperty("headers").EnumerateArray().Single(h => h.GetProperty("for").GetString() == "/:udvalg/:dato/bilag/*");
        Assert.Equal("attachment", bilag.GetProperty("values").GetProperty("Content-Disposition").GetString());
    }

    [Fact]
    public void Diagnostics_become_workflow_annotations_on_GitHub()
    {
        var input = TestPaths.CopyOfInput();
        try
        {
            var file = Directory.GetFiles(Path.Combine(input, "referater"), "*.md", SearchOption.AllDirectories).Order().First();
            File.WriteAllText(file, File.ReadAllText(file).Replace("status: åben", "staus: åben"));
            Environment.SetEnvironmentVariable("GITHUB_ACTIONS", "true");
            var (code, _, err) = Run("validate", "--input", input);
            Assert.Equal(1, code);
            Assert.Matches(@"::error file=[^,]+\.md,line=\d+,col=\d+,title=[A-Z]+\d+::", err);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GITHUB_ACTIONS", null);
            Directory.Delete(input, true);
        }
    }
}

using System.Text.RegularExpressions;
using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>No English message slips back (issue 14): the diagnostics a secretary reads are Danish. Two nets: the
/// validator run over a broad corpus of bad input (the fixtures and a list of typical mistakes, covering most
/// codes), and a scan of the string literals in the code that writes the messages. See docs/diagnostics.md.
/// </summary>
public partial class EnglishMessageTests
{
    /// <summary>Common English words that no Danish message holds (whole words, any case). Technical names that
    /// are the same in both languages (YAML, HTML, Markdown, UTF-8, Unicode character names in parentheses) are
    /// not on the list.</summary>
    private static readonly string[] EnglishWords =
    [
        "the", "must", "should", "found", "expected", "missing", "invalid", "cannot", "not", "allowed", "is", "are",
        "has", "have", "please", "remove", "add", "write", "unknown", "did", "you", "mean", "of", "with", "was",
        "be", "this", "file", "item", "attachment", "key", "value", "heading", "section", "committee", "meeting",
        "empty", "while", "scanning", "parsing", "could", "does", "only", "must", "instead", "which", "would",
    ];

    [GeneratedRegex(@"\p{L}+")] private static partial Regex Word();

    [GeneratedRegex(@"'[^']*'")] private static partial Regex Quoted();

    /// <summary>The English words in a message (empty when it is Danish). Quoted parts ('…': the user's own
    /// values, paths) are not looked at.</summary>
    public static IReadOnlyList<string> EnglishWordsIn(string message) =>
        Word().Matches(Quoted().Replace(message, " ")).Select(m => m.Value)
            .Where(w => EnglishWords.Contains(w, StringComparer.OrdinalIgnoreCase)).Distinct().ToList();

    /// <summary>Typical mistakes, one per line of <see cref="TestInput.Valid"/> (find, replace).</summary>
    public static readonly TheoryData<string, string> Mistakes = new()
    {
        { "udvalg: Direktionen", "udvalg: Direktion" },
        { "udvalg: Direktionen", "udvalg:" },
        { "udvalg: Direktionen", "udvalg: [Direktionen]" },
        { "dato: 2024-11-13", "dato: 2024-02-30" },
        { "dato: 2024-11-13", "dato: 13/11-2024" },
        { "dato: 2024-11-13", "dato: 2024-11-14" },
        { "start: \"09:00\"", "start: \"kl. 9\"" },
        { "start: \"09:00\"", "start: \"midt på dagen\"" },
        { "slut: \"13:00\"", "slut: \"08:00\"" },
        { "sted: Mødelokale 250, rådhuset", "sted: Rådhuset, lokale 2: stuen" },
        { "sted: Mødelokale 250, rådhuset", "sted: “Rådhuset”" },
        { "sted: Mødelokale 250, rådhuset", "sted: Rådhuset 010190-1234 jens@x.dk 89591000" },
        { "sted: Mødelokale 250, rådhuset", "sted: \"Rådhuset" },
        { "sted: Mødelokale 250, rådhuset", "sted: &a Rådhuset" },
        { "sted: Mødelokale 250, rådhuset", "sted: !x Rådhuset" },
        { "sted: Mødelokale 250, rådhuset", "sted: \"x\\x07\"" },
        { "sted: Mødelokale 250, rådhuset", "sted: Udfyld mødested" },
        { "sted: Mødelokale 250, rådhuset", "sted: Rådhuset\ntype: møde\npubliceret: i går" },
        { "medlemmer:\n", "medlemer:\n" },
        { "  - Kommunaldirektør Jonas Kroustrup\n", "  -\n" },
        { "  - Velfærdsdirektør Lene Mehlsen Thomsen\nfraværende", "  - Velfærdsdirektør Lene\nfraværende" },
        { "punkter:\n  - nr: 1", "punkter:\n\t- nr: 1" },
        { "  - nr: 1\n    status: åben", "  - nr: 1\n    status: aaben" },
        { "  - nr: 1\n    status: åben", "  - nr: 1\n    status: skjult" },
        { "  - nr: 1\n    status: åben", "  - nr: 1\n    staus: åben" },
        { "  - nr: 1\n    status: åben", "  - nr: 1\n    status: åben\n    offentlig_titel: x" },
        { "  - nr: 1\n", "  - nr: 4\n" },
        { "  - nr: 1\n", "  - nr: x\n" },
        { "sagsnr: 24/7615", "sagsnr: 2024-7615" },
        { "dokument: 108223/24", "dokument: 108223-24" },
        { "fil: bilag/108223-24.pdf", "fil: bilag/findes-ikke.pdf" },
        { "fil: bilag/108223-24.pdf", "fil: /etc/passwd" },
        { "fil: bilag/108223-24.pdf", "fil: bilag/notat.html" },
        { "fil: bilag/108223-24.pdf", "fil: ../2024-11-13-direktionen.md" },
        { "        titel: Organisering af beredskab\n", "" },
        { "      - nr: 2\n        status: lukket\n---", "      - nr: 1\n        status: lukket\n---" },
        { "---\n\n## 1.", "--\n\n## 1." },
        { "---\nudvalg", "----\nudvalg" },
        { "---\n\n## 1.", "\n## 1." },
        { "## 1. Beslutningsprotokoller", "# Overskrift\n\n## 1. Beslutningsprotokoller" },
        { "## 1. Beslutningsprotokoller", "Løs tekst.\n\n## 1. Beslutningsprotokoller" },
        { "## 1. Beslutningsprotokoller og dagsordener\n\n", "## 1. Beslutningsprotokoller og dagsordener\n\nLøs.\n\n" },
        { "## 3. Punkter til behandling", "## 3 Punkter til behandling" },
        { "## 3. Punkter til behandling", "## 4. Punkter til behandling" },
        { "### Indstilling", "### Indstiling" },
        { "### Indstilling", "### Bilag" },
        { "### Indstilling", "### 4. Nyt punkt" },
        { "### Beslutning i Direktionen den 13-11-2024", "### Beslutning i Økonomiudvalget den 14-11-2024" },
        { "### Beslutning\n\nPunkterne blev behandlet.", "### Sagsfremstilling\n\n<b>x</b>" },
        { "Det indstilles, at notatet godkendes.", "" },
        { "Rul november", "Ring 89 59 10 00 eller skriv til a@b.dk, CPR 010190-1234, <script>x</script>" },
        { "Rul november", "\f\u0007Rul november &#7;" },
        { "Rul november", "Rul " + string.Concat(Enumerable.Repeat("[a](b)", 300)) },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Every_message_about_a_typical_mistake_is_danish(string find, string replace)
    {
        var (input, result) = TestInput.Mutated(find, replace);
        using var _ = input;
        Assert.NotEmpty(result.Diagnostics);
        AssertDanish(result.Diagnostics);
    }

    [Fact]
    public void The_mistakes_cover_most_codes_and_every_message_of_the_fixtures_is_danish()
    {
        var codes = new HashSet<string>();
        foreach (var row in Mistakes)
        {
            var (input, result) = TestInput.Mutated((string)row[0], (string)row[1]);
            using var _ = input;
            codes.UnionWith(result.Diagnostics.Select(d => d.Code));
        }
        // A broad net: a new kind of message is caught here as soon as a mistake above triggers it.
        Assert.True(codes.Count >= 45, $"only {codes.Count} codes: {string.Join(' ', codes.Order())}");

        var fixtures = Path.Combine(TestPaths.RepoRoot, "tests", "SiteGen.Tests", "Fixtures");
        foreach (var dir in Directory.EnumerateFiles(fixtures, "site.yml", SearchOption.AllDirectories))
            AssertDanish(Validator.Run(Path.GetDirectoryName(dir)!).Diagnostics);
    }

    [Fact]
    public void The_text_and_site_settings_of_a_broken_site_yml_are_reported_in_danish()
    {
        using var input = new TestInput("titel: [x\nbase_url: ftp://x\n");
        input.Write(TestInput.ReferatPath, TestInput.Valid);
        AssertDanish(input.Run().Diagnostics);
        using var other = new TestInput("titel: x\nkommune: y\nbase_url: ftp://x\nudvalg:\n  - navn: A\n  - navn: a\n" +
            "sektioner: []\nbaseurl: x\n");
        AssertDanish(other.Run().Diagnostics);
    }

    /// <summary>The string literals of the code that writes diagnostics (validation, content, common, the template
    /// and asset messages): no English sentence may come back there. The parser's English texts that are
    /// recognised to be translated (<c>Has("…")</c>) are the only exception.</summary>
    [Fact]
    public void No_english_sentence_in_the_message_code()
    {
        var src = Path.Combine(TestPaths.RepoRoot, "src", "SiteGen");
        var files = new[] { "Validation", "Content", "Common" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(src, d), "*.cs"))
            .Append(Path.Combine(src, "Rendering", "TemplateSet.cs"))
            .Append(Path.Combine(src, "Rendering", "PageRenderer.cs"));
        var found = new List<string>();
        foreach (var file in files)
            foreach (var (line, n) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
            {
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal) || line.Contains("Has(\"")) continue;
                foreach (Match literal in Literal().Matches(line))
                {
                    // Prose only: interpolation holes ({...}) hold code, whose names are English.
                    var prose = Hole().Replace(Hole().Replace(literal.Groups[1].Value, " "), " ");
                    if (EnglishWordsIn(prose).Count >= 2) found.Add($"{Path.GetFileName(file)}:{n}: {literal.Value}");
                }
            }
        Assert.Empty(found);
    }

    [GeneratedRegex(@"\{[^{}]*\}|\{[^{}]*$|^[^{}]*\}")] private static partial Regex Hole();

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"")] private static partial Regex Literal();

    private static void AssertDanish(IEnumerable<SiteGen.Diagnostics.Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
            Assert.True(EnglishWordsIn(d.Message).Count == 0, $"English in {d.Code}: {d.Message}");
    }
}

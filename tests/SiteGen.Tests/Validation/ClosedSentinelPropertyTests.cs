using System.Text;
using CsCheck;
using SiteGen.Diagnostics;
using SiteGen.Tests.Rendering;

namespace SiteGen.Tests.Validation;

/// <summary>Property (issue 12): random referater whose closed item carries the sentinel in its title, text,
/// sagsgang and attachments, with YAML anchors, aliases, tags and merge keys, bad characters and hostile Markdown
/// mixed in, are built for real. Either the build refuses with an error (never an internal one), or no output
/// byte holds the sentinel.</summary>
public sealed class ClosedSentinelPropertyTests : IDisposable
{
    private const string Sentinel = "SENTINELxyz";
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-sentinel-").FullName;

    private string Input => Path.Combine(_dir, "input");

    public ClosedSentinelPropertyTests()
    {
        Repo.CopyDir(Path.Combine(Repo.Root, "tests", "SiteGen.Tests", "Fixtures", "site-small"), Input);
        Repo.CopyDir(Repo.Templates, Path.Combine(Input, "templates"));
        Repo.CopyDir(Repo.Assets, Path.Combine(Input, "assets"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Each field: its plain value first (chosen 4 times in 5), then the tricks.</summary>
    private static readonly string[][] Fields =
    [
        /* 0 open status */ ["åben", "!lukket åben", "&os åben", "Åben", "!!str åben"],
        /* 1 open sagsgang */ ["DIR", "*s", "*cs", "&o DIR", "\"DIR\\u0000\"", "!!binary U0VOVElORUx4eXo="],
        /* 2 open bilag */ ["", "    bilag: *b", "    bilag:\n      - *b1",
            "    bilag:\n      - nr: 1\n        status: lukket\n        titel: SENTINELxyz bilag på åbent punkt",
            "    bilag:\n      - <<: *b1\n        status: åben"],
        /* 3 closed head */ ["  - nr: 2", "  - &c2\n    nr: 2", "  - !lukket\n    nr: 2"],
        /* 4 closed status */ ["lukket", "LUKKET", "&cs lukket", "!!str lukket", "'lukket'", "Lukket"],
        /* 5 closed sagsgang */ ["SENTINELxyz sagsgang", "&s SENTINELxyz sagsgang", "\"SENTINELxyz \\x07\"",
            "!t SENTINELxyz"],
        /* 6 closed bilag */ ["    bilag:\n      - nr: 1\n        status: lukket\n        titel: SENTINELxyz bilag",
            "    bilag: &b\n      - nr: 1\n        status: lukket\n        titel: SENTINELxyz bilag",
            "    bilag:\n      - &b1\n        nr: 1\n        status: lukket\n        titel: SENTINELxyz bilag",
            "    bilag:\n      - nr: 1\n        status: lukket\n        titel: !åben SENTINELxyz bilag"],
        /* 7 third item */ ["    status: åben", "    <<: *c2", "    status: *cs",
            "    status: åben\n    sagsgang: *s",
            "    ? status\n    : åben"],
        /* 8 sted */ ["Rådhuset", "Råd\fhuset", "\"Råd\\ehuset\"", "Rådhuset &#7;", "Råd\u0085huset"],
        /* 9 open text */ ["Åben tekst.", "Åben\ftekst.", "Åben &#1; tekst.", "Åben\0tekst.",
            "Åben " + string.Concat(Enumerable.Repeat("<div>", 150)), string.Concat(Enumerable.Repeat("[a](", 300)),
            "Åben \uFFFE tekst."],
        /* 10 closed text */ ["SENTINELxyz lukket tekst.", "SENTINELxyz\flukket.", "SENTINELxyz \u001B[2J.",
            "SENTINELxyz " + string.Concat(Enumerable.Repeat("<b>", 120))],
        /* 11 closed heading */ ["## 2. SENTINELxyz lukket titel", "## 2. SENTINELxyz\u0007 titel",
            "##2. SENTINELxyz titel"],
    ];

    private static string Referat(int[] choice)
    {
        string F(int field) =>
            choice[field] < 80 ? Fields[field][0] : Fields[field][1 + choice[field] % (Fields[field].Length - 1)];
        return $"""
            ---
            udvalg: Direktionen
            dato: 2024-11-13
            start: "09:00"
            slut: "13:00"
            sted: {F(8)}
            medlemmer:
              - Kommunaldirektør Jonas Kroustrup
            punkter:
              - nr: 1
                status: {F(0)}
                sagsgang: {F(1)}
            {F(2)}
            {F(3)}
                status: {F(4)}
                sagsgang: {F(5)}
                offentlig_titel: Personalesag
            {F(6)}
              - nr: 3
            {F(7)}
            ---

            ## 1. Åbent punkt

            ### Sagsfremstilling

            {F(9)}

            {F(11)}

            ### Sagsfremstilling

            {F(10)}

            ## 3. Tredje punkt

            ### Beslutning

            Godkendt.

            """;
    }

    [Fact]
    public void Closed_text_is_refused_or_never_published()
    {
        var referat = Path.Combine(Input, "referater", "2024", "2024-11-13-direktionen.md");
        var built = 0;
        var refused = 0;
        Gen.Int[0, 99].Array[Fields.Length].Sample(choice =>
        {
            File.WriteAllText(referat, Referat(choice), new UTF8Encoding(false));
            var output = Path.Combine(_dir, "output-" + Guid.NewGuid().ToString("N"));
            var result = Pipeline.Build(new BuildOptions(Input, output, Search: false), TextWriter.Null);
            Assert.DoesNotContain(result.Diagnostics, d => d.Code is Codes.Internal or Codes.SiteInternal);
            if (!result.Succeeded)
            {
                Assert.Contains(result.Diagnostics, d => d.IsError);
                Assert.False(Directory.Exists(output)
                    && Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Any());
                refused++;
                return;
            }
            built++;
            foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
            {
                var bytes = File.ReadAllBytes(file);
                Assert.True(Encoding.UTF8.GetString(bytes).IndexOf(Sentinel, StringComparison.OrdinalIgnoreCase) < 0
                    && Path.GetFileName(file).IndexOf(Sentinel, StringComparison.OrdinalIgnoreCase) < 0,
                    $"sentinel in {Path.GetRelativePath(output, file)}");
            }
            Directory.Delete(output, recursive: true);
        }, iter: 60, threads: 1, print: c => Referat(c));
        // Both outcomes happened, so the property was tested on published sites too.
        Assert.True(built > 0 && refused > 0, $"built {built}, refused {refused}");
    }
}

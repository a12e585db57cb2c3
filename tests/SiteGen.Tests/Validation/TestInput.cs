using System.Text;
using SiteGen.Validation;
using SiteGen.Diagnostics;

namespace SiteGen.Tests.Validation;

/// <summary>A throw-away input folder: site.yml, referat files and attachments, then Validator.Run.</summary>
public sealed class TestInput : IDisposable
{
    public const string DefaultSite = """
        titel: Referater fra Norddjurs Kommune
        kommune: Norddjurs Kommune
        base_url: https://referater.norddjurs.dk/
        udvalg:
          - navn: Direktionen
          - navn: Økonomiudvalget
            beskrivelse: Kommunens økonomi
        """;

    public const string ReferatPath = "referater/2024/2024-11-13-direktionen.md";

    /// <summary>A minimal valid referat. Line numbers matter: tests point at them.</summary>
    public const string Valid = """
        ---
        udvalg: Direktionen
        dato: 2024-11-13
        start: "09:00"
        slut: "13:00"
        sted: Mødelokale 250, rådhuset
        medlemmer:
          - Kommunaldirektør Jonas Kroustrup
          - Velfærdsdirektør Lene Mehlsen Thomsen
        fraværende:
          - Velfærdsdirektør Lene Mehlsen Thomsen
        punkter:
          - nr: 1
            status: åben
            sagsnr: 24/7615
            sagsgang: DIR
          - nr: 2
            status: lukket
            offentlig_titel: Personalesag
            bilag:
              - nr: 1
                status: lukket
          - nr: 3
            status: Åben
            bilag:
              - nr: 1
                status: åben
                titel: Organisering af beredskab
                dokument: 108223/24
                fil: bilag/108223-24.pdf
              - nr: 2
                status: lukket
        ---

        ## 1. Beslutningsprotokoller og dagsordener

        ### Sagsfremstilling

        Rul november: ØK d. 12/11 2024, KB d. 19/11 2024

        - Gruppeformandsmøde d. 12. november

        #### Detaljer

        | a | b |
        |---|---|
        | 1 | 2 |

        ### Beslutning

        Punkterne blev behandlet.

        ## 2. Ansættelse af ny direktør

        ### Sagsfremstilling

        Fortroligt.

        ## 3. Punkter til behandling

        ### Indstilling

        Det indstilles, at notatet godkendes.

        ### Beslutning i Direktionen den 13-11-2024

        Godkendt.

        """;

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "sitegen-validation-" + Guid.NewGuid().ToString("N"));

    public TestInput(string? site = DefaultSite)
    {
        Directory.CreateDirectory(Dir);
        if (site is not null) Write("site.yml", site);
        Write("referater/2024/bilag/108223-24.pdf", "%PDF-1.4 test");
    }

    public string Write(string relative, string text) => WriteBytes(relative, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relative, byte[] bytes)
    {
        var full = Path.Combine(Dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    /// <summary>The file as diagnostics name it: relative to the working directory, forward slashes.</summary>
    public string Shown(string relative) =>
        Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(Dir, relative)).Replace('\\', '/');

    public ValidationResult Run() => Validator.Run(Dir);

    /// <summary>Writes <see cref="Valid"/> with one text replacement (which must occur) and validates.</summary>
    public static (TestInput Input, ValidationResult Result) Mutated(string find, string replace, string path = ReferatPath)
    {
        var input = new TestInput();
        Assert.Contains(find, Valid);
        input.Write(path, Replace(Valid, find, replace));
        return (input, input.Run());
    }

    public static string Replace(string text, string find, string replace)
    {
        var i = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(i >= 0, $"'{find}' not in the template");
        return text[..i] + replace + text[(i + find.Length)..];
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

public static class Expect
{
    /// <summary>Exactly one diagnostic with this code, at this file, line and column.</summary>
    public static Diagnostic One(ValidationResult result, string code, string file, int line, int column)
    {
        var matches = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"expected one {code}, got:\n{string.Join('\n', result.Diagnostics)}");
        var d = matches[0];
        Assert.Equal((file, line, column), (d.File, d.Line, d.Column));
        if (d.IsError) Assert.Empty(result.Referater);
        return d;
    }

    /// <summary>At least one diagnostic with this code at this position (others with the code may exist).</summary>
    public static Diagnostic At(ValidationResult result, string code, string file, int line, int column)
    {
        var d = result.Diagnostics.FirstOrDefault(d => d.Code == code && d.File == file && d.Line == line && d.Column == column);
        Assert.True(d is not null, $"expected {code} at {file}({line},{column}), got:\n{string.Join('\n', result.Diagnostics)}");
        return d!;
    }

    public static void Clean(ValidationResult result) =>
        Assert.True(result.Diagnostics.IsEmpty, string.Join('\n', result.Diagnostics));
}

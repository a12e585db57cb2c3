using System.Text;
using System.Text.RegularExpressions;
using SiteGen.Cli;
using SiteGen.Publishing;
using SiteGen.Validation;

namespace SiteGen.Tests.Import;

/// <summary>A throw-away input folder (the shipped site.yml, and the shipped referater asked for) to import
/// exports into, with helpers to run `sitegen import` and to describe a published meeting for comparison.</summary>
public sealed partial class ImportWorkspace : IDisposable
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "sitegen-import-" + Guid.NewGuid().ToString("N"));
    public string Exports => Path.Combine(Dir, "exports");
    public string Input => Path.Combine(Dir, "input");

    public ImportWorkspace(params string[] shipped)
    {
        Directory.CreateDirectory(Exports);
        Directory.CreateDirectory(Path.Combine(Input, "referater"));
        File.Copy(Path.Combine(TestPaths.SampleInput, "site.yml"), Path.Combine(Input, "site.yml"));
        foreach (var relative in shipped)
        {
            var target = Path.Combine(Input, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(TestPaths.SampleInput, relative), target);
        }
    }

    public static string Seed(string name) =>
        File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "SiteGen.Tests", "Import", "Seeds", name));

    public string Export(string name, string text) => ExportBytes(name, Encoding.UTF8.GetBytes(text));

    public string ExportBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(Exports, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>`sitegen import --input <input> paths…` through the CLI entry point.</summary>
    public (int Exit, string Out, string Err) Run(params string[] paths)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(["import", "--input", Input, .. paths], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public string Referat(string relative) => File.ReadAllText(Path.Combine(Input, "referater", relative));

    /// <summary>The published meeting of <paramref name="dato"/> in <paramref name="input"/>, after the real
    /// validator and publisher; the validation must have no errors.</summary>
    public static PublicMeeting Published(string input, string dato)
    {
        var validation = Validator.Run(input);
        Assert.False(validation.HasErrors, string.Join("\n", validation.Diagnostics));
        return Publisher.Run(validation).Site.Meetings.Single(m => m.Dato.ToString("yyyy-MM-dd") == dato);
    }

    /// <summary>The substance of a published meeting, one line per fact: meeting data, then per item its number,
    /// status, title, case number, route, section names, decision (words only) and attachments.</summary>
    public static List<string> Describe(PublicMeeting m, Func<string, string>? fold = null)
    {
        fold ??= s => s;
        var lines = new List<string>
        {
            $"møde {m.Udvalg.Navn} {m.Dato:yyyy-MM-dd} {m.Start}-{m.Slut} {fold(m.Sted)} {m.Type}",
            $"medlemmer {fold(string.Join("; ", m.Medlemmer))} / fraværende {string.Join("; ", m.Fravaerende)}",
        };
        foreach (var p in m.Punkter)
        {
            if (p is ClosedPunkt c)
            {
                lines.Add($"punkt {c.Nr} lukket {c.OffentligTitel}");
                continue;
            }
            var o = (OpenPunkt)p;
            lines.Add($"punkt {o.Nr} åben titel={fold(o.Titel)} sagsnr={o.Sagsnr} sagsgang={fold(o.Sagsgang ?? "")}");
            lines.Add($"punkt {o.Nr} sektioner={string.Join(",", o.Sektioner.Select(s => s.Navn))}");
            if (o.Sektioner.FirstOrDefault(s => s.ErBeslutning) is { } b)
                lines.Add($"punkt {o.Nr} beslutning={Words(fold(b.Markdown.Read()))}");
            foreach (var bilag in o.Bilag)
                lines.Add(bilag is OpenBilag ob
                    ? $"punkt {o.Nr} bilag {ob.Nr} åben {fold(ob.Titel)} ({ob.Dokument})"
                    : $"punkt {o.Nr} bilag {bilag.Nr} lukket");
        }
        return lines;
    }

    /// <summary>The words of a Markdown text (letters and digits), so list markers, emphasis and line breaks do
    /// not count.</summary>
    public static string Words(string markdown) =>
        string.Join(' ', WordPattern().Matches(markdown).Select(x => x.Value));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    public void Dispose()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

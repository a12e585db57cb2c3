using SiteGen.Diagnostics;
using SiteGen.Import;
using SiteGen.Validation;

namespace SiteGen.Cli;

/// <summary>`sitegen import [--input dir] PATH...`: the meeting system's exports (.txt, .md, .pdf; folders are
/// searched for them) into referat files. Exit 0 when every export was imported, 1 when some were not (the
/// others are still written), 2 for wrong usage.</summary>
public static class ImportCommand
{
    private const string Help = """
        sitegen import: indlæser eksporter fra dagsordenssystemet (.txt, .md eller .pdf) som referatfiler.

        Brug:
          sitegen import [--input <mappe>] <fil eller mappe>...

        Hver eksport bliver til én fil i <mappe>/referater/<år>/<dato>-<udvalg>.md (standard: input).
        En fil, der findes i forvejen, bliver aldrig overskrevet.

        Afslutningskoder: 0 alle eksporter er importeret, 1 nogle blev ikke importeret (de andre er skrevet),
        2 forkert brug.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var input = "input";
        var paths = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help") { stdout.WriteLine(Help); return Program.Ok; }
            if (a == "--input" || a.StartsWith("--input=", StringComparison.Ordinal))
            {
                if (a.Length > "--input".Length) input = a["--input=".Length..];
                else if (i + 1 < args.Length) input = args[++i];
                else return Usage(stderr, "--input skal efterfølges af en mappe.");
                continue;
            }
            if (a.StartsWith("--", StringComparison.Ordinal)) return Usage(stderr, $"ukendt tilvalg " +
                $"'{Diagnostic.Visible(a)}'.");
            paths.Add(a);
        }
        if (paths.Count == 0) return Usage(stderr, "angiv mindst én eksport (fil eller mappe) der skal importeres.");
        if (!Directory.Exists(input)) return Usage(stderr, $"inputmappen '{Diagnostic.Visible(input)}' findes ikke.");

        var siteDiagnostics = new List<Diagnostic>();
        var sitePath = Path.Combine(Path.GetFullPath(input), "site.yml");
        var config = SiteConfigValidator.Load(sitePath, Display.Path(sitePath), siteDiagnostics);
        if (config is null || siteDiagnostics.Any(d => d.IsError))
        {
            foreach (var d in siteDiagnostics) stderr.WriteLine(d.ToString());
            stderr.WriteLine("sitegen: ret site.yml først; importen skal bruge listen over udvalg.");
            return Program.InputErrors;
        }

        var files = new List<string>();
        foreach (var p in paths) files.AddRange(Expand(p));
        var imported = 0;
        var failed = 0;
        foreach (var file in files)
        {
            var outcome = Importer.ImportFile(file, input, config);
            stdout.Write(ImportReport.Render(outcome));
            foreach (var e in outcome.Errors) stderr.WriteLine(e.ToString());
            if (outcome.Imported) imported++;
            else failed++;
        }
        stdout.WriteLine(ImportReport.Total(imported, failed));
        return failed == 0 ? Program.Ok : Program.InputErrors;
    }

    /// <summary>A folder's exports (by extension, sorted, links not followed); a file as given (its own check
    /// refuses a link).</summary>
    private static IEnumerable<string> Expand(string path)
    {
        if (Common.InputFiles.Kind(path) != Common.FileKind.Directory) return [path];
        var found = new List<string>();
        var pending = new Stack<string>([path]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
            {
                var kind = Common.InputFiles.Kind(entry);
                if (kind == Common.FileKind.Directory) pending.Push(entry);
                else if (kind == Common.FileKind.Regular && Importer.Extensions.Any(e =>
                             entry.EndsWith(e, StringComparison.OrdinalIgnoreCase))) found.Add(entry);
            }
        }
        return found.Order(StringComparer.Ordinal);
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"sitegen: {message}");
        stderr.WriteLine("Skriv 'sitegen import --help' for at se, hvordan kommandoen bruges.");
        return Program.Usage;
    }
}

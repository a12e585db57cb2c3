using System.Collections.Immutable;
using System.Globalization;
using SiteGen.Common;
using SiteGen.Content;
using SiteGen.Output;
using SiteGen.Preview;
using SiteGen.Publishing;
using SiteGen.Validation;
using SiteGen.Diagnostics;

namespace SiteGen.Cli;

public static class Program
{
    public const int Ok = 0, InputErrors = 1, Usage = 2, InternalError = 3;

    private const string Help = """
        SiteGen: udgiver kommunens referater som et statisk websted.

        Sådan bruges kommandoerne:
          sitegen build    [--input <mappe>] [--output <mappe>] [--report <fil>|-] [--no-search] [--clean]
                           [--cache <mappe>]
                           kontrollér referaterne, og skriv webstedet
          sitegen validate [--input <mappe>] [--report <fil>|-] [--format github] [FIL ...]
                           kontrollér referaterne uden at skrive noget; nævner du filer, kun dem
          sitegen serve    [--input <mappe>] [--port <n>]
                           forhåndsvisning på http://127.0.0.1, opdateres hver gang du gemmer
          sitegen new      --udvalg <navn> --dato <åååå-mm-dd> [--input <mappe>]
                           start næste referat for et udvalg
          sitegen import   [--input <mappe>] <fil|mappe> ...
                           lav referat-filer ud fra eksporter (tekst eller PDF) fra dagsordenssystemet
          sitegen --help

        Tilvalg:
          --input <mappe>   mappen med site.yml, referater/ og templates/ (standard: input)
          --output <mappe>  hvor webstedet skrives (standard: output). Mappen erstattes kun, når alt lykkes.
                            Den skal være ny, tom eller skrevet af SiteGen før (den har en fil .sitegen-output),
                            og den må ikke være input-mappen, projektet, den aktuelle mappe eller en mappe over dem.
          --report <fil>    skriv også, hvad der IKKE udgives (lukkede punkter med deres interne titler, lukkede
                            bilag), til <fil>, eller vis det med '-'. Aldrig i output- eller input-mappen.
          --format github   skriv også hver fejl og advarsel som en GitHub-annotering (sker af sig selv, når
                            GITHUB_ACTIONS=true)
          --no-search       spring søgeindekset over (hurtigere kontrol; aldrig ved udgivelse)
          --cache <mappe>   hvad en bygning gemmer til den næste (standard .sitegen-cache): kontrollen af
                            uændrede referater, sider, feeds og data for møder og sager, der ikke er ændret, og
                            dele af søgeindekset genbruges; webstedet bliver det samme som ved en fuld bygning.
                            Cachen rummer også lukkede punkter: læg den aldrig, hvor den udgives
          --clean           genbrug intet fra cachen (fuld bygning)
          --port <n>        port for forhåndsvisningen (standard 8080; er den optaget, bruges den næste ledige;
                            0 vælger en ledig port)
          FIL ...           referat-filer under <input>/referater, der skal kontrolleres (resten af arkivet
                            læses stadig, så fx to filer for samme møde opdages)

        Afslutningskoder: 0 alt i orden (advarsler er tilladt), 1 fejl i referaterne, 2 forkert brug,
        3 intern fejl.
        """;

    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return Run(args, Console.Out, Console.Error, endsProcess: true);
        }
        catch (Exception ex)
        {
            // Never a stack trace: one line, a distinct exit code.
            Console.Error.WriteLine($"sitegen: intern fejl ({ex.GetType().Name}): {Diagnostic.Visible(ex.Message)}. " +
                "Meld den venligst sammen med de filer, der fik den frem.");
            return InternalError;
        }
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, false);

    /// <param name="endsProcess">the process ends when this returns (<see cref="Main"/>, not tests)</param>
    private static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool endsProcess)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Help);
            return args.Length == 0 ? Usage : Ok;
        }

        var command = args[0];
        if (command == "import") return ImportCommand.Run(args[1..], stdout, stderr);
        if (!TryParseOptions(args.AsSpan(1), out var options, out var files, out var problem))
            return UsageError(stderr, problem);
        if (options.ContainsKey("help"))
        {
            stdout.WriteLine(Help);
            return Ok;
        }

        if (!Allowed.TryGetValue(command, out var allowed))
            return UsageError(stderr, $"ukendt kommando '{Diagnostic.Visible(command)}' " +
                "(brug build, validate, serve, import eller new)");
        if (options.Keys.FirstOrDefault(k => !allowed.Contains(k)) is { } extra)
            return UsageError(stderr, $"'{command}' kender ikke --{extra}");
        if (files.Count > 0 && command != "validate")
            return UsageError(stderr, $"uventet argument '{Diagnostic.Visible(files[0])}' (kun 'validate' tager " +
                "filnavne)");
        if (options.GetValueOrDefault("format") is { } format && format != "github")
            return UsageError(stderr, $"--format kender kun 'github', ikke '{Diagnostic.Visible(format)}'");

        var input = options.GetValueOrDefault("input", "input");
        if (!Directory.Exists(input))
            return UsageError(stderr, $"input-mappen '{Diagnostic.Visible(input)}' findes ikke");
        var report = options.GetValueOrDefault("report");
        var github = options.ContainsKey("format") || Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true";
        return command switch
        {
            "validate" => Validate(input, report, files, github, stdout, stderr),
            "build" => Build(input, options.GetValueOrDefault("output", "output"), report,
                !options.ContainsKey("no-search"), options.GetValueOrDefault("cache", BuildCache.DefaultFolder),
                options.ContainsKey("clean"), github, stdout, stderr, endsProcess),
            "serve" => Serve(input, options.GetValueOrDefault("port", "8080"), stdout, stderr),
            _ => New(input, options.GetValueOrDefault("udvalg"), options.GetValueOrDefault("dato"), stdout, stderr),
        };
    }

    private static readonly Dictionary<string, HashSet<string>> Allowed = new(StringComparer.Ordinal)
    {
        ["validate"] = ["input", "report", "format"],
        ["build"] = ["input", "output", "report", "no-search", "format", "cache", "clean"],
        ["serve"] = ["input", "port"],
        ["new"] = ["input", "udvalg", "dato"],
    };

    private static int Validate(string input, string? report, IReadOnlyList<string> files, bool github,
        TextWriter stdout, TextWriter stderr)
    {
        if (report is not null && report != "-"
            && OutputFolder.ReportProblem(report, input, null) is { } reportProblem)
            return UsageError(stderr, reportProblem);
        var chosen = new List<string>();
        foreach (var file in files)
        {
            if (ChosenFiles.Problem(input, file) is { } fileProblem) return UsageError(stderr, fileProblem);
            chosen.Add(ChosenFiles.Shown(file));
        }
        chosen = chosen.Distinct(StringComparer.Ordinal).ToList();

        var validation = Validator.Run(input);
        var result = validation with
            { Diagnostics = validation.Diagnostics.AddRange(Pipeline.CheckAttachments(input, validation)) };
        var shown = chosen.Count == 0 ? result.Diagnostics
            : ChosenFiles.Concerning(result.Diagnostics, chosen, input).ToImmutableArray();
        Report(shown, stderr, github);
        if (report is not null)
        {
            var valid = result.Valid.Where(r => chosen.Count == 0 || chosen.Contains(r.File)).ToList();
            var skipped = chosen.Count > 0
                ? chosen.Where(c => !valid.Any(r => r.File == c)).ToList()
                : shown.Where(d => d.IsError).Select(d => d.File).Distinct(StringComparer.Ordinal)
                    .Where(f => f.EndsWith(".md", StringComparison.Ordinal)).ToList();
            WriteReport(WithheldReport.Render(valid, skipped), report, stdout);
        }
        if (chosen.Count > 0 && result.Diagnostics.Length > shown.Length)
        {
            var others = result.Diagnostics.Except(shown).ToList();
            var counts = new[] { (Count(others, true), Antal.Fejl(Count(others, true))),
                (Count(others, false), Antal.Advarsler(Count(others, false))) };
            stdout.WriteLine($"({string.Join(" og ", counts.Where(c => c.Item1 > 0).Select(c => c.Item2))} i andre " +
                "filer er ikke vist.)");
        }
        stdout.WriteLine($"{Antal.Referater(chosen.Count > 0 ? chosen.Count : result.FilesChecked)} kontrolleret: " +
            $"{Antal.Fejl(Count(shown, true))}, {Antal.Advarsler(Count(shown, false))}.");
        return shown.Any(d => d.IsError) ? InputErrors : Ok;
    }

    private static int Build(string input, string output, string? report, bool search, string cache, bool clean,
        bool github,
        TextWriter stdout, TextWriter stderr, bool endsProcess)
    {
        // Before any work: a wrong --output would be replaced by the site, a wrong --report published.
        if (OutputFolder.Problem(output, input, Environment.CurrentDirectory) is { } outputProblem)
            return UsageError(stderr, outputProblem);
        if (report is not null && report != "-"
            && OutputFolder.ReportProblem(report, input, output) is { } reportProblem)
            return UsageError(stderr, reportProblem);
        if (CacheProblem(cache, input, output) is { } cacheProblem) return UsageError(stderr, cacheProblem);
        BuildResult result;
        using (var progress = TerminalProgress.Wanted() ? new TerminalProgress(stderr) : null)
            result = Pipeline.Build(new BuildOptions(input, output, search,
                OnStage: progress is null ? null : progress.Stage, Withheld: report is not null, CacheDir: cache,
                Clean: clean) { EndsProcess = endsProcess }, stdout);
        Report(result.Diagnostics, stderr, github);
        if (result is { Succeeded: true, Withheld: { } withheld } && report is not null)
            WriteReport(withheld, report, stdout);
        if (result.Summary is not { } s)
        {
            stderr.WriteLine($"Webstedet blev ikke bygget: {Antal.Fejl(Count(result.Diagnostics, true))}. " +
                $"Intet er udgivet; '{output}' er uændret.");
            return InputErrors;
        }
        stdout.WriteLine(
            $"Bygget: {Antal.Af(s.Meetings, "møde", "møder")}, {Antal.Af(s.Pages, "side", "sider")}, " +
            $"{Antal.Af(s.Files, "fil", "filer")} ({Antal.Tal(s.Bytes / 1024.0, "0.#")} KiB) i '{output}'. " +
            $"Ikke udgivet: {Antal.Af(s.ClosedItems, "lukket punkt", "lukkede punkter")}, " +
            $"{Antal.Af(s.ClosedAttachments, "lukket bilag", "lukkede bilag")}. " +
            $"{Antal.Tal(s.Elapsed.TotalSeconds, "0.00")} s.");
        if (s.SearchShards > 1 || s.SearchShardsReused > 0)
            stdout.WriteLine($"Søgeindeks: {Antal.Af(s.SearchShards, "del", "dele")}, " +
                $"{s.SearchShardsReused} genbrugt fra sidste bygning.");
        if (s.UnitsReused > 0)
            stdout.WriteLine($"Genbrugt fra sidste bygning: {s.UnitsReused} af {s.Units} møder og sager " +
                "(uændrede; deres filer er ikke skrevet igen).");
        stdout.WriteLine("Tid pr. trin: " + string.Join(", ", s.Stages.Select(t =>
            $"{TerminalProgress.Label(t.Stage).ToLowerInvariant()} {t.Elapsed.TotalMilliseconds:0} ms")) + ".");
        return Ok;
    }

    /// <summary>The cache must not be published (inside the output) nor read as input.</summary>
    private static string? CacheProblem(string cache, string input, string output)
    {
        var real = OutputFolder.RealPath(cache);
        if (Common.InputFiles.IsInside(real, OutputFolder.RealPath(output)))
            return $"--cache '{cache}' ligger i output-mappen '{output}': cachen må ikke udgives. " +
                "Vælg en anden mappe";
        if (Common.InputFiles.IsInside(real, OutputFolder.RealPath(input)))
            return $"--cache '{cache}' ligger i input-mappen '{input}'. Vælg en anden mappe";
        if (Common.InputFiles.Kind(real) is not (Common.FileKind.Missing or Common.FileKind.Directory))
            return $"--cache '{cache}' er en fil, ikke en mappe";
        return null;
    }

    private static int Serve(string input, string portText, TextWriter stdout, TextWriter stderr)
    {
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            return UsageError(stderr,
                $"--port skal være et tal fra 0 til 65535, ikke '{Diagnostic.Visible(portText)}'");
        if (PreviewServer.WorkFolderProblem(input) is { } workProblem) return UsageError(stderr, workProblem);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        // `kill`, a closed terminal or a supervisor's stop: end cleanly too (the web host would otherwise keep
        // the process alive, waiting for this method to return).
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var hup = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGHUP, c => { c.Cancel = true; stop.Cancel(); });
        PreviewServer server;
        try
        {
            server = PreviewServer.StartAsync(new PreviewOptions(input, port), stdout).GetAwaiter().GetResult();
        }
        catch (PortsInUseException busy)
        {
            stderr.WriteLine($"sitegen: {busy.Message}");
            return Usage;
        }
        stdout.WriteLine($"Forhåndsvisning på {server.Url}/ (opdateres, når filer under '{input}' ændres). " +
            "Tryk Ctrl+C for at stoppe.");
        try { Task.Delay(Timeout.Infinite, stop.Token).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { }
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return Ok;
    }

    private static int New(string input, string? udvalg, string? datoText, TextWriter stdout, TextWriter stderr)
    {
        if (udvalg is null || datoText is null) return UsageError(stderr,
            "'new' skal have --udvalg <navn> og --dato <åååå-mm-dd>");
        if (!DateOnly.TryParseExact(datoText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
            out var dato))
            return UsageError(stderr, $"--dato skal være en dato skrevet åååå-mm-dd, fx 2026-12-02, ikke " +
                $"'{Diagnostic.Visible(datoText)}'");
        var existing = Validator.Run(input);
        if (existing.Config is null)
        {
            Report(existing.Diagnostics, stderr, github: false);
            stderr.WriteLine("sitegen: ret site.yml først; 'new' skal bruge listen over udvalg.");
            return InputErrors;
        }
        var result = Scaffold.Create(input, existing.Config, existing.Referater, udvalg, dato);
        if (result.Error is not null)
        {
            stderr.WriteLine($"sitegen: {result.Error}");
            return InputErrors;
        }
        stdout.WriteLine($"Skrev {result.Path}. Udfyld punkterne og afsnittene, og kør så 'validate' eller 'serve'.");
        return Ok;
    }

    private static void WriteReport(string text, string report, TextWriter stdout)
    {
        if (report == "-") { stdout.Write(text); return; }
        File.WriteAllText(report, text);
        stdout.WriteLine($"Rapporten over det, der ikke udgives, er skrevet til {report}.");
    }

    private static void Report(IEnumerable<Diagnostic> diagnostics, TextWriter stderr, bool github)
    {
        foreach (var d in diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line)
            .ThenBy(d => d.Column))
        {
            stderr.WriteLine(d.ToString());
            // Workflow annotations put the message on the offending line of the pull request.
            if (github) stderr.WriteLine(Annotation(d));
        }
    }

    /// <summary>GitHub's workflow command for one diagnostic:
    /// <c>::error file=…,line=…,col=…,title=CODE::message</c>.</summary>
    internal static string Annotation(Diagnostic d) =>
        $"::{(d.IsError ? "error" : "warning")} file={EscapeProperty(d.File)},line={d.Line},col={d.Column}," +
        $"title={EscapeProperty(d.Code)}::{EscapeAnnotation(d.Message)}";

    // GitHub's workflow-command escaping: '%', CR and LF in the message; in a property also ':' and ','
    // (which would end the property). Diagnostics hold no line break already; this is the second guard.
    internal static string EscapeAnnotation(string s) =>
        s.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    internal static string EscapeProperty(string s) =>
        EscapeAnnotation(s).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    private static int Count(IEnumerable<Diagnostic> ds, bool errors) => ds.Count(d => d.IsError == errors);

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"sitegen: {message}");
        stderr.WriteLine("Skriv 'sitegen --help' for at se, hvordan kommandoerne bruges.");
        return Usage;
    }

    private static readonly HashSet<string> ValueOptions =
        ["input", "output", "report", "port", "udvalg", "dato", "format", "cache"];

    private static bool TryParseOptions(ReadOnlySpan<string> args, out Dictionary<string, string> options,
        out List<string> files, out string problem)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        files = [];
        problem = "";
        var onlyFiles = false;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            // After '--' everything is a file name, also one that starts with '-'.
            if (onlyFiles || !a.StartsWith('-')) { files.Add(a); continue; }
            if (a == "--") { onlyFiles = true; continue; }
            if (a is "-h" or "--help") { options["help"] = ""; continue; }
            if (a is "--no-search") { options["no-search"] = ""; continue; }
            if (a is "--clean") { options["clean"] = ""; continue; }
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"ukendt tilvalg '{Diagnostic.Visible(a)}'";
                return false;
            }
            var name = a[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            if (!ValueOptions.Contains(name))
            {
                problem = $"ukendt tilvalg '--{Diagnostic.Visible(name)}'";
                return false;
            }
            if (value is null)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    problem = $"tilvalget '--{name}' mangler en værdi";
                    return false;
                }
                value = args[++i];
            }
            if (options.ContainsKey(name)) { problem = $"tilvalget '--{name}' er givet to gange"; return false; }
            options[name] = value;
        }
        return true;
    }
}

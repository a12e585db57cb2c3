using System.Globalization;
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
        SiteGen: publishes a municipality's meeting minutes (referater) as a static website.

        Usage:
          sitegen build    [--input <dir>] [--output <dir>] [--report <file>|-] [--no-search]   validate, then write the site
          sitegen validate [--input <dir>] [--report <file>|-]                    check every referat, write nothing
          sitegen serve    [--input <dir>] [--port <n>]       local preview on http://127.0.0.1, rebuilt on every change
          sitegen new      --udvalg <name> --dato <yyyy-mm-dd> [--input <dir>]   start the next referat file
          sitegen --help

        Options:
          --input <dir>    folder with site.yml, referater/ and templates/ (default: input)
          --output <dir>   where the site is written (default: output); replaced only when the build succeeds.
                           Must be new, empty or an earlier SiteGen output (it has a .sitegen-output file), and
                           not the input, the project, the current folder or a folder above them.
          --report <file>  also write what will NOT be published (closed items with their internal titles,
                           closed attachments) to <file>, or print it with '-'. Never inside the output or input.
          --no-search      skip the search index (quicker local checks; never for publishing)
          --port <n>       preview port (default 8080; 0 picks a free one)

        Exit codes: 0 success (warnings allowed), 1 errors in the input, 2 wrong usage, 3 internal error.
        """;

    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return Run(args, Console.Out, Console.Error);
        }
        catch (Exception ex)
        {
            // Never a stack trace: one line, a distinct exit code.
            Console.Error.WriteLine($"sitegen: internal error ({ex.GetType().Name}): {ex.Message}. Please report " +
                "this together with the input that caused it.");
            return InternalError;
        }
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Help);
            return args.Length == 0 ? Usage : Ok;
        }

        var command = args[0];
        if (command == "import") return ImportCommand.Run(args[1..], stdout, stderr);
        if (!TryParseOptions(args.AsSpan(1), out var options, out var problem))
        {
            stderr.WriteLine($"sitegen: {problem}");
            stderr.WriteLine("Run 'sitegen --help' for usage.");
            return Usage;
        }
        if (options.ContainsKey("help"))
        {
            stdout.WriteLine(Help);
            return Ok;
        }

        if (!Allowed.TryGetValue(command, out var allowed))
            return UsageError(stderr, $"unknown command '{command}' (use build, validate, serve or new)");
        if (options.Keys.FirstOrDefault(k => !allowed.Contains(k)) is { } extra)
            return UsageError(stderr, $"'{command}' takes no --{extra}");

        var input = options.GetValueOrDefault("input", "input");
        if (!Directory.Exists(input)) return UsageError(stderr, $"input folder '{input}' does not exist");
        var report = options.GetValueOrDefault("report");
        return command switch
        {
            "validate" => Validate(input, report, stdout, stderr),
            "build" => Build(input, options.GetValueOrDefault("output", "output"), report,
                !options.ContainsKey("no-search"), stdout, stderr),
            "serve" => Serve(input, options.GetValueOrDefault("port", "8080"), stdout, stderr),
            _ => New(input, options.GetValueOrDefault("udvalg"), options.GetValueOrDefault("dato"), stdout, stderr),
        };
    }

    private static readonly Dictionary<string, HashSet<string>> Allowed = new(StringComparer.Ordinal)
    {
        ["validate"] = ["input", "report"],
        ["build"] = ["input", "output", "report", "no-search"],
        ["serve"] = ["input", "port"],
        ["new"] = ["input", "udvalg", "dato"],
    };

    private static int Validate(string input, string? report, TextWriter stdout, TextWriter stderr)
    {
        if (report is not null && report != "-"
            && OutputFolder.ReportProblem(report, input, null) is { } reportProblem)
            return UsageError(stderr, reportProblem);
        var result = Validator.Run(input);
        Report(result.Diagnostics, stderr);
        if (!result.HasErrors && report is not null)
            WriteReport(WithheldReport.Render(result.Referater), report, stdout);
        stdout.WriteLine($"{result.Referater.Length} referater checked: {Count(result.Diagnostics, true)} " +
            $"errors, {Count(result.Diagnostics, false)} warnings.");
        return result.HasErrors ? InputErrors : Ok;
    }

    private static int Build(string input, string output, string? report, bool search, TextWriter stdout,
        TextWriter stderr)
    {
        // Before any work: a wrong --output would be replaced by the site, a wrong --report published.
        if (OutputFolder.Problem(output, input, Environment.CurrentDirectory) is { } outputProblem)
            return UsageError(stderr, outputProblem);
        if (report is not null && report != "-"
            && OutputFolder.ReportProblem(report, input, output) is { } reportProblem)
            return UsageError(stderr, reportProblem);
        BuildResult result;
        using (var progress = TerminalProgress.Wanted() ? new TerminalProgress(stderr) : null)
            result = Pipeline.Build(new BuildOptions(input, output, search,
                OnStage: progress is null ? null : progress.Stage, Withheld: report is not null), stdout);
        Report(result.Diagnostics, stderr);
        if (result is { Succeeded: true, Withheld: { } withheld } && report is not null)
            WriteReport(withheld, report, stdout);
        if (result.Summary is not { } s)
        {
            stderr.WriteLine($"Build failed: {Count(result.Diagnostics, true)} errors. Nothing was published; " +
                $"'{output}' is unchanged.");
            return InputErrors;
        }
        stdout.WriteLine(
            $"Built {s.Meetings} meetings: {s.Pages} pages, {s.Files} files ({s.Bytes / 1024.0:0.#} KiB) in " +
                $"'{output}'. " +
            $"Withheld: {s.ClosedItems} closed items, {s.ClosedAttachments} closed attachments. " +
            $"{s.Elapsed.TotalSeconds:0.00} s.");
        stdout.WriteLine("Stages: " + string.Join(", ", s.Stages.Select(t =>
            $"{t.Stage} {t.Elapsed.TotalMilliseconds:0} ms")) + ".");
        return Ok;
    }

    private static int Serve(string input, string portText, TextWriter stdout, TextWriter stderr)
    {
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            return UsageError(stderr, $"--port needs a number from 0 to 65535, not '{portText}'");
        if (PreviewServer.WorkFolderProblem(input) is { } workProblem) return UsageError(stderr, workProblem);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        // `kill`, a closed terminal or a supervisor's stop: end cleanly too (the web host would otherwise keep
        // the process alive, waiting for this method to return).
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var hup = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGHUP, c => { c.Cancel = true; stop.Cancel(); });
        var server = PreviewServer.StartAsync(new PreviewOptions(input, port), stdout).GetAwaiter().GetResult();
        stdout.WriteLine($"Preview on {server.Url}/ (rebuilds when files under '{input}' change). Press Ctrl+C to " +
            "stop.");
        try { Task.Delay(Timeout.Infinite, stop.Token).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { }
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return Ok;
    }

    private static int New(string input, string? udvalg, string? datoText, TextWriter stdout, TextWriter stderr)
    {
        if (udvalg is null || datoText is null) return UsageError(stderr,
            "'new' needs --udvalg <name> and --dato <yyyy-mm-dd>");
        if (!DateOnly.TryParseExact(datoText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
            out var dato))
            return UsageError(stderr, $"--dato must be a date written yyyy-mm-dd, not '{datoText}'");
        var existing = Validator.Run(input);
        if (existing.Config is null)
        {
            Report(existing.Diagnostics, stderr);
            stderr.WriteLine("sitegen: fix site.yml first; 'new' needs its list of committees.");
            return InputErrors;
        }
        var result = Scaffold.Create(input, existing.Config, existing.Referater, udvalg, dato);
        if (result.Error is not null)
        {
            stderr.WriteLine($"sitegen: {result.Error}");
            return InputErrors;
        }
        stdout.WriteLine($"Wrote {result.Path}. Fill in the sections, then run 'validate' or 'serve'.");
        return Ok;
    }

    private static void WriteReport(string text, string report, TextWriter stdout)
    {
        if (report == "-") { stdout.Write(text); return; }
        File.WriteAllText(report, text);
        stdout.WriteLine($"Wrote the withheld report to {report}.");
    }

    private static void Report(IEnumerable<Diagnostic> diagnostics, TextWriter stderr)
    {
        var github = Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true";
        foreach (var d in diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line)
            .ThenBy(d => d.Column))
        {
            stderr.WriteLine(d.ToString());
            // Workflow annotations put the message on the offending line of the pull request.
            if (github)
                stderr.WriteLine($"::{(d.IsError ? "error" : "warning")} file={EscapeProperty(d.File)},line={d.Line}," +
                    $"col={d.Column},title={EscapeProperty(d.Code)}::{EscapeAnnotation(d.Message)}");
        }
    }

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
        stderr.WriteLine("Run 'sitegen --help' for usage.");
        return Usage;
    }

    private static readonly HashSet<string> ValueOptions = ["input", "output", "report", "port", "udvalg", "dato"];

    private static bool TryParseOptions(ReadOnlySpan<string> args, out Dictionary<string, string> options,
        out string problem)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help") { options["help"] = ""; continue; }
            if (a is "--no-search") { options["no-search"] = ""; continue; }
            if (!a.StartsWith("--", StringComparison.Ordinal)) { problem = $"unexpected argument '{a}'"; return false; }
            var name = a[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            if (!ValueOptions.Contains(name)) { problem = $"unknown option '--{name}'"; return false; }
            if (value is null)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    problem = $"option '--{name}' needs a value";
                    return false;
                }
                value = args[++i];
            }
            if (options.ContainsKey(name)) { problem = $"option '--{name}' given twice"; return false; }
            options[name] = value;
        }
        return true;
    }
}

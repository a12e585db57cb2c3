using System.Globalization;
using SiteGen.Validation;

namespace SiteGen.Cli;

public static class Program
{
    public const int Ok = 0, InputErrors = 1, Usage = 2, InternalError = 3;

    private const string Help = """
        SiteGen: publishes a municipality's meeting minutes (referater) as a static website.

        Usage:
          sitegen build    [--input <dir>] [--output <dir>]   validate, then write the site
          sitegen validate [--input <dir>]                    check every referat, write nothing
          sitegen --help

        Options:
          --input <dir>    folder with site.yml, referater/ and templates/ (default: input)
          --output <dir>   where the site is written (default: output); replaced only when the build succeeds

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
            Console.Error.WriteLine($"sitegen: internal error ({ex.GetType().Name}): {ex.Message}. Please report this together with the input that caused it.");
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

        var input = options.GetValueOrDefault("input", "input");
        switch (command)
        {
            case "validate":
                if (options.ContainsKey("output")) return UsageError(stderr, "'validate' takes no --output");
                return Validate(input, stdout, stderr);
            case "build":
                return Build(input, options.GetValueOrDefault("output", "output"), stdout, stderr);
            default:
                return UsageError(stderr, $"unknown command '{command}' (use build or validate)");
        }
    }

    private static int Validate(string input, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(input)) return UsageError(stderr, $"input folder '{input}' does not exist");
        var result = Validator.Run(input);
        Report(result.Diagnostics, stderr);
        stdout.WriteLine($"{result.Referater.Length} referater checked: {Count(result.Diagnostics, true)} errors, {Count(result.Diagnostics, false)} warnings.");
        return result.HasErrors ? InputErrors : Ok;
    }

    private static int Build(string input, string output, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(input)) return UsageError(stderr, $"input folder '{input}' does not exist");
        var result = Pipeline.Build(new BuildOptions(input, output), stdout);
        Report(result.Diagnostics, stderr);
        if (result.Summary is not { } s)
        {
            stderr.WriteLine($"Build failed: {Count(result.Diagnostics, true)} errors. Nothing was published; '{output}' is unchanged.");
            return InputErrors;
        }
        stdout.WriteLine(
            $"Built {s.Meetings} meetings: {s.Pages} pages, {s.Files} files ({s.Bytes / 1024.0:0.#} KiB) in '{output}'. " +
            $"Withheld: {s.ClosedItems} closed items, {s.ClosedAttachments} closed attachments. " +
            $"{s.Elapsed.TotalSeconds:0.00} s.");
        return Ok;
    }

    private static void Report(IEnumerable<Diagnostic> diagnostics, TextWriter stderr)
    {
        foreach (var d in diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column))
            stderr.WriteLine(d.ToString());
    }

    private static int Count(IEnumerable<Diagnostic> ds, bool errors) => ds.Count(d => d.IsError == errors);

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"sitegen: {message}");
        stderr.WriteLine("Run 'sitegen --help' for usage.");
        return Usage;
    }

    private static readonly HashSet<string> ValueOptions = ["input", "output", "report"];

    private static bool TryParseOptions(ReadOnlySpan<string> args, out Dictionary<string, string> options, out string problem)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help") { options["help"] = ""; continue; }
            if (!a.StartsWith("--", StringComparison.Ordinal)) { problem = $"unexpected argument '{a}'"; return false; }
            var name = a[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            if (!ValueOptions.Contains(name)) { problem = $"unknown option '--{name}'"; return false; }
            if (value is null)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)) { problem = $"option '--{name}' needs a value"; return false; }
                value = args[++i];
            }
            if (options.ContainsKey(name)) { problem = $"option '--{name}' given twice"; return false; }
            options[name] = value;
        }
        return true;
    }
}

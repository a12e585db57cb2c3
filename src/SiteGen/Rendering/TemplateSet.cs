using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;
using SiteGen.Common;
using SiteGen.Validation;
using SiteGen.Diagnostics;

namespace SiteGen.Rendering;

/// <summary>The Handlebars templates of input/templates, each compiled once. Every problem with
/// them becomes a TPL diagnostic naming the template file and line; no exception escapes.</summary>
/// <remarks>Codes: TPL001 missing template file, TPL002 syntax error, TPL003 unknown partial,
/// TPL004 undefined field or helper, TPL005 other rendering error, TPL006 missing stylesheet,
/// TPL007 an asset that is a link or not a regular file (PageRenderer.PlanAssets).</remarks>
public sealed partial class TemplateSet
{
    public const string Layout = "layout";

    // Compiled for a TextWriter: pages are rendered into a buffer the caller reuses, not into a new string each.
    private readonly Dictionary<string, HandlebarsTemplate<TextWriter, object, object>> _compiled;
    private readonly Dictionary<string, (string File, string Text)> _sources; // name → file, text; partials as "partials/<name>"

    private readonly IFormatProvider _format; // what Handlebars' own string rendering would write numbers with

    private TemplateSet(Dictionary<string, HandlebarsTemplate<TextWriter, object, object>> compiled, Dictionary<string, (string, string)> sources,
        IFormatProvider format)
    {
        _compiled = compiled;
        _sources = sources;
        _format = format;
    }

    public static (TemplateSet? Templates, ImmutableArray<Diagnostic> Diagnostics) Load(string dir, IEnumerable<string> pageTemplates)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var hb = Handlebars.Create(new HandlebarsConfiguration { ThrowOnUnresolvedBindingExpression = true });
        var sources = new Dictionary<string, (string, string)>(StringComparer.Ordinal);

        var partialDir = Path.Combine(dir, "partials");
        var partialFiles = Directory.Exists(partialDir)
            ? Directory.EnumerateFiles(partialDir, "*.hbs").Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (var file in partialFiles)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (Read(file, diagnostics) is not { } text) continue;
            sources["partials/" + name] = (file, text);
            try { hb.RegisterTemplate(name, text); }
            catch (Exception ex) { diagnostics.Add(SyntaxError(file, text, ex)); }
        }
        var partialNames = partialFiles.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);

        var compiled = new Dictionary<string, HandlebarsTemplate<TextWriter, object, object>>(StringComparer.Ordinal);
        foreach (var name in pageTemplates.Prepend(Layout).Distinct())
        {
            var file = Path.Combine(dir, name + ".hbs");
            if (!File.Exists(file))
            {
                diagnostics.Add(new Diagnostic("TPL001", Severity.Error, Shown(file), 1, 1,
                    $"Template '{name}.hbs' is missing from '{Shown(dir)}'; every page type needs its template."));
                continue;
            }
            if (Read(file, diagnostics) is not { } text) continue;
            sources[name] = (file, text);
            try { compiled[name] = hb.Compile(new StringReader(text)); }
            catch (Exception ex) { diagnostics.Add(SyntaxError(file, text, ex)); }
        }

        // Unknown partials are found before rendering, also in branches no page happens to take.
        foreach (var (file, text) in sources.Values)
            foreach (Match m in PartialCall().Matches(text))
                if (!m.Groups[1].Value.StartsWith('@') && !partialNames.Contains(m.Groups[1].Value))
                {
                    var (line, col) = Position(text, m.Index);
                    diagnostics.Add(new Diagnostic("TPL003", Severity.Error, Shown(file), line, col,
                        $"Unknown partial '{m.Groups[1].Value}': there is no 'partials/{m.Groups[1].Value}.hbs'."));
                }

        // A partial that (indirectly) calls itself would recurse until the process dies.
        foreach (var (name, (file, text)) in sources.Where(s => s.Key.StartsWith("partials/", StringComparison.Ordinal)))
            if (CallsItself(name["partials/".Length..], sources) is { } call)
            {
                var (line, col) = Position(text, call);
                diagnostics.Add(new Diagnostic("TPL005", Severity.Error, Shown(file), line, col,
                    $"The partial '{name["partials/".Length..]}' includes itself (directly or through other partials), which would never end."));
            }

        return diagnostics.Count > 0 ? (null, diagnostics.ToImmutable()) : (new TemplateSet(compiled, sources, hb.Configuration.FormatProvider), []);
    }

    private static string? Read(string file, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        // Read as every input is (Content.InputFiles): a regular file, no link, bounded size; a pipe never hangs.
        var (bytes, refusal) = InputFiles.Read(Path.GetDirectoryName(file)!, file, InputFiles.MaxTextBytes);
        if (bytes is not null)
            return new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true).ReadToEnd();
        var why = refusal!.Problem switch
        {
            InputProblem.Link => "it is a symbolic link (put the file itself in the templates folder)",
            InputProblem.NotRegular => "it is not an ordinary file (a named pipe, a device or a socket)",
            InputProblem.TooLarge => $"it is larger than {InputFiles.Megabytes(InputFiles.MaxTextBytes)}",
            _ => refusal.Detail.Length > 0 ? refusal.Detail : "it was not found",
        };
        diagnostics.Add(new Diagnostic("TPL001", Severity.Error, Shown(file), 1, 1,
            $"The template cannot be read: {why}."));
        return null;
    }

    /// <summary>Index of the first partial call in <paramref name="start"/> that leads back to it, or null.</summary>
    private static int? CallsItself(string start, Dictionary<string, (string File, string Text)> sources)
    {
        IEnumerable<Match> Calls(string partial) => sources.TryGetValue("partials/" + partial, out var s)
            ? PartialCall().Matches(s.Text).Where(m => !m.Groups[1].Value.StartsWith('@'))
            : [];
        foreach (var call in Calls(start))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>([call.Groups[1].Value]);
            while (queue.TryDequeue(out var p))
            {
                if (p == start) return call.Index;
                if (!seen.Add(p)) continue;
                foreach (var next in Calls(p)) queue.Enqueue(next.Groups[1].Value);
            }
        }
        return null;
    }

    /// <summary>Renders a page template into the layout. Returns null and a diagnostic when a template fails.</summary>
    public (string? Html, Diagnostic? Problem) Render(string template, object model, Side side)
    {
        var page = _scratch ??= new StringBuilder();
        return Render(template, model, side, page) is { } problem ? (null, problem) : (page.ToString(), null);
    }

    [ThreadStatic] private static StringBuilder? _scratch;

    /// <summary>As <see cref="Render(string, object, Side)"/>, into <paramref name="page"/> (cleared first), so a
    /// caller rendering thousands of pages reuses one buffer instead of a new string (and UTF-8 copy) per page.</summary>
    public Diagnostic? Render(string template, object model, Side side, StringBuilder page)
    {
        page.Clear();
        string body;
        try
        {
            // The page template writes into the same buffer first; its text becomes the layout's body.
            using (var writer = new StringWriter(page, _format)) _compiled[template](writer, model, null!);
            body = page.ToString();
        }
        catch (Exception ex) { return RuntimeError(template, ex); }
        page.Clear();
        try
        {
            using var writer = new StringWriter(page, _format);
            _compiled[Layout](writer, new LayoutModel(side, body), null!);
            return null;
        }
        catch (Exception ex) { return RuntimeError(Layout, ex); }
    }

    private Diagnostic RuntimeError(string template, Exception ex)
    {
        // Handlebars wraps failures inside partials: "Runtime error while rendering partial 'x'".
        var where = template;
        var inner = ex;
        while (true)
        {
            if (PartialWrapper().Match(inner.Message) is { Success: true } w && _sources.ContainsKey("partials/" + w.Groups[1].Value))
                where = "partials/" + w.Groups[1].Value;
            if (inner.InnerException is null) break;
            inner = inner.InnerException;
        }
        var (file, text) = _sources[where];

        switch (inner)
        {
            case HandlebarsUndefinedBindingException u:
                var name = u.Path ?? inner.Message.Split(' ')[0];
                var (line, col) = Find(text, BindingUse(name));
                if (line == 0) // it may be used in a partial called from here
                    foreach (var (f, t) in _sources.Values)
                        if (Find(t, BindingUse(name)) is { Line: > 0 } hit) { (file, line, col) = (f, hit.Line, hit.Column); break; }
                return new Diagnostic("TPL004", Severity.Error, Shown(file), Math.Max(1, line), Math.Max(1, col),
                    $"'{name}' is not a field of the page data here (nor a helper). Check the spelling; docs/templates.md lists the fields.");
            case HandlebarsRuntimeException when ReferencedPartial().Match(inner.Message) is { Success: true } p:
                var (pl, pc) = Find(text, new Regex(@"\{\{~?>\s*" + Regex.Escape(p.Groups[1].Value)));
                return new Diagnostic("TPL003", Severity.Error, Shown(file), Math.Max(1, pl), Math.Max(1, pc),
                    $"Unknown partial '{p.Groups[1].Value}': there is no 'partials/{p.Groups[1].Value}.hbs'.");
            default:
                return new Diagnostic("TPL005", Severity.Error, Shown(file), 1, 1, $"Rendering failed: {FirstLine(inner.Message)}");
        }
    }

    private static Diagnostic SyntaxError(string file, string text, Exception ex)
    {
        // The parser reports "Occured at: line:col"; the compiler does not, so find the spot ourselves.
        var (line, col) = (0, 0);
        if (OccuredAt().Match(ex.Message) is { Success: true } at)
            (line, col) = (int.Parse(at.Groups[1].Value), int.Parse(at.Groups[2].Value) + 1);
        var located = TemplateScanner.FindProblem(text);
        if (located is { } l && (line == 0 || l.Line > 0)) (line, col) = (l.Line, l.Column);
        var message = located?.Message ?? FirstLine(ex.Message);
        return new Diagnostic("TPL002", Severity.Error, Shown(file), Math.Max(1, line), Math.Max(1, col),
            $"Template syntax error: {message}");
    }

    private static Regex BindingUse(string name) =>
        new(@"\{\{[^}]*?(?<![\w.@-])" + Regex.Escape(name) + @"(?![\w-])", RegexOptions.IgnoreCase);

    private static (int Line, int Column) Find(string text, Regex pattern) =>
        pattern.Match(text) is { Success: true } m ? Position(text, m.Index) : (0, 0);

    internal static (int Line, int Column) Position(string text, int index)
    {
        var line = 1 + text.AsSpan(0, index).Count('\n');
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        if (index == 0) lineStart = 0;
        return (line, index - lineStart + 1);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    internal static string Shown(string path)
    {
        var rel = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(path));
        return rel.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(path) : rel;
    }

    [GeneratedRegex(@"\{\{~?#?>\s*([@\w\-/.]+)")]
    private static partial Regex PartialCall();

    [GeneratedRegex(@"rendering partial '([^']+)'")]
    private static partial Regex PartialWrapper();

    [GeneratedRegex(@"Referenced partial name '?([^' ]+)'? could not be resolved")]
    private static partial Regex ReferencedPartial();

    [GeneratedRegex(@"Occured at:\s*(\d+):(\d+)")]
    private static partial Regex OccuredAt();
}

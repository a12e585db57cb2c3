using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Syntax;
using SiteGen.Common;
using SiteGen.Diagnostics;

namespace SiteGen.Rendering;

/// <summary>The Scriban templates of input/templates (<c>*.sbn-html</c>), each parsed once. Every problem with
/// them becomes a TPL diagnostic with file, line and column taken from Scriban's own spans; no exception
/// escapes. See docs/templates.md for what templates may use.</summary>
public sealed class TemplateSet
{
    public const string Layout = "layout";

    private readonly TemplateFolder _folder;
    private readonly FrozenDictionary<string, Template> _parsed; // full path → template
    private readonly FrozenDictionary<string, Template> _pages;  // page template name → template
    private readonly ThreadLocal<PageContext?> _context = new();

    private TemplateSet(TemplateFolder folder, FrozenDictionary<string, Template> parsed,
        FrozenDictionary<string, Template> pages)
    {
        _folder = folder;
        _parsed = parsed;
        _pages = pages;
    }

    public static (TemplateSet? Templates, ImmutableArray<Diagnostic> Diagnostics) Load(string dir,
        IEnumerable<string> pageTemplates)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var parsed = new Dictionary<string, Template>(StringComparer.Ordinal);
        foreach (var file in TemplateFolder.Enumerate(dir).Select(Path.GetFullPath))
        {
            if (Read(file, diagnostics) is not { } text) continue;
            texts[file] = text;
            var template = Template.Parse(text, file);
            parsed[file] = template;
            // Scriban keeps parsing after an error; later messages are mostly echoes of the first.
            if (template.Messages.FirstOrDefault(m => m.Type == ParserMessageType.Error) is { } error)
                diagnostics.Add(At(Codes.TemplateSyntax, error.Span,
                    $"Fejl i skabelonens syntaks (Scriban siger: {error.Message})"));
        }
        var folder = new TemplateFolder(dir, parsed.Keys.ToHashSet(StringComparer.Ordinal), texts);

        var pages = new Dictionary<string, Template>(StringComparer.Ordinal);
        foreach (var name in pageTemplates.Prepend(Layout).Distinct())
        {
            var file = Path.GetFullPath(Path.Combine(dir, name + TemplateFolder.Extension));
            if (parsed.TryGetValue(file, out var template)) pages[name] = template;
            else if (!texts.ContainsKey(file) && !diagnostics.Any(d => d.File == Shown(file)))
                diagnostics.Add(new Diagnostic(Codes.TemplateMissing, Severity.Error, Shown(file), 1, 1,
                    $"Skabelonen '{name}{TemplateFolder.Extension}' mangler i '{Shown(dir)}'; "
                    + "hver sidetype skal have sin skabelon."));
        }
        if (diagnostics.Count == 0) diagnostics.AddRange(CheckIncludes(folder, parsed));
        return diagnostics.Count > 0
            ? (null, diagnostics.ToImmutable())
            : (new TemplateSet(folder, parsed.ToFrozenDictionary(StringComparer.Ordinal),
                pages.ToFrozenDictionary(StringComparer.Ordinal)), []);
    }

    private static string? Read(string file, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        // Read as every input is (Common.InputFiles): a regular file, no link, bounded size; a pipe never hangs.
        var (bytes, refusal) = InputFiles.Read(Path.GetDirectoryName(file)!, file, InputFiles.MaxTextBytes);
        if (bytes is not null)
            return new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true).ReadToEnd();
        diagnostics.Add(new Diagnostic(Codes.TemplateMissing, Severity.Error, Shown(file), 1, 1,
            RefusalText.Describe(refusal!, "skabelonen", null, InputFiles.MaxTextBytes)));
        return null;
    }

    /// <summary>Every <c>include "name"</c> with the name written out is checked before rendering, also in branches
    /// no page happens to take; and templates that include themselves (directly or in a circle) are refused.</summary>
    private static IEnumerable<Diagnostic> CheckIncludes(TemplateFolder folder, Dictionary<string, Template> parsed)
    {
        var calls = parsed.ToDictionary(p => p.Key, p => IncludeCalls.Of(p.Value), StringComparer.Ordinal);
        foreach (var (_, list) in calls.OrderBy(c => c.Key, StringComparer.Ordinal))
            foreach (var (name, span) in list)
                if (folder.Resolve(name, out var outside) is null)
                    yield return outside ? OutsideError(span, name) : UnknownError(span, name);

        IEnumerable<string> Targets(string file) =>
            calls[file].Select(c => folder.Resolve(c.Name, out _)).OfType<string>();
        foreach (var (file, list) in calls.OrderBy(c => c.Key, StringComparer.Ordinal))
            foreach (var (name, span) in list)
            {
                if (folder.Resolve(name, out _) is not { } target) continue;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var queue = new Queue<string>([target]);
                while (queue.TryDequeue(out var t))
                {
                    if (t == file)
                    {
                        yield return At(Codes.TemplateRuntime, span,
                            $"Skabelonen '{Relative(folder, file)}' inkluderer sig selv (direkte eller gennem andre "
                            + "skabeloner), hvilket aldrig ville slutte.");
                        break;
                    }
                    if (seen.Add(t)) foreach (var next in Targets(t)) queue.Enqueue(next);
                }
            }
    }

    private static string Relative(TemplateFolder folder, string file) =>
        Path.GetRelativePath(folder.Root, file).Replace('\\', '/');

    /// <summary>Renders a page template into the layout. Returns null and a diagnostic when a template fails.</summary>
    public (string? Html, Diagnostic? Problem) Render(string template, object model, Side side)
    {
        var page = (_context.Value ??= new PageContext(_folder, _parsed)).Scratch;
        return Render(template, model, side, page) is { } problem ? (null, problem) : (page.ToString(), null);
    }

    /// <summary>As <see cref="Render(string, object, Side)"/>, into <paramref name="page"/> (cleared first), so a
    /// caller rendering thousands of pages reuses one buffer instead of a new string (and UTF-8 copy) per
    /// page.</summary>
    public Diagnostic? Render(string template, object model, Side side, StringBuilder page)
    {
        var context = _context.Value ??= new PageContext(_folder, _parsed);
        page.Clear();
        try
        {
            // The page template writes into the buffer first; its text becomes the layout's body.
            context.Render(_pages[template], model, page);
            var body = new SafeHtml(page.ToString());
            page.Clear();
            context.Render(_pages[Layout], new LayoutModel(side, body), page);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _context.Value = null; // an interrupted render leaves scopes behind: the next page gets a new context
            return RuntimeError(template, ex);
        }
    }

    private Diagnostic RuntimeError(string template, Exception ex) => ex switch
    {
        UnknownFieldException u => At(Codes.TemplateUnknownField, u.Span,
            $"'{u.Name}' er ikke et felt i sidens data her. Tjek stavningen; "
            + "docs/templates.md viser felterne."),
        UnknownTemplateException t => UnknownError(t.Span, t.Name),
        OutsideTemplatesException o => OutsideError(o.Span, o.Name),
        ScriptRuntimeException s => At(Codes.TemplateRuntime, s.Span,
            $"Siden kunne ikke dannes (Scriban siger: {s.OriginalMessage})"),
        _ => new Diagnostic(Codes.TemplateRuntime, Severity.Error,
            Shown(_pages[template].SourceFilePath ?? template), 1, 1,
            $"Siden kunne ikke dannes ({ex.Message.Split('\n')[0].Trim()})"),
    };

    private static Diagnostic UnknownError(SourceSpan span, string name) => At(Codes.TemplateUnknownInclude, span,
        $"Ukendt skabelon '{name}': der er ingen '{TemplateFolder.FileName(name)}' i skabelonmappen.");

    private static Diagnostic OutsideError(SourceSpan span, string name) => At(Codes.TemplateOutsideFolder, span,
        $"'include \"{name}\"' peger uden for skabelonmappen. Inkludér kun skabeloner i input/templates, "
        + "med et navn som \"partials/bilag\".");

    private static Diagnostic At(string code, SourceSpan span, string message) =>
        new(code, Severity.Error, Shown(span.FileName), span.Start.Line + 1, span.Start.Column + 1, message);

    internal static string Shown(string path)
    {
        var rel = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(path));
        return rel.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(path) : rel;
    }

    /// <summary>The <c>include</c> calls of a template whose name is a literal string.</summary>
    private sealed class IncludeCalls : ScriptVisitor
    {
        private readonly List<(string Name, SourceSpan Span)> _found = [];

        public static List<(string Name, SourceSpan Span)> Of(Template t)
        {
            var v = new IncludeCalls();
            v.Visit(t.Page);
            return v._found;
        }

        public override void Visit(ScriptFunctionCall node)
        {
            if (node.Target is ScriptVariable { Name: "include" } && node.Arguments.Count > 0
                && node.Arguments[0] is ScriptLiteral { Value: string name })
                _found.Add((name, node.Span));
            base.Visit(node);
        }
    }
}

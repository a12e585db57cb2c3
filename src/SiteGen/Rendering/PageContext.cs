using System.Buffers;
using System.Collections;
using System.Collections.Frozen;
using System.Reflection;
using Scriban;
using Scriban.Functions;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace SiteGen.Rendering;

/// <summary>The Scriban context one worker renders pages with (not thread-safe; one per thread). It is the
/// templates' sandbox: they see the page's view model, the loop and string/array/math built-ins and
/// <c>include</c>, and nothing else of .NET.</summary>
/// <remarks>Printing is escaped unless the value is <see cref="SafeHtml"/> (Handlebars' <c>{{x}}</c>
/// versus <c>{{{x}}}</c>, decided by the view model's type instead of by the template).</remarks>
internal sealed class PageContext : TemplateContext
{
    /// <summary>Iterations of one loop, nested loops included: a guard against a template that never ends. It was
    /// raised when the case list was one page of every case (100,000 was passed at ≈ 15,000 meetings); the list is
    /// now paged (at most <see cref="Pages.CasesPerPage"/> a page), and the largest loop of the shipped templates is
    /// a committee's meetings. The bound stays that of a national archive, with room; an endless loop still stops,
    /// after about a second.</summary>
    public const int MaxLoopSteps = 5_000_000;

    /// <summary>Nested includes and function calls; the shipped templates need 3.</summary>
    public const int MaxDepth = 30;

    private readonly ModelScope _model = new();
    private readonly ScriptObject _assigned = new(); // variables a template sets, cleared per page
    private readonly FrozenDictionary<string, Template> _templates;

    public PageContext(TemplateFolder folder, FrozenDictionary<string, Template> templates) : base(Builtins())
    {
        _templates = templates;
        StrictVariables = true;
        EnableRelaxedMemberAccess = false;
        EnableRelaxedTargetAccess = false;
        EnableRelaxedIndexerAccess = false;
        LoopLimit = MaxLoopSteps;
        RecursiveLimit = MaxDepth;
        LimitToString = 0; // Scriban's 1 MiB cap would cut a long meeting page short without an error
        MemberRenamer = StandardMemberRenamer.Default; // SiteTitel → site_titel
        MemberFilter = ViewModelMember;
        TemplateLoader = folder;
        TryGetVariable = (TemplateContext _, SourceSpan span, ScriptVariable v, out object? _) =>
            throw new UnknownFieldException(span, v.Name);
        TryGetMember = (TemplateContext _, SourceSpan span, object _, string member, out object? _) =>
            throw new UnknownFieldException(span, member);
        PushGlobal(_model);
    }

    /// <summary>Renders <paramref name="template"/> with <paramref name="model"/>'s fields as its variables
    /// into <paramref name="output"/>. Throws <see cref="ScriptRuntimeException"/>; the context is then
    /// spent.</summary>
    public void Render(Template template, object model, System.Text.StringBuilder output)
    {
        _model.Model = model;
        _assigned.Clear();
        PushGlobal(_assigned);
        PushOutput(new BufferOutput(output));
        try { template.Render(this); }
        finally
        {
            PopOutput();
            PopGlobal();
            _model.Model = null;
        }
    }

    /// <summary>A page buffer for callers that do not bring their own.</summary>
    public System.Text.StringBuilder Scratch { get; } = new();

    protected override IObjectAccessor? GetMemberAccessorImpl(object target) =>
        ViewModelTypes.Contains(target.GetType())
            ? ViewModelAccessor.For(target.GetType(), ViewModelMember, StandardMemberRenamer.Default)
            : base.GetMemberAccessorImpl(target);

    /// <summary>Only the public properties of the view-model records; no methods, fields or other types.</summary>
    private static bool ViewModelMember(MemberInfo member) =>
        member is PropertyInfo { GetMethod: { IsPublic: true, IsStatic: false } } p
        && p.GetIndexParameters().Length == 0
        && p.DeclaringType is { } t && ViewModelTypes.Contains(t);

    internal static readonly FrozenSet<Type> ViewModelTypes = new[]
    {
        typeof(LayoutModel), typeof(Side), typeof(Link), typeof(Krumme), typeof(ForsideModel), typeof(MoedeLink),
        typeof(UdvalgLink), typeof(AarLink), typeof(AarModel), typeof(AarGruppe), typeof(UdvalgModel),
        typeof(MoedeModel), typeof(PunktModel), typeof(PunktView), typeof(SektionView), typeof(BilagView),
        typeof(Rettelsesvisning), typeof(SimpleModel), typeof(KontaktView), typeof(PunktLink),
        typeof(SagLink), typeof(SagerModel), typeof(SideLink), typeof(BehandlingView), typeof(SagModel),
    }.ToFrozenSet();

    /// <summary>Pure built-ins only: no <c>date.now</c> or <c>math.random</c> (builds must be reproducible), no
    /// <c>object.eval</c> (text from a referat must never run as template code), no <c>regex</c>, no <c>html</c>
    /// (printing escapes).</summary>
    private static ScriptObject Builtins()
    {
        var builtins = new ScriptObject();
        builtins.SetValue("string", new StringFunctions(), true);
        builtins.SetValue("array", Without(new ArrayFunctions(), "shuffle", "sample"), true);
        builtins.SetValue("math", Without(new MathFunctions(), "random", "uuid"), true);
        builtins.SetValue("include", new Include(), true);
        return builtins;
    }

    /// <summary>Drops the functions whose result differs from build to build.</summary>
    private static ScriptObject Without(ScriptObject functions, params string[] names)
    {
        foreach (var name in names) functions.Remove(name);
        return functions;
    }

    /// <summary>Handlebars' rule, which the templates were written for: missing, false, empty text and empty
    /// lists are false (Scriban alone treats "" and [] as true).</summary>
    public override bool ToBool(SourceSpan span, object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        ICollection c => c.Count > 0,
        _ => base.ToBool(span, value),
    };

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        if (textAsObject is SafeHtml html) return Write(html.Value);
        if (textAsObject is null || ObjectToString(textAsObject) is not { } text) return this;
        WriteEscaped(text);
        return this;
    }

    // Exactly the characters Handlebars.Net escaped, with the same entities, so pages stay byte-identical.
    private static readonly SearchValues<char> Special = SearchValues.Create("&<>\"'`=");

    private void WriteEscaped(string text)
    {
        var start = 0;
        while (true)
        {
            var i = text.AsSpan(start).IndexOfAny(Special);
            if (i < 0) { Write(text, start, text.Length - start); return; }
            if (i > 0) Write(text, start, i);
            Write(text[start + i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#x27;",
                '`' => "&#x60;",
                _ => "&#x3D;",
            });
            start += i + 1;
        }
    }

    /// <summary>Templates come only from the set parsed at load: nothing is read from disk while rendering.</summary>
    protected override Template CreateTemplate(string templatePath, ScriptNode? callerContext) =>
        _templates.TryGetValue(templatePath, out var t) ? t
            : throw new UnknownTemplateException(callerContext?.Span ?? CurrentSpan, templatePath);

    /// <summary>As Scriban's RenderTemplate, but the included template writes straight into the page buffer
    /// instead of into a new buffer that is then copied into a string and into the page.</summary>
    private object? IncludeInPlace(Template template, ScriptArray arguments, ScriptNode? caller)
    {
        // Named arguments are evaluated in the caller's scope, then become the include's $ variables.
        var named = (caller as ScriptFunctionCall)?.Arguments.OfType<ScriptNamedArgument>()
            .Where(a => a.Name is not null && a.Value is not null)
            .Select(a => (a.Name!.Name, Value: Evaluate(a.Value!)))
            .ToList() ?? [];
        EnterRecursive(caller);
        PushLocal();
        try
        {
            SetValue(ScriptVariable.Arguments, arguments, true, true);
            foreach (var (name, value) in named)
                SetValue(ScriptVariable.Create(name, ScriptVariableScope.Local), value, false, true);
            template.Render(this);
        }
        finally
        {
            PopLocal();
            ExitRecursive(caller);
        }
        return null;
    }

    /// <summary>Writes into the caller's buffer. Not a StringBuilderOutput: Template.Render would copy that into a
    /// string and clear it.</summary>
    private sealed class BufferOutput(System.Text.StringBuilder buffer) : IScriptOutput
    {
        public void Write(string text, int offset, int count) => buffer.Append(text, offset, count);

        public ValueTask WriteAsync(string text, int offset, int count, CancellationToken cancellationToken)
        {
            Write(text, offset, count);
            return ValueTask.CompletedTask;
        }

        public override string ToString() => "";
    }

    /// <summary>The page's view model as the templates' top-level variables (side, punkter, …).</summary>
    private sealed class ModelScope : IScriptObject
    {
        public object? Model;

        public int Count => 0;
        public IEnumerable<string> GetMembers() => [];
        public bool Contains(string member) => false;
        public bool IsReadOnly { get => true; set { } }

        public bool TryGetValue(TemplateContext? context, SourceSpan span, string member, out object? value)
        {
            value = null;
            return Model is { } m && context is not null
                && context.GetMemberAccessor(m).TryGetValue(context, span, m, member, out value);
        }

        public bool CanWrite(string member) => false;
        public bool TrySetValue(TemplateContext? context, SourceSpan span, string member, object? value,
            bool readOnly) => false;
        public bool Remove(string member) => false;
        public void SetReadOnly(string member, bool readOnly) { }
        public IScriptObject Clone(bool deep) => this;
    }

    /// <summary><c>include "partials/name" arg: value …</c>: Scriban's include, whose output (already escaped
    /// where needed) is printed as it is.</summary>
    private sealed class Include : IScriptCustomFunction
    {
        public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments,
            ScriptBlockStatement? blockStatement)
        {
            var caller = callerContext ?? context.CurrentNode;
            if (arguments.Count == 0 || arguments[0] is not string name)
                throw new ScriptRuntimeException(caller?.Span ?? context.CurrentSpan,
                    "include needs the name of a template in quotes, e.g. include \"partials/bilag\".");
            var path = context.GetTemplatePathFromName(name, caller)!;
            var template = context.GetOrCreateTemplate(path, caller);
            // Scriban gives a block after text on the same line the indent "" (nothing to indent): in place too.
            return context is PageContext { Output: BufferOutput, CurrentIndent: null or "" } page
                ? page.IncludeInPlace(template, arguments, caller)
                : new SafeHtml(context.RenderTemplate(template, arguments, caller)); // indents, or into a capture
        }

        public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments,
            ScriptBlockStatement? blockStatement) =>
            ValueTask.FromResult(Invoke(context, callerContext, arguments, blockStatement));

        public int RequiredParameterCount => 1;
        public int ParameterCount => 1;
        public ScriptVarParamKind VarParamKind => ScriptVarParamKind.Direct;
        public Type ReturnType => typeof(object);

        public ScriptParameterInfo GetParameterInfo(int index) => index == 0
            ? new ScriptParameterInfo(typeof(string), "template_name")
            : new ScriptParameterInfo(typeof(object), "value");
    }
}

/// <summary>A variable or member the view model does not have (TPL004).</summary>
internal sealed class UnknownFieldException(SourceSpan span, string name)
    : ScriptRuntimeException(span, $"'{name}' is not a field of the page data here")
{
    public string Name { get; } = name;
}

/// <summary>An include of a template that does not exist in input/templates (TPL003).</summary>
internal sealed class UnknownTemplateException(SourceSpan span, string name)
    : ScriptRuntimeException(span, $"there is no template '{name}'")
{
    public string Name { get; } = name;
}

/// <summary>An include that points outside input/templates: an absolute path, '..' or a link (TPL007).</summary>
internal sealed class OutsideTemplatesException(SourceSpan span, string name)
    : ScriptRuntimeException(span, $"'{name}' is outside the templates folder")
{
    public string Name { get; } = name;
}

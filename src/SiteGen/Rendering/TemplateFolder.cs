using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace SiteGen.Rendering;

/// <summary>The <c>*.sbn-html</c> files of input/templates, which are the only templates an <c>include</c>
/// can reach: a name is a path relative to the folder, with or without the extension. Absolute paths, '..',
/// and files reached through a link are refused, so a template cannot read other files of the machine.</summary>
internal sealed class TemplateFolder(string root, IReadOnlySet<string> files, IReadOnlyDictionary<string, string> texts)
    : ITemplateLoader
{
    public const string Extension = ".sbn-html";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Files under <paramref name="dir"/> with the template extension, not through a link, in name
    /// order.</summary>
    public static IEnumerable<string> Enumerate(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*" + Extension, SearchOption.AllDirectories)
                .Where(f => !ThroughLink(dir, f)).Order(StringComparer.Ordinal)
            : [];

    /// <summary>The full path a name refers to; null and <paramref name="outside"/> set when it is refused,
    /// null alone when no such template exists.</summary>
    public string? Resolve(string name, out bool outside)
    {
        outside = false;
        if (name.Length == 0 || Path.IsPathRooted(name) || name.Contains('\\') || name.Contains(':')
            || name.Split('/').Any(s => s is ".." or "."))
        {
            outside = true;
            return null;
        }
        var full = Path.GetFullPath(Path.Combine(Root, FileName(name)));
        if (files.Contains(full)) return full;
        // It exists but was left out when the folder was read: it is a link, or reached through one.
        outside = File.Exists(full) && ThroughLink(Root, full);
        return null;
    }

    /// <summary>An include name as a file name: the extension may be left out.</summary>
    public static string FileName(string name) =>
        name.EndsWith(Extension, StringComparison.Ordinal) ? name : name + Extension;

    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) =>
        Resolve(templateName, out var outside) ?? throw (outside
            ? new OutsideTemplatesException(callerSpan, templateName)
            : new UnknownTemplateException(callerSpan, templateName));

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => texts[templatePath];

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        ValueTask.FromResult<string?>(texts[templatePath]);

    private static bool ThroughLink(string root, string file)
    {
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        for (var p = Path.GetFullPath(file); p.Length > rootFull.Length; p = Path.GetDirectoryName(p)!)
        {
            if (new FileInfo(p).LinkTarget is not null) return true;
        }
        return false;
    }
}

using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace SiteGen.Preview;

/// <summary>The <c>[[headers]]</c> rules of netlify.toml, so the preview sends exactly the
/// production headers. Reads only the subset we write: <c>for = "…"</c> and one-line
/// <c>Key = "value"</c> pairs under <c>[headers.values]</c>.</summary>
public sealed record NetlifyHeaders(IReadOnlyList<NetlifyHeaders.Rule> Rules)
{
    public sealed record Rule(string For, IReadOnlyDictionary<string, string> Values);

    public static readonly NetlifyHeaders None = new([]);

    public static NetlifyHeaders Load(string path)
    {
        if (!File.Exists(path)) return None;
        var rules = new List<Rule>();
        string? pattern = null;
        Dictionary<string, string>? values = null;
        var inValues = false;
        void Flush()
        {
            if (pattern is not null && values is not null) rules.Add(new Rule(pattern, values));
            pattern = null; values = null; inValues = false;
        }
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('['))
            {
                if (line == "[[headers]]") { Flush(); values = new(StringComparer.OrdinalIgnoreCase); }
                else if (line == "[headers.values]" && values is not null) inValues = true;
                else Flush();
                continue;
            }
            var eq = line.IndexOf('=');
            if (eq < 0 || values is null) continue;
            var key = line[..eq].Trim();
            var value = Unquote(line[(eq + 1)..].Trim());
            if (!inValues && key == "for") pattern = value;
            else if (inValues) values[key] = value;
        }
        Flush();
        return new NetlifyHeaders(rules);
    }

    /// <summary>Headers for a request path; later rules win, as they are more specific in our file.</summary>
    public IReadOnlyDictionary<string, string> For(string requestPath)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in Rules.Where(r => Matches(r.For, requestPath)))
            foreach (var (k, v) in rule.Values) result[k] = v;
        return result;
    }

    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    /// <summary>Netlify's rule for <c>for</c> (its headers parser): per path segment, <c>:name</c> matches one
    /// segment, a lone <c>*</c> anything (also across '/'), a <c>*</c> inside a segment any characters; letter
    /// case is ignored and a trailing slash is optional.</summary>
    internal static bool Matches(string pattern, string path) => Patterns.GetOrAdd(pattern, p =>
    {
        var parts = p.Split('/').Select(part => part.TrimEnd()).Where(part => part.Length > 0).Select(part =>
            part.StartsWith(':') ? "([^/]+)"
            : part == "*" ? "?(.*)"
            : string.Join("(.*)", part.Split('*').Select(Regex.Escape)));
        return new Regex($"^/{string.Join('/', parts)}/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }).IsMatch(path);

    private static string Unquote(string v) =>
        v.Length >= 2 && (v[0] == '"' && v[^1] == '"' || v[0] == '\'' && v[^1] == '\'')
            ? v[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) : v;
}

using System.Globalization;
using SiteGen.Content;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>The keys of one YAML mapping, checked against the allowed keys. Typed getters report
/// missing values and wrong types with the codes given to them.</summary>
internal sealed class YamlFields
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _fields = new(StringComparer.Ordinal);
    private readonly Report _report;
    private readonly string _codes;

    public YamlMappingNode Node { get; }
    /// <summary>What this mapping is, for messages: "mødet", "punkt 3", "bilag 2 til punkt 3 (lukket)".</summary>
    public string What { get; private set; }

    private YamlFields(YamlMappingNode node, Report report, string what, string codes)
    {
        Node = node; _report = report; What = what; _codes = codes;
    }

    /// <param name="codes">"REF" or "SITE": selects the code family for unknown keys, missing keys and wrong
    /// types.</param>
    /// <param name="silent">only collect the known keys (to read one value early); report nothing about the
    /// keys.</param>
    public static YamlFields Read(YamlMappingNode node, IReadOnlyCollection<string> known, Report report, string what,
        string codes = "REF", bool silent = false)
    {
        var f = new YamlFields(node, report, what, codes);
        foreach (var (k, v) in node.Children)
            if (k is YamlScalarNode { Value: { } name } && known.Contains(name))
                f._fields.TryAdd(name, (k, v));
        if (!silent) f.ReportKeys(known, what);
        return f;
    }

    /// <summary>For fields read silently (to get one value early): reports about the keys what a plain
    /// <see cref="Read"/> reports, calling the mapping <paramref name="what"/> from now on. The mapping is read
    /// once.</summary>
    public YamlFields ReportKeys(IReadOnlyCollection<string> known, string what)
    {
        What = what;
        foreach (var (k, _) in Node.Children)
        {
            if (k is not YamlScalarNode { Value: { } name })
            {
                _report.Error(Code(Codes.WrongType), _report.At(k),
                    $"Et feltnavn i {what} skal være et enkelt ord, ikke en liste eller flere felter.");
                continue;
            }
            if (!known.Contains(name))
            {
                _report.Error(Code(Codes.UnknownKey), _report.At(k),
                    $"Ukendt felt '{name}' i {what}." + Suggest.Hint(name, known, "De kendte felter er"));
                continue;
            }
            if (!ReferenceEquals(_fields[name].Key, k)) // the first of the name is the one kept
                _report.Error(Code(Codes.UnknownKey), _report.At(k),
                    $"Feltet '{name}' står to gange i {what}; behold kun det ene.");
        }
        return this;
    }

    private string Code((string Ref, string Site) pair) => _codes == "SITE" ? pair.Site : pair.Ref;

    public bool Has(string key) => _fields.ContainsKey(key) && !IsNull(_fields[key].Value);
    public YamlNode? KeyNode(string key) => _fields.TryGetValue(key, out var e) ? e.Key : null;
    public YamlNode? ValueNode(string key) => _fields.TryGetValue(key, out var e) ? e.Value : null;

    /// <summary>Where to point for a key: its value if present, else its key, else the mapping.</summary>
    public Pos PosOf(string key) =>
        _fields.TryGetValue(key, out var e) ? _report.At(IsNull(e.Value) ? e.Key : e.Value) : _report.At(Node);

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any,
            Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>A text value: trimmed, null when absent. Reports missing/empty when required and wrong types
    /// always.</summary>
    public (string Value, YamlScalarNode Node)? Text(string key, bool required, string? hint = null)
    {
        if (!_fields.TryGetValue(key, out var e))
        {
            if (required) _report.Error(Code(Codes.Missing), _report.At(Node), $"{Cap(What)} mangler feltet '{key}'."
                + (hint is null ? "" : " " + hint));
            return null;
        }
        if (e.Value is not YamlScalarNode scalar)
        {
            _report.Error(Code(Codes.WrongType), _report.At(e.Value),
                $"'{key}' i {What} skal være en enkelt værdi, ikke {Shape(e.Value)}.");
            return null;
        }
        if (IsNull(scalar) || string.IsNullOrWhiteSpace(scalar.Value))
        {
            if (required) _report.Error(Code(Codes.Missing), _report.At(e.Key), $"'{key}' i {What} er tomt."
                + (hint is null ? "" : " " + hint));
            return null;
        }
        return (scalar.Value!.Trim(), scalar);
    }

    /// <summary>A list value; null when absent (reported when required) or not a list.</summary>
    public YamlSequenceNode? List(string key, bool required, string? hint = null)
    {
        if (!_fields.TryGetValue(key, out var e))
        {
            if (required) _report.Error(Code(Codes.Missing), _report.At(Node), $"{Cap(What)} mangler feltet '{key}'."
                + (hint is null ? "" : " " + hint));
            return null;
        }
        if (IsNull(e.Value))
        {
            if (required) _report.Error(Code(Codes.Missing), _report.At(e.Key), $"'{key}' i {What} er tomt."
                + (hint is null ? "" : " " + hint));
            return null;
        }
        if (e.Value is not YamlSequenceNode seq)
        {
            _report.Error(Code(Codes.WrongType), _report.At(e.Value),
                $"'{key}' i {What} skal være en liste (linjer der starter med '- '), ikke {Shape(e.Value)}.");
            return null;
        }
        return seq;
    }

    /// <summary>A positive whole number (1, 2, 3 …).</summary>
    public (int Value, YamlNode Node)? Number(string key, bool required, string invalidCode)
    {
        var t = Text(key, required);
        if (t is not { } v) return null;
        if (!int.TryParse(v.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 100_000)
        {
            _report.Error(invalidCode, _report.At(v.Node),
                $"'{key}' i {What} skal være et helt tal 1, 2, 3 …, ikke '{Short(v.Value)}'.");
            return null;
        }
        return (n, v.Node);
    }

    public static string Shape(YamlNode node) => node switch
    {
        YamlSequenceNode => "en liste",
        YamlMappingNode => "flere felter (felt: værdi)",
        _ => "en enkelt værdi",
    };

    /// <summary>A value quoted in a message: at most 60 characters (never half a character pair). Control characters
    /// and line breaks are shown as escapes by <see cref="Diagnostic"/> itself.</summary>
    public static string Short(string s) =>
        s.Length <= 60 ? s : s[..(char.IsHighSurrogate(s[56]) ? 56 : 57)] + "...";

    /// <summary>A label at the start of a sentence ("punkt 2" → "Punkt 2"); a file name keeps its case.</summary>
    public static string Cap(string s) =>
        s.Length == 0 || s.StartsWith("site.yml", StringComparison.Ordinal) ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

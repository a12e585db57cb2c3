using System.Text.RegularExpressions;
using SiteGen.Common;
using SiteGen.Content;
using SiteGen.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace SiteGen.Validation;

/// <summary>Issue 14: no message or log ever quotes closed content. Diagnostics quote the text they are about (a
/// heading, a value, a line); when that text belongs to a closed item, a closed attachment, or an item whose status
/// cannot be read, the quote is replaced by a reference such as "punkt 2 (lukket)". Done once per file, after all its
/// checks, so every message (whoever writes or translates it) is covered; files without diagnostics cost nothing.
/// </summary>
internal static partial class ClosedText
{
    /// <summary>A piece of closed text and what a message says instead.</summary>
    private sealed record Secret(string Text, string Label);

    /// <summary>The closed content of one file: values and titles (few, also replaced where they are not quoted);
    /// the lines of closed items' text (found by a quote of a whole line, its start, or a long piece of it).
    /// Lookups are by hash or one search of the text, so a large closed item with many diagnostics stays cheap.
    /// </summary>
    private sealed class Closed
    {
        public List<Secret> Small { get; } = [];
        public Dictionary<string, string> Lines { get; } = new(StringComparer.Ordinal);
        public System.Text.StringBuilder Text { get; } = new();
        public List<(int Start, string Label)> Regions { get; } = [];
        public Dictionary<string, string?> Seen { get; } = new(StringComparer.Ordinal);
        private string? _text;

        public bool Empty => Small.Count == 0 && Lines.Count == 0;

        public void AddLine(string line, string label)
        {
            Lines.TryAdd(line, label);
            if (line.Length > 60) Lines.TryAdd(line[..57], label); // quoted cut short (YamlFields.Short)
        }

        public string? RegionAt(string quote)
        {
            _text ??= Text.ToString();
            var at = _text.IndexOf(quote, StringComparison.Ordinal);
            if (at < 0) return null;
            var label = Regions[0].Label;
            foreach (var (start, l) in Regions) if (start <= at) label = l;
            return label;
        }
    }

    // A quoted piece of a message: '…', "…", »…«, “…”, ‘…’.
    [GeneratedRegex("'([^']*)'|\"([^\"]*)\"|»([^«»]*)«|“([^“”]*)”|‘([^‘’]*)’")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"^\s*(?:-\s+)?(titel|dokument|fil|sagsnr|sagsgang)\s*:\s*(.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex SecretLine();

    [GeneratedRegex(@"^(\d+)\.")] private static partial Regex ItemNumber();

    // Any line with two or more '#' (after any indentation, list or quote marks): a heading the parser could read
    // as an item's, with the number it starts with, if any.
    [GeneratedRegex(@"^[\s>*+\-\d.]*##+\s*(\d*)", RegexOptions.Multiline)]
    private static partial Regex AnyHeading();

    private static bool AnyHeadingNotOpen(string body, Dictionary<int, int> statuses)
    {
        foreach (Match m in AnyHeading().Matches(body))
            if (!int.TryParse(m.Groups[1].Value, out var nr) || !statuses.TryGetValue(nr, out var s) || s != 1)
            {
                // A '###' section heading without a number says nothing; an item heading without one does.
                if (m.Groups[1].Value.Length == 0 && m.Value.TrimEnd().EndsWith("###", StringComparison.Ordinal))
                    continue;
                return true;
            }
        return false;
    }

    /// <summary>Keys of a closed item that the public sees (or that say nothing).</summary>
    private static readonly HashSet<string> PublicKeys = ["nr", "status", "offentlig_titel", "offentlig_beslutning"];

    /// <summary>Rewrites the diagnostics of <paramref name="fullPath"/> in place so none quotes closed content.
    /// </summary>
    public static void Redact(string fullPath, RunContext ctx, List<Diagnostic> diagnostics, byte[]? read = null)
    {
        if (diagnostics.Count == 0) return;
        var secrets = Secrets(fullPath, ctx, read);
        if (secrets.Empty) return;
        for (var i = 0; i < diagnostics.Count; i++)
        {
            var message = Apply(diagnostics[i].Message, secrets);
            if (!ReferenceEquals(message, diagnostics[i].Message))
                diagnostics[i] = diagnostics[i] with { Message = message };
        }
    }

    private static string Apply(string message, Closed secrets)
    {
        var result = Quoted().Replace(message, m =>
        {
            var quote = Core(m.Groups.Cast<Group>().Skip(1).First(g => g.Success).Value);
            if (!secrets.Seen.TryGetValue(quote, out var label)) secrets.Seen[quote] = label = Find(quote, secrets);
            return label ?? m.Value;
        });
        foreach (var s in secrets.Small.Where(s => s.Text.Length >= 6))
        {
            result = result.Replace(s.Text, s.Label, StringComparison.Ordinal);
            // Long texts are quoted cut short (YamlFields.Short).
            if (s.Text.Length > 60) result = result.Replace(s.Text[..57], s.Label, StringComparison.Ordinal);
        }
        return result.Length == message.Length && result == message ? message : result;
    }

    /// <summary>The quoted text without the heading marks and cut-off marks around it.</summary>
    private static string Core(string quote)
    {
        var c = quote.Trim();
        if (c.EndsWith("...", StringComparison.Ordinal)) c = c[..^3];
        if (c.EndsWith('…')) c = c[..^1];
        c = c.TrimStart('#').Trim();
        return ItemNumber().Match(c) is { Success: true } m ? c[m.Length..].Trim() : c;
    }

    /// <summary>The secret a quote shows: all of it, the start of it (a quote cut short), or a long piece of it.
    /// Short common words ('status', 'lukket') inside a closed text do not count: messages quote them as advice.
    /// </summary>
    private static string? Find(string quote, Closed secrets)
    {
        if (quote.Length == 0) return null;
        if (secrets.Lines.TryGetValue(quote, out var line)) return line;
        if (secrets.Small.FirstOrDefault(s => quote == s.Text
                || (s.Text.Length >= 6 && quote.Contains(s.Text, StringComparison.Ordinal))
                || (quote.Length >= 6 && s.Text.StartsWith(quote, StringComparison.Ordinal))
                || (quote.Length >= 20 && s.Text.Contains(quote, StringComparison.Ordinal))) is { } small)
            return small.Label;
        // A quote over several lines shows them as \n (Diagnostic.Visible).
        return quote.Length >= 20 && secrets.Regions.Count > 0
            ? secrets.RegionAt(quote.Replace("\\n", "\n", StringComparison.Ordinal))
            : null;
    }

    private static Closed Secrets(string fullPath, RunContext ctx, byte[]? read)
    {
        var secrets = new Closed();
        var (bytes, _) = read is not null ? (read, null)
            : InputFiles.Read(ctx.InputDirFull, fullPath, InputFiles.MaxReferatBytes);
        if (bytes is null || SourceDecoder.Decode(bytes) is not DecodeResult.Ok ok) return secrets;
        if (FrontMatter.Split(ok.Source.Text) is not SplitResult.Ok { Split: var split }) return secrets;
        // Item number → its status as the front matter gives it (1 åben, 2 lukket, 0 unreadable).
        var statuses = new Dictionary<int, int>();
        if (YamlLoader.Load(split.Yaml) is YamlLoader.Result.Ok { Root: YamlMappingNode root })
            FromYaml(root, statuses, secrets.Small);
        else
        {
            // Unreadable front matter: no item's status is known, so every value that could be closed is hidden.
            foreach (Match m in SecretLine().Matches(split.Yaml))
                Add(secrets.Small, m.Groups[2].Value.Trim('"', '\'', '“', '”', '‘', '’', ' '),
                    "(tekst fra et punkt, hvis status ikke kan læses)", 3);
        }
        // Parsing the text again is the costly part: skipped when every heading that could be an item's (at any
        // depth) is of an item the front matter lists as open, so no text of the body is closed.
        if (AnyHeadingNotOpen(split.Body, statuses)) FromBody(split, ctx, statuses, secrets);
        // Longest first, so a title is replaced whole before a shorter piece of it.
        secrets.Small.Sort((a, b) => b.Text.Length.CompareTo(a.Text.Length));
        return secrets;
    }

    private static void FromYaml(YamlMappingNode root, Dictionary<int, int> statuses, List<Secret> secrets)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("punkter"), out var list)
            || list is not YamlSequenceNode items) return;
        foreach (var item in items.OfType<YamlMappingNode>())
        {
            var nr = Scalar(item, "nr");
            var status = Status(item);
            var number = int.TryParse(nr, out var n) ? n : (int?)null;
            // The same number twice: open only when both entries are open.
            if (number is { } k) statuses[k] = statuses.TryGetValue(k, out var before) && before != 1 ? before : status;
            if (status != 1)
            {
                var label = Label(number, status == 2);
                foreach (var (key, value) in item.Children)
                    if (key is YamlScalarNode { Value: { } name } && !PublicKeys.Contains(name))
                        AddAll(value, label, secrets);
                continue;
            }
            if (!item.Children.TryGetValue(new YamlScalarNode("bilag"), out var b) || b is not YamlSequenceNode bilag)
                continue;
            foreach (var one in bilag.OfType<YamlMappingNode>().Where(x => Status(x) != 1))
            {
                var bnr = Scalar(one, "nr");
                var state = Status(one) == 2 ? "lukket" : "status ukendt";
                var label = $"bilag {bnr ?? "?"} til punkt {nr ?? "?"} ({state})";
                foreach (var (key, value) in one.Children)
                    if (key is YamlScalarNode { Value: not ("nr" or "status") })
                        AddAll(value, label, secrets);
            }
        }
    }

    private static void FromBody(SplitReferat split, RunContext ctx, Dictionary<int, int> statuses,
        Closed secrets)
    {
        var body = BodyParser.Parse(split.Body, split.BodyOffset);
        var items = body.Items;
        for (var i = 0; i < items.Count; i++)
        {
            var number = ItemNumber().Match(items[i].Heading.Trim()) is { Success: true } m
                && int.TryParse(m.Groups[1].Value, out var n) ? n : (int?)null;
            // Open only when the front matter says so; a heading without an entry is not known to be open.
            var status = number is { } k && statuses.TryGetValue(k, out var st) ? st : 0;
            if (status == 1) continue;
            var label = Label(number, status == 2);
            var start = items[i].HeadingOffset - split.BodyOffset;
            var end = i + 1 < items.Count ? items[i + 1].HeadingOffset - split.BodyOffset : split.Body.Length;
            if (start < 0 || end > split.Body.Length || start >= end) continue;
            secrets.Regions.Add((secrets.Text.Length, label));
            secrets.Text.Append(split.Body, start, end - start).Append('\n');
            var first = true;
            foreach (var raw in split.Body[start..end].Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith('#'))
                {
                    line = line.TrimStart('#').Trim();
                    if (ctx.Sektioner.Contains(line) || line == "Beslutning") continue; // the allowed names say nothing
                    if (ItemNumber().Match(line) is { Success: true } nm) line = line[nm.Length..].Trim();
                }
                if (line.Length < 4 || Harmless.Contains(line)) continue;
                secrets.AddLine(line, label);
                // The item's title is also replaced where a message names it without quotes.
                if (first) Add(secrets.Small, line, label, 6);
                first = false;
            }
        }
    }

    private static string Label(int? nr, bool closed) =>
        $"punkt {(nr is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")} " +
        (closed ? "(lukket)" : "(status ukendt)");

    private static int Status(YamlMappingNode node) => Scalar(node, "status")?.Trim() is { } s
        ? s.Equals("åben", StringComparison.OrdinalIgnoreCase) ? 1
        : s.Equals("lukket", StringComparison.OrdinalIgnoreCase) ? 2 : 0
        : 0;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    private static void AddAll(YamlNode node, string label, List<Secret> secrets)
    {
        switch (node)
        {
            case YamlScalarNode s when s.Value is { } v:
                Add(secrets, v.Trim(), label, 3);
                break;
            case YamlSequenceNode seq:
                foreach (var c in seq) AddAll(c, label, secrets);
                break;
            case YamlMappingNode map:
                foreach (var (key, c) in map.Children)
                    if (key is YamlScalarNode { Value: not ("nr" or "status") }) AddAll(c, label, secrets);
                break;
        }
    }

    /// <summary>Words that say nothing about a closed item (a status under a misspelt key, a type).</summary>
    private static readonly HashSet<string> Harmless = new(StringComparer.OrdinalIgnoreCase)
        { "åben", "lukket", "referat", "dagsorden", "Lukket punkt", "Lukket sag", "Lukket bilag" };

    private static void Add(List<Secret> secrets, string text, string label, int minLength)
    {
        // Multi-line values (block scalars) are quoted line by line at most.
        foreach (var part in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (part.Length >= minLength && !Harmless.Contains(part) && !part.All(char.IsAsciiDigit))
                secrets.Add(new Secret(part, label));
    }
}

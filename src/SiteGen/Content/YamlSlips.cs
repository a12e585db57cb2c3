using System.Text;
using System.Text.RegularExpressions;

namespace SiteGen.Content;

/// <summary>The slips a secretary makes in YAML (issue 14), each with its own code.</summary>
public enum YamlSlipKind
{
    /// <summary>A tab (the Tab key) in a line's indentation.</summary>
    TabIndent,
    /// <summary>A non-breaking space or a zero-width character, pasted from Word or an e-mail.</summary>
    Invisible,
    /// <summary>Word's curly quotes (“ ” ‘ ’ „) around a value.</summary>
    CurlyQuotes,
    /// <summary>An unquoted ': ' inside a value (<c>sted: Rådhuset, lokale 2: stuen</c>).</summary>
    ColonInValue,
    /// <summary>A list item ('- ') or a key in a list item out of line with its neighbours.</summary>
    ListIndent,
}

/// <summary>One slip; line and column are relative to the YAML text (1-based). The message is Danish and says
/// what to write instead. <paramref name="EvenIfReadable"/>: a slip even when the parser reads the text (a list item
/// out of line is read as the end of the item above: two members become one).</summary>
public sealed record YamlSlip(YamlSlipKind Kind, int Line, int Column, string Message, bool EvenIfReadable = false);

/// <summary>Finds the common slips in YAML text before the parser sees it, so a secretary gets a Danish message
/// that names the character or construct instead of the parser's own words, and returns the text with each slip
/// repaired (so the rest of the file is still checked). A repaired text is never published: every slip is an
/// error. Values are quoted in a suggested fix only where they are public (never inside <c>punkter</c>, where an
/// item or attachment may be closed).</summary>
public static partial class YamlSlips
{
    /// <summary>More slips than this in one text are not reported.</summary>
    public const int MaxSlips = 25;

    private const string CurlyChars = "“”‘’„‚«»";

    [GeneratedRegex(@"^(?<pre>[ ]*(?:-[ ]+)*)(?<key>[^\s:#'""“”‘’„‚«»\[\]{}|>&*!%@`-][^:#]*?):(?:[ ]+(?<value>.*))?$")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^(?<pre>[ ]*(?:-[ ]+)+)(?<value>.*)$")]
    private static partial Regex ItemLine();

    [GeneratedRegex(@"^[|>][-+0-9]*\s*(#.*)?$")]
    private static partial Regex BlockIndicator();

    /// <summary>Invisible characters and curly quotes: slips wherever they are, even when the YAML can be read
    /// (the value would silently hold them).</summary>
    /// <param name="site">site.yml: every value is public and may be quoted in a fix.</param>
    public static (List<YamlSlip> Slips, string Repaired) FindCharacters(string yaml, bool site)
    {
        var slips = new List<YamlSlip>();
        if (!HasSuspect(yaml)) return (slips, yaml);
        var lines = yaml.Split('\n');
        var publicLine = PublicLines(lines, site);
        for (var n = 0; n < lines.Length; n++)
        {
            lines[n] = RepairInvisible(lines[n], n + 1, slips);
            lines[n] = RepairCurly(lines[n], n + 1, publicLine[n], slips);
        }
        return (Cap(slips), string.Join('\n', lines));
    }

    /// <summary>Tabs in indentation, unquoted colons in values and list items out of line: looked for only when
    /// the parser could not read the text (these constructs can be valid YAML elsewhere).</summary>
    public static (List<YamlSlip> Slips, string Repaired) FindStructure(string yaml, bool site)
    {
        var slips = new List<YamlSlip>();
        var lines = yaml.Split('\n');
        var publicLine = PublicLines(lines, site);
        var block = BlockContent(lines);
        for (var n = 0; n < lines.Length; n++)
        {
            if (block[n]) continue;
            lines[n] = RepairTab(lines[n], n + 1, slips);
            lines[n] = RepairColon(lines[n], n + 1, publicLine[n], slips);
        }
        RepairListIndent(lines, block, slips);
        return (Cap(slips), string.Join('\n', lines));
    }

    private static List<YamlSlip> Cap(List<YamlSlip> slips) =>
        [.. slips.OrderBy(s => s.Line).ThenBy(s => s.Column).Take(MaxSlips)];

    private static bool HasSuspect(string yaml)
    {
        foreach (var c in yaml)
            if (InvisibleName(c) is not null || CurlyChars.Contains(c)) return true;
        return false;
    }

    /// <summary>The Danish name of a character that looks like a space or like nothing at all, or null.</summary>
    public static string? InvisibleName(char c) => c switch
    {
        '\u00A0' => "et hårdt mellemrum (U+00A0, no-break space)",
        '\u202F' => "et smalt hårdt mellemrum (U+202F)",
        '\u2007' => "et tal-mellemrum (U+2007)",
        '\u200B' => "et usynligt nulbredde-tegn (U+200B, zero width space)",
        '\u200C' => "et usynligt nulbredde-tegn (U+200C, zero width non-joiner)",
        '\u200D' => "et usynligt nulbredde-tegn (U+200D, zero width joiner)",
        '\u2060' => "et usynligt ordsammenbindingstegn (U+2060, word joiner)",
        '\uFEFF' => "et usynligt byte-order-tegn (U+FEFF) midt i teksten",
        _ => null,
    };

    private static string RepairInvisible(string line, int n, List<YamlSlip> slips)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < line.Length; i++)
        {
            var name = InvisibleName(line[i]);
            if (name is null) { sb?.Append(line[i]); continue; }
            sb ??= new StringBuilder(line.Length).Append(line, 0, i);
            var space = line[i] is '\u00A0' or '\u202F' or '\u2007';
            slips.Add(new YamlSlip(YamlSlipKind.Invisible, n, i + 1, $"Her står {name}. Det kommer typisk med, " +
                "når tekst kopieres fra Word eller en e-mail, og ses ikke i editoren, men SiteGen læser det som et " +
                "andet tegn. " + (space
                    ? "Slet det og skriv et almindeligt mellemrum."
                    : "Slet det (skriv ordet om, eller slet tegnet før og efter og skriv dem igen).")));
            if (space) sb.Append(' ');
        }
        return sb?.ToString() ?? line;
    }

    private static string RepairCurly(string line, int n, bool isPublic, List<YamlSlip> slips)
    {
        if (line.AsSpan().IndexOfAny(CurlyChars) < 0) return line;
        var (pre, key, value) = Split(line);
        if (value is null) return line;
        var trimmed = value.TrimEnd();
        if (trimmed.Length == 0 || !CurlyChars.Contains(trimmed[0])) return line;
        var closes = trimmed.Length > 1 && CurlyChars.Contains(trimmed[^1]);
        var inner = trimmed[1..(closes ? trimmed.Length - 1 : trimmed.Length)];
        var quote = inner.Contains('"') || inner.Contains('\\') ? '\'' : '"';
        var fixedValue = quote + (quote == '\'' ? inner.Replace("'", "''", StringComparison.Ordinal) : inner) + quote;
        var shown = $"{trimmed[0]}…{(closes ? trimmed[^1] : "")}";
        slips.Add(new YamlSlip(YamlSlipKind.CurlyQuotes, n, pre.Length + 1, $"Værdien står i typografiske " +
            $"anførselstegn ({shown}), som Word og e-mail sætter i stedet for almindelige. Brug lige anførselstegn " +
            $"(\"): skriv {Fix(key, Shown(fixedValue, isPublic))}" +
            (Quotable(fixedValue, isPublic) ? "." : " med værdien inden i.")));
        return pre + fixedValue;
    }

    private static string RepairTab(string line, int n, List<YamlSlip> slips)
    {
        var i = 0;
        while (i < line.Length && (line[i] is ' ' or '\t' || (line[i] == '-' && i + 1 < line.Length
            && line[i + 1] is ' ' or '\t'))) i++;
        var tab = line.IndexOf('\t', 0, i);
        if (tab < 0) return line;
        slips.Add(new YamlSlip(YamlSlipKind.TabIndent, n, tab + 1, "Linjen er rykket ind med et tabulatortegn " +
            "(Tab-tasten). Mødeoplysningerne og site.yml skal rykkes ind med almindelige mellemrum: slet " +
            "tabulatoren og skriv mellemrum i stedet, så linjen står lige under de linjer, den hører sammen med."));
        return line[..i].Replace('\t', ' ') + line[i..];
    }

    private static string RepairColon(string line, int n, bool isPublic, List<YamlSlip> slips)
    {
        var (pre, key, value) = Split(line);
        if (key is null || value is null) return line;
        var trimmed = value.TrimEnd();
        if (trimmed.Length == 0 || "\"'[{|>&*!#%@`".Contains(trimmed[0]) || CurlyChars.Contains(trimmed[0]))
            return line;
        var colon = trimmed.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0 && trimmed.EndsWith(':')) colon = trimmed.Length - 1;
        var comment = trimmed.IndexOf(" #", StringComparison.Ordinal);
        if (colon < 0 || (comment >= 0 && comment < colon)) return line;
        var quoted = trimmed.Contains('"') || trimmed.Contains('\\')
            ? "'" + trimmed.Replace("'", "''", StringComparison.Ordinal) + "'"
            : "\"" + trimmed + "\"";
        var column = line.Length - value.Length + colon + 1;
        slips.Add(new YamlSlip(YamlSlipKind.ColonInValue, n, column, $"Værdien af '{key}' indeholder et kolon " +
            "med mellemrum efter (': '), som læses som starten på et nyt felt. Sæt hele værdien i anførselstegn: " +
            $"skriv {Fix(key, Shown(quoted, isPublic))}" +
            (Quotable(quoted, isPublic) ? "." : " med værdien inden i.")));
        return line[..(line.Length - value.Length)] + quoted;
    }

    /// <summary>A list item ('- ') must stand under the other items of its list; a key inside a list item under
    /// the item's first key.</summary>
    private static void RepairListIndent(string[] lines, bool[] block, List<YamlSlip> slips)
    {
        // The open lists, outermost first: where their '- ' stands, and where the keys of their current item start.
        var lists = new List<(int Dash, int Content)>();
        var opener = false;  // the line before is 'key:' with nothing after it
        var previousKey = -1; // the indent of the line before when it is 'key: value'
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            var indent = line.Length - line.TrimStart(' ').Length;
            var rest = line[indent..];
            if (block[n] || rest.Length == 0 || rest[0] == '#') continue;
            if (rest == "-" || rest.StartsWith("- ", StringComparison.Ordinal))
            {
                if (opener && (lists.Count == 0 || indent > lists[^1].Dash)) lists.Add((indent, -1));
                else
                {
                    int? popped = null; // the nearest list deeper than this item
                    while (lists.Count > 0 && lists[^1].Dash > indent)
                    {
                        popped = lists[^1].Dash;
                        lists.RemoveAt(lists.Count - 1);
                    }
                    if (lists.Count > 0 && lists[^1].Dash == indent) { }
                    else if (popped is null && lists.Count == 0) lists.Add((indent, -1));
                    else
                    {
                        // Between two levels (or deeper than its list without a 'key:' to open a new one): it
                        // belongs to the nearest list, whose items stand elsewhere.
                        var expected = popped ?? lists[^1].Dash;
                        if (popped is { } p) lists.Add((p, -1));
                        slips.Add(new YamlSlip(YamlSlipKind.ListIndent, n + 1, indent + 1, "Listepunktet ('- ') er " +
                            $"rykket {indent} mellemrum ind, men de andre punkter i samme liste står med {expected}. " +
                            $"Ret det til {expected} mellemrum, så alle '- ' i listen står lige under hinanden.",
                            EvenIfReadable: true));
                        lines[n] = new string(' ', expected) + rest;
                    }
                }
                var item = ItemLine().Match(lines[n]);
                lists[^1] = (lists[^1].Dash, item.Groups["pre"].Length);
            }
            else if (KeyLine().Match(line) is { Success: true } k)
            {
                if (lists.Count > 0 && lists[^1] is var (dash, content) && content > 0 && indent > dash && !opener
                    && indent != content && (indent < content || previousKey == content))
                {
                    slips.Add(new YamlSlip(YamlSlipKind.ListIndent, n + 1, indent + 1, $"Feltet " +
                        $"'{k.Groups["key"].Value.Trim()}' er rykket {indent} mellemrum ind, men de andre felter i " +
                        $"samme listepunkt står med {content}. Ret det til {content} mellemrum, så felterne står " +
                        "lige under hinanden."));
                    lines[n] = new string(' ', content) + rest;
                    indent = content;
                }
                while (lists.Count > 0 && lists[^1].Dash >= indent) lists.RemoveAt(lists.Count - 1);
            }
            var key = KeyLine().Match(lines[n]);
            var value = key.Success ? key.Groups["value"].Value.Trim() : "";
            opener = key.Success && value.Length == 0;
            previousKey = key.Success && value.Length > 0 ? lines[n].Length - lines[n].TrimStart(' ').Length : -1;
            if (key.Success && rest.StartsWith("- ", StringComparison.Ordinal)) previousKey = lists[^1].Content;
        }
    }

    /// <summary>Which lines hold the content of a block scalar ('|' or '>'): free text, not YAML structure.</summary>
    private static bool[] BlockContent(string[] lines)
    {
        var block = new bool[lines.Length];
        var parent = -1;
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            var indent = line.Length - line.TrimStart(' ', '\t').Length;
            if (parent >= 0 && (line.Trim().Length == 0 || indent > parent)) { block[n] = true; continue; }
            parent = -1;
            if (KeyLine().Match(line) is { Success: true } m && BlockIndicator().IsMatch(m.Groups["value"].Value))
                parent = m.Groups["key"].Index;
        }
        return block;
    }

    /// <summary>Whether each line's values may be quoted in a message: in site.yml all; in a referat all but the
    /// lines of <c>punkter</c> (an item or attachment there may be closed).</summary>
    private static bool[] PublicLines(string[] lines, bool site)
    {
        var result = new bool[lines.Length];
        var top = "";
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (line.Length > 0 && line[0] is not (' ' or '\t' or '-' or '#') && line.Contains(':'))
                top = line[..line.IndexOf(':')].Trim();
            result[n] = site || top != "punkter";
        }
        return result;
    }

    /// <summary>(the line up to the value, the key or null for a plain list item, the value or null).</summary>
    private static (string Pre, string? Key, string? Value) Split(string line)
    {
        var k = KeyLine().Match(line);
        if (k.Success)
        {
            var v = k.Groups["value"];
            var key = k.Groups["key"].Value.Trim();
            if (key.Length > 40) key = key[..(char.IsHighSurrogate(key[36]) ? 36 : 37)] + "...";
            return v.Success ? (line[..v.Index], key, v.Value) : (line, key, null);
        }
        var item = ItemLine().Match(line);
        return item.Success ? (item.Groups["pre"].Value, null, item.Groups["value"].Value) : (line, null, null);
    }

    /// <summary>A value may be written out in a fix when it is public and short enough for one message line.
    /// </summary>
    private static bool Quotable(string value, bool isPublic) => isPublic && value.Length <= 80;

    private static string Shown(string value, bool isPublic) => Quotable(value, isPublic) ? value : "\"…\"";

    private static string Fix(string? key, string value) => key is null ? $"- {value}" : $"{key}: {value}";
}

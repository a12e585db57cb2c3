using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SiteGen.Content;

/// <summary>A fence line that was not written '---' (<paramref name="Written"/>, e.g. "--" or "—"), or, with
/// <paramref name="Missing"/>, the item heading before which the closing fence is missing. The line is 1-based in
/// the file.</summary>
public sealed record FenceSlip(int Line, bool Opening, bool Missing, string Written);

/// <summary>A referat split into YAML front matter and Markdown body, with offsets into the file text.
/// <see cref="Slips"/> lists fences that were misspelt or missing but could be placed (each is an error).</summary>
public sealed record SplitReferat(string Yaml, int YamlFirstLine, string Body, int BodyOffset)
{
    public IReadOnlyList<FenceSlip> Slips { get; init; } = [];
}

public abstract record SplitResult
{
    public sealed record Ok(SplitReferat Split) : SplitResult;
    public sealed record NoOpening : SplitResult;
    public sealed record NotClosed : SplitResult;
}

public static partial class FrontMatter
{
    public static SplitResult Split(string text)
    {
        var firstEnd = text.IndexOf('\n');
        var firstLine = firstEnd < 0 ? text.AsSpan() : text.AsSpan(0, firstEnd);
        var slips = new List<FenceSlip>();
        if (!IsFence(firstLine))
        {
            if (!IsFenceLike(firstLine)) return new SplitResult.NoOpening();
            slips.Add(new FenceSlip(1, true, false, firstLine.Trim().ToString()));
        }
        if (firstEnd < 0) return new SplitResult.NotClosed();

        var yamlStart = firstEnd + 1;
        var pos = yamlStart;
        var lineNo = 2;
        while (pos <= text.Length)
        {
            var end = text.IndexOf('\n', pos);
            var line = end < 0 ? text.AsSpan(pos) : text.AsSpan(pos, end - pos);
            var fence = IsFence(line);
            if (fence || IsFenceLike(line))
            {
                if (!fence) slips.Add(new FenceSlip(lineNo, false, false, line.Trim().ToString()));
                var bodyOffset = end < 0 ? text.Length : end + 1;
                return new SplitResult.Ok(new SplitReferat(text[yamlStart..pos], 2, text[bodyOffset..], bodyOffset)
                    { Slips = slips });
            }
            if (ItemHeading().IsMatch(line))
            {
                // The body starts here: the closing fence was forgotten (a YAML comment never looks like this).
                slips.Add(new FenceSlip(lineNo, false, true, ""));
                return new SplitResult.Ok(
                    new SplitReferat(text[yamlStart..pos], 2, text[pos..], pos) { Slips = slips });
            }
            if (end < 0) break;
            pos = end + 1;
            lineNo++;
        }
        return new SplitResult.NotClosed();
    }

    // A line "---", trailing whitespace allowed (looked at in place: no string per line).
    private static bool IsFence(ReadOnlySpan<char> line) => line.TrimEnd().SequenceEqual("---");

    /// <summary>A line meant as a fence: only dashes (of any kind) and spaces, with two hyphens in a row or a
    /// typographic dash ("--", "----", "—", "– – –"); never a YAML list item ("-", "- -").</summary>
    private static bool IsFenceLike(ReadOnlySpan<char> line)
    {
        var t = line.Trim();
        if (t.Length == 0 || t.SequenceEqual("---")) return false;
        foreach (var c in t)
            if (c is not ('-' or '–' or '—' or '‒' or '―' or '−' or ' ' or '\t')) return false;
        return t.Contains("--", StringComparison.Ordinal) || t.IndexOfAny("–—‒―−") >= 0;
    }

    [GeneratedRegex(@"^##[ \t]*\d+\.?[ \t]")] private static partial Regex ItemHeading();
}

/// <summary>What kind of problem the loader found: each kind has its own diagnostic code.</summary>
public enum YamlProblemKind
{
    /// <summary>Not YAML at all, a key given twice, more than one document, extreme nesting.</summary>
    Syntax,
    /// <summary>An anchor (<c>&amp;name</c>) or alias (<c>*name</c>): a value copied from elsewhere.</summary>
    AnchorOrAlias,
    /// <summary>A tag (<c>!x</c>, <c>!!x</c>, <c>!</c>): a value read as something else than written.</summary>
    Tag,
    /// <summary>A merge key (<c>&lt;&lt;</c>): keys copied from another mapping.</summary>
    MergeKey,
    /// <summary>A list or mapping used as a key, or an explicit key (<c>? </c>).</summary>
    ComplexKey,
    /// <summary>A value holding a character that is never allowed (written as an escape, e.g. <c>"\x07"</c>).</summary>
    Character,
}

/// <summary>One problem in YAML text; line and column are relative to the YAML text (1-based).</summary>
public sealed record YamlProblem(YamlProblemKind Kind, int Line, int Column, string Message);

/// <summary>Parses restricted YAML into the representation model (every node keeps its Start mark).
/// Front matter and site.yml are plain data: anchors, aliases, tags, merge keys and complex keys are refused
/// before the loader sees them, so no value can be copied from elsewhere (a closed item's <c>bilag</c>) or read
/// as something else than it says (<c>status: !x åben</c>).</summary>
public static class YamlLoader
{
    public abstract record Result
    {
        public sealed record Ok(YamlNode? Root) : Result;
        /// <summary>Every problem found, in text order (at least one).</summary>
        public sealed record Rejected(IReadOnlyList<YamlProblem> Problems) : Result;
    }

    /// <summary>Deeper nesting than this is never a referat; it would only risk the loader's stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>More problems than this in one text are not reported (the first ones are enough to act on).</summary>
    public const int MaxProblems = 25;

    public static Result Load(string yaml)
    {
        var stream = new YamlStream();
        // The checks run on the events as the loader reads them (one pass over the text, not two): the loader
        // never gets what they reject. After a rejected event (or a loader error) the rest of the text is still
        // checked, so every restricted construct is reported in one run.
        var parser = new CheckingParser(yaml);
        YamlProblem? loaderError = null;
        try
        {
            stream.Load(parser);
        }
        catch (StopLoading)
        {
            // A check rejected an event, or the parser failed: recorded in parser.Problems.
        }
        catch (YamlException ex) when (!parser.Stopped)
        {
            // The loader's own objection (a key given twice); it counts only if the checks find nothing.
            loaderError = new YamlProblem(YamlProblemKind.Syntax, Math.Max(1, (int)ex.Start.Line),
                Math.Max(1, (int)ex.Start.Column), Clean(ex));
        }
        catch (Exception ex) when (!parser.Stopped
            && ex is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            loaderError = new YamlProblem(YamlProblemKind.Syntax, 1, 1, "YAML-teksten kan ikke læses.");
        }
        parser.CheckRest();
        if (parser.Problems.Count > 0)
            return new Result.Rejected([.. parser.Problems.OrderBy(p => p.Line).ThenBy(p => p.Column)]);
        if (loaderError is not null) return new Result.Rejected([loaderError]);
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            return new Result.Rejected([new YamlProblem(YamlProblemKind.Syntax, (int)second.Line, (int)second.Column,
                "Der må kun være én blok mødeoplysninger: slet den ekstra linje '---' eller '...'.")]);
        }
        return new Result.Ok(stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode);
    }

    /// <summary>Thrown to the loader when it must not read on; the problems are in the parser.</summary>
    private sealed class StopLoading : Exception;

    /// <summary>YamlDotNet's parser with checks on every event (no recursion: the open lists and mappings are a
    /// list), for what the representation model must never get: anchors, aliases, tags, merge keys, complex keys,
    /// bad characters in values, and extreme nesting. The first problem stops the loader; the rest of the text is
    /// still read (by <see cref="CheckRest"/>) to report every problem.</summary>
    private sealed class CheckingParser : IParser
    {
        private readonly string _yaml;
        private readonly Parser _parser;
        private readonly KeyWatchingScanner _scanner;
        private readonly List<Open> _open = [];
        private Mark _last;
        private bool _ended;

        public CheckingParser(string yaml)
        {
            _yaml = yaml;
            _scanner = new KeyWatchingScanner(new Scanner(new StringReader(yaml)));
            _parser = new Parser(_scanner);
        }

        /// <summary>An open list or mapping, and whether a mapping's next node is a key.</summary>
        private record struct Open(bool IsMapping, bool NextIsKey);

        public List<YamlProblem> Problems { get; } = [];

        /// <summary>The parser failed, a check rejected an event or there were too many problems: the loader
        /// gets no more.</summary>
        public bool Stopped { get; private set; }

        public ParsingEvent? Current => _parser.Current;

        public bool MoveNext()
        {
            if (_ended) return false;
            if (Stopped) throw new StopLoading();
            var ok = Read();
            if (Problems.Count > 0)
            {
                Stopped = true;
                throw new StopLoading();
            }
            return ok;
        }

        /// <summary>Reads and checks the events the loader did not get to.</summary>
        public void CheckRest()
        {
            Stopped = true;
            while (!_ended && Read()) { }
        }

        /// <summary>The next event, checked; false at the end or when reading cannot go on.</summary>
        private bool Read()
        {
            try
            {
                if (!_parser.MoveNext())
                {
                    _ended = true;
                    return false;
                }
            }
            catch (YamlException ex)
            {
                Fail(new YamlProblem(YamlProblemKind.Syntax, Math.Max(1, (int)ex.Start.Line),
                    Math.Max(1, (int)ex.Start.Column), Clean(ex)));
                return false;
            }
            catch (Exception ex)
                when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
            {
                // YamlDotNet fails like this on some unterminated input; point after the last part it could read.
                Fail(new YamlProblem(YamlProblemKind.Syntax, Math.Max(1, (int)_last.Line),
                    Math.Max(1, (int)_last.Column),
                    "YAML-teksten kan ikke læses efter dette sted. Se efter en '[', '{' eller et anførselstegn, " +
                    "der ikke bliver lukket."));
                return false;
            }
            var ev = _parser.Current!;
            _last = ev.End;
            if (_scanner.TakeExplicitKey() is { } key)
                Add(YamlProblemKind.ComplexKey, key,
                    "Et felt skrevet med '? ' er ikke tilladt. Skriv feltnavnet som et almindeligt ord efterfulgt " +
                    "af kolon.");
            Check(ev);
            if (Problems.Count >= MaxProblems) _ended = true;
            return !_ended;
        }

        private void Fail(YamlProblem problem)
        {
            if (Problems.Count < MaxProblems) Problems.Add(problem);
            _ended = true;
        }

        private void Add(YamlProblemKind kind, Mark at, string message)
        {
            if (Problems.Count < MaxProblems)
                Problems.Add(new YamlProblem(kind, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), message));
        }

        private void Check(ParsingEvent ev)
        {
            var isKey = _open.Count > 0 && _open[^1] is { IsMapping: true, NextIsKey: true };
            if (ev is NodeEvent node)
            {
                if (!node.Anchor.IsEmpty)
                    Add(YamlProblemKind.AnchorOrAlias, ev.Start, $"Et anker ('&{Quote(node.Anchor.Value)}') " +
                        "er ikke tilladt her. Fjern det, og skriv hver værdi ud, hvor den hører til.");
                if (!node.Tag.IsEmpty)
                    Add(YamlProblemKind.Tag, ev.Start, $"Et mærke ('{Quote(node.Tag.Value)}') er ikke tilladt her: " +
                        "værdier læses, som de står. Fjern det (sæt værdien i anførselstegn, hvis den skal være " +
                        "tekst).");
            }
            switch (ev)
            {
                case SequenceEnd or MappingEnd:
                    if (_open.Count > 0) _open.RemoveAt(_open.Count - 1);
                    Advance();
                    return;
                case AnchorAlias alias:
                    // An alias is a node in its own right: it takes its turn as key or value.
                    Add(YamlProblemKind.AnchorOrAlias, ev.Start, $"En henvisning ('*{Quote(alias.Value.Value)}') " +
                        "er ikke tilladt her: den ville kopiere en værdi fra et andet sted. " +
                        "Skriv værdien ud her.");
                    Advance();
                    return;
                case Scalar scalar:
                    if (isKey && scalar.Value == "<<" && scalar.Style == ScalarStyle.Plain)
                        Add(YamlProblemKind.MergeKey, ev.Start, "En fletning ('<<') er ikke tilladt her: den " +
                            "ville kopiere felter fra et andet sted. Skriv hvert felt ud, hvor det hører til.");
                    CheckCharacters(scalar);
                    Advance();
                    return;
                case SequenceStart or MappingStart:
                    if (isKey)
                        Add(YamlProblemKind.ComplexKey, ev.Start,
                            "Et feltnavn skal være et almindeligt ord, ikke en liste.");
                    _open.Add(new Open(ev is MappingStart, true));
                    if (_open.Count > MaxDepth)
                        Fail(new YamlProblem(YamlProblemKind.Syntax, (int)ev.Start.Line, (int)ev.Start.Column,
                            "Listerne og felterne er indlejret for dybt i hinanden."));
                    return;
            }
        }

        private void Advance()
        {
            if (_open.Count == 0) return;
            var top = _open[^1];
            _open[^1] = top with { NextIsKey = !top.NextIsKey };
        }

        /// <summary>A value may hold a bad character only through an escape (the file text itself was checked
        /// before): point at the escape when it can be found, else at the value.</summary>
        private void CheckCharacters(Scalar scalar)
        {
            if (CharacterRules.FirstBad(scalar.Value) is not { } bad) return;
            var at = scalar.Start;
            var start = (int)Math.Clamp(scalar.Start.Index, 0, _yaml.Length);
            var end = (int)Math.Clamp(scalar.End.Index, start, _yaml.Length);
            if (CharacterRules.FirstBadEscape(_yaml.AsSpan(start, end - start)) is { } offset)
                at = MarkAt(start + offset, scalar.Start);
            Add(YamlProblemKind.Character, at, $"Værdien indeholder {CharacterRules.Describe(bad)}, som aldrig er " +
                "tilladt (det ville ødelægge de offentliggjorte sider og feeds). Fjern det.");
        }

        /// <summary>The mark of a character index, counted from a known mark before it.</summary>
        private Mark MarkAt(int index, Mark from)
        {
            var line = (int)from.Line;
            var column = (int)from.Column;
            for (var i = (int)from.Index; i < index && i < _yaml.Length; i++)
            {
                if (_yaml[i] == '\n') { line++; column = 1; }
                else column++;
            }
            return new Mark(index, line, column);
        }
    }

    /// <summary>Passes the tokens on, noting an explicit key ('? '): the parser's events do not tell it apart
    /// from a plain key. A simple key's token is empty; an explicit key's token spans the '?'.</summary>
    private sealed class KeyWatchingScanner(Scanner inner) : IScanner
    {
        private YamlDotNet.Core.Tokens.Token? _seen;
        private Mark? _explicitKey;

        public Mark CurrentPosition => inner.CurrentPosition;
        public YamlDotNet.Core.Tokens.Token? Current => inner.Current;

        public bool MoveNext() => Watch(inner.MoveNext());
        public bool MoveNextWithoutConsuming() => Watch(inner.MoveNextWithoutConsuming());
        public void ConsumeCurrent() => inner.ConsumeCurrent();

        /// <summary>The explicit key seen since the last call, if any.</summary>
        public Mark? TakeExplicitKey()
        {
            var key = _explicitKey;
            _explicitKey = null;
            return key;
        }

        private bool Watch(bool moved)
        {
            if (moved && inner.Current is { } token && !ReferenceEquals(token, _seen))
            {
                _seen = token;
                if (token is YamlDotNet.Core.Tokens.Key && token.End.Index > token.Start.Index && _explicitKey is null)
                    _explicitKey = token.Start;
            }
            return moved;
        }
    }

    /// <summary>A name echoed in a message, cut short (never half a character pair); Diagnostic shows control
    /// characters as escapes.</summary>
    private static string Quote(string s) => s.Length <= 40 ? s : s[..(char.IsHighSurrogate(s[36]) ? 36 : 37)] + "...";

    /// <summary>The parser's objection in plain Danish (its English text never reaches the user); the position
    /// is given by the diagnostic itself.</summary>
    private static string Clean(YamlException ex)
    {
        var inner = ex;
        while (inner.InnerException is YamlException deeper) inner = deeper;
        return InDanish(inner.Message);
    }

    internal static string InDanish(string parserMessage)
    {
        bool Has(string s) => parserMessage.Contains(s, StringComparison.OrdinalIgnoreCase);
        if (Has("duplicate key")) return "Et felt står to gange her; behold kun det ene.";
        if (Has("tab")) return "Her er der brugt et tabulatortegn (Tab-tasten), hvor der skal stå mellemrum.";
        if (Has("simple key"))
            return "Her mangler et kolon (':') efter feltnavnet, eller linjen er rykket forkert ind i forhold til " +
                "linjen over.";
        if (Has("mapping values are not allowed") || Has("found invalid mapping"))
            return "Her står et kolon (':'), der ikke kan placeres: sæt værdien i anførselstegn (\"...\"), hvis den " +
                "indeholder et kolon, eller ret indrykningen.";
        if (Has("block collection") || Has("block sequence entries"))
            return "Listepunktet ('- ') passer ikke ind: alle '- ' i samme liste skal stå lige under hinanden.";
        if (Has("block mapping")) return "Linjen passer ikke ind i felterne over: tjek at den er rykket lige så " +
            "meget ind som de felter, den hører sammen med, og at anførselstegn er lukket.";
        if (Has("quoted scalar, found unexpected end")) return "Et anførselstegn bliver aldrig lukket.";
        if (Has("escape") || Has("hexadecimal") || Has("surrogates"))
            return "En værdi i anførselstegn har en ugyldig '\\'-kode: skriv '\\\\' for en omvendt skråstreg, eller " +
                "brug enkelte anførselstegn (').";
        if (Has("flow sequence")) return "En liste i '[ ]' er ikke lukket rigtigt: tjek kommaer og ']'.";
        if (Has("flow mapping")) return "En gruppe i '{ }' er ikke lukket rigtigt: tjek kommaer og '}'.";
        if (Has("document")) return "Her står en linje, der ikke hører til mødeoplysningerne ('---' eller '...').";
        if (Has("block scalar")) return "En tekstblok ('|' eller '>') er skrevet forkert: teksten skal stå på " +
            "linjerne under, rykket ind.";
        return "YAML-teksten kan ikke læses her.";
    }
}

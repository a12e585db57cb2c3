using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SiteGen.Content;

/// <summary>A referat split into YAML front matter and Markdown body, with offsets into the file text.</summary>
public sealed record SplitReferat(string Yaml, int YamlFirstLine, string Body, int BodyOffset);

public abstract record SplitResult
{
    public sealed record Ok(SplitReferat Split) : SplitResult;
    public sealed record NoOpening : SplitResult;
    public sealed record NotClosed : SplitResult;
}

public static class FrontMatter
{
    public static SplitResult Split(string text)
    {
        var firstEnd = text.IndexOf('\n');
        var firstLine = firstEnd < 0 ? text.AsSpan() : text.AsSpan(0, firstEnd);
        if (!IsFence(firstLine)) return new SplitResult.NoOpening();
        if (firstEnd < 0) return new SplitResult.NotClosed();

        var yamlStart = firstEnd + 1;
        var pos = yamlStart;
        while (pos <= text.Length)
        {
            var end = text.IndexOf('\n', pos);
            var line = end < 0 ? text.AsSpan(pos) : text.AsSpan(pos, end - pos);
            if (IsFence(line))
            {
                var bodyOffset = end < 0 ? text.Length : end + 1;
                return new SplitResult.Ok(new SplitReferat(text[yamlStart..pos], 2, text[bodyOffset..], bodyOffset));
            }
            if (end < 0) break;
            pos = end + 1;
        }
        return new SplitResult.NotClosed();
    }

    // A line "---", trailing whitespace allowed (looked at in place: no string per line).
    private static bool IsFence(ReadOnlySpan<char> line) => line.TrimEnd().SequenceEqual("---");
}

/// <summary>Parses YAML into the representation model (every node keeps its Start mark).</summary>
public static class YamlLoader
{
    public abstract record Result
    {
        public sealed record Ok(YamlNode? Root) : Result;
        /// <summary>Line/column relative to the YAML text (1-based).</summary>
        public sealed record SyntaxError(int Line, int Column, string Message) : Result;
    }

    /// <summary>Deeper nesting than this is never a referat; it would only risk the loader's stack.</summary>
    public const int MaxDepth = 64;

    public static Result Load(string yaml)
    {
        var stream = new YamlStream();
        // The checks run on the events as the loader reads them (one pass over the text, not two): the loader
        // never gets what they reject. Where the loader fails first, the rest is checked before its error counts,
        // so the first problem reported is the same as if the whole text had been checked before loading.
        var parser = new CheckingParser(yaml);
        try
        {
            try
            {
                stream.Load(parser);
            }
            catch (Exception) when (!parser.Stopped)
            {
                parser.CheckRest();
                throw;
            }
        }
        catch (CheckFailed failed)
        {
            return failed.Error;
        }
        catch (YamlException ex)
        {
            return new Result.SyntaxError(Math.Max(1, (int)ex.Start.Line), Math.Max(1, (int)ex.Start.Column), Clean(ex));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            return new Result.SyntaxError(1, 1, $"The YAML could not be read ({ex.Message}).");
        }
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            return new Result.SyntaxError((int)second.Line, (int)second.Column, "The front matter must be a single YAML document; remove the extra '---' or '...' line.");
        }
        return new Result.Ok(stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode);
    }

    /// <summary>A rejected event: the loader stops, and this is the result.</summary>
    private sealed class CheckFailed(Result.SyntaxError error) : Exception
    {
        public Result.SyntaxError Error { get; } = error;
    }

    /// <summary>YamlDotNet's parser with checks on every event (no recursion), for what the representation model
    /// cannot handle safely: an alias to a collection that is still open (a cycle), lists or mappings used as keys,
    /// and extreme nesting.</summary>
    private sealed class CheckingParser(string yaml) : IParser
    {
        private readonly Parser _parser = new(new StringReader(yaml));
        private readonly List<Open> _open = [];
        private Mark _last;
        private bool _ended;

        /// <summary>An open list or mapping: its anchor, and whether a mapping's next node is a key.</summary>
        private record struct Open(string? Anchor, bool IsMapping, bool NextIsKey);

        /// <summary>The parser failed or a check rejected an event: nothing more is read.</summary>
        public bool Stopped { get; private set; }

        public ParsingEvent? Current => _parser.Current;

        public bool MoveNext()
        {
            if (Stopped || _ended) return false;
            try
            {
                if (!_parser.MoveNext())
                {
                    _ended = true;
                    return false;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
            {
                // YamlDotNet fails like this on some unterminated input; point after the last part it could read.
                Stopped = true;
                throw new CheckFailed(new Result.SyntaxError((int)_last.Line, (int)_last.Column,
                    "The YAML cannot be read after this point. Look for an unclosed '[', '{' or quote."));
            }
            catch
            {
                Stopped = true;
                throw;
            }
            var ev = _parser.Current!;
            _last = ev.End;
            if (Check(ev) is { } problem)
            {
                Stopped = true;
                throw new CheckFailed(problem);
            }
            return true;
        }

        /// <summary>Reads and checks the events the loader did not get to.</summary>
        public void CheckRest()
        {
            while (MoveNext()) { }
        }

        private Result.SyntaxError? Check(ParsingEvent ev)
        {
            switch (ev)
            {
                case SequenceEnd or MappingEnd:
                    _open.RemoveAt(_open.Count - 1);
                    Advance();
                    return null;
                // An alias (AnchorAlias) is no NodeEvent, and the checks have always passed it by unseen: neither
                // the cycle check below nor the key/value alternation sees it. Kept as it is, so every diagnostic
                // stays the same; see docs/perf-notes-validate.md.
                case AnchorAlias:
                    return null;
                case Scalar:
                    Advance();
                    return null;
                case SequenceStart or MappingStart:
                    if (_open.Count > 0 && _open[^1] is { IsMapping: true, NextIsKey: true })
                        return new Result.SyntaxError((int)ev.Start.Line, (int)ev.Start.Column, "A key must be a plain word, not a list or mapping.");
                    var anchor = ((NodeEvent)ev).Anchor;
                    _open.Add(new Open(anchor.IsEmpty ? null : anchor.Value, ev is MappingStart, true));
                    if (_open.Count > MaxDepth)
                        return new Result.SyntaxError((int)ev.Start.Line, (int)ev.Start.Column, "The lists and mappings are nested too deeply.");
                    return null;
                default:
                    return null;
            }
        }

        private void Advance()
        {
            if (_open.Count == 0) return;
            var top = _open[^1];
            _open[^1] = top with { NextIsKey = !top.NextIsKey };
        }
    }

    // YamlDotNet prefixes messages with its own (YAML-relative) positions; we give file positions instead.
    private static string Clean(YamlException ex)
    {
        var inner = ex;
        while (inner.InnerException is YamlException deeper) inner = deeper;
        var message = inner.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && marker > 0) message = message[(marker + 3)..];
        message = message.Trim();
        if (message.Length > 0 && !message.EndsWith('.')) message += ".";
        return message;
    }
}

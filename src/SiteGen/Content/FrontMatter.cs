using YamlDotNet.Core;
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
        var firstLine = firstEnd < 0 ? text : text[..firstEnd];
        if (firstLine.TrimEnd() != "---") return new SplitResult.NoOpening();
        if (firstEnd < 0) return new SplitResult.NotClosed();

        var yamlStart = firstEnd + 1;
        var pos = yamlStart;
        while (pos <= text.Length)
        {
            var end = text.IndexOf('\n', pos);
            var line = end < 0 ? text[pos..] : text[pos..end];
            if (line.TrimEnd() == "---")
            {
                var bodyOffset = end < 0 ? text.Length : end + 1;
                return new SplitResult.Ok(new SplitReferat(text[yamlStart..pos], 2, text[bodyOffset..], bodyOffset));
            }
            if (end < 0) break;
            pos = end + 1;
        }
        return new SplitResult.NotClosed();
    }
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
        try
        {
            if (PreScan(yaml) is { } problem) return problem;
            stream.Load(new StringReader(yaml));
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

    /// <summary>Reads the event stream (no recursion) and rejects what the representation model cannot
    /// handle safely: an alias to a collection that is still open (a cycle), lists or mappings used as keys,
    /// and extreme nesting.</summary>
    private static Result.SyntaxError? PreScan(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var open = new Stack<(string? Anchor, bool IsMapping, bool NextIsKey)>();
        var last = new Mark();
        while (true)
        {
            try
            {
                if (!parser.MoveNext()) break;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
            {
                // YamlDotNet fails like this on some unterminated input; point after the last part it could read.
                return new Result.SyntaxError((int)last.Line, (int)last.Column,
                    "The YAML cannot be read after this point. Look for an unclosed '[', '{' or quote.");
            }
            last = parser.Current!.End;
            var ev = parser.Current!;
            if (ev is YamlDotNet.Core.Events.NodeEvent or YamlDotNet.Core.Events.SequenceEnd or YamlDotNet.Core.Events.MappingEnd) { }
            else continue;

            if (ev is YamlDotNet.Core.Events.SequenceEnd or YamlDotNet.Core.Events.MappingEnd)
            {
                open.Pop();
                Advance(open);
                continue;
            }
            var atKey = open.Count > 0 && open.Peek().IsMapping && open.Peek().NextIsKey;
            switch (ev)
            {
                case YamlDotNet.Core.Events.AnchorAlias alias:
                    if (open.Any(o => o.Anchor == alias.Value.Value))
                        return new Result.SyntaxError((int)ev.Start.Line, (int)ev.Start.Column, $"The alias '*{alias.Value}' refers to the list or mapping it is inside of. Write the value out instead.");
                    Advance(open);
                    break;
                case YamlDotNet.Core.Events.Scalar:
                    Advance(open);
                    break;
                case YamlDotNet.Core.Events.SequenceStart or YamlDotNet.Core.Events.MappingStart:
                    if (atKey)
                        return new Result.SyntaxError((int)ev.Start.Line, (int)ev.Start.Column, "A key must be a plain word, not a list or mapping.");
                    var anchor = ((YamlDotNet.Core.Events.NodeEvent)ev).Anchor;
                    open.Push((anchor.IsEmpty ? null : anchor.Value, ev is YamlDotNet.Core.Events.MappingStart, true));
                    if (open.Count > MaxDepth)
                        return new Result.SyntaxError((int)ev.Start.Line, (int)ev.Start.Column, "The lists and mappings are nested too deeply.");
                    break;
            }
        }
        return null;

        static void Advance(Stack<(string? Anchor, bool IsMapping, bool NextIsKey)> open)
        {
            if (open.Count == 0) return;
            var top = open.Pop();
            open.Push(top with { NextIsKey = !top.NextIsKey });
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

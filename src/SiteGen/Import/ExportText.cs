using System.Collections.Immutable;

namespace SiteGen.Import;

/// <summary>One line of an export as read: its text (tabs kept, no line break) and where it came from, a line
/// number in a text export or a page number in a PDF.</summary>
public sealed record ExportLine(string Text, int Line, int Page)
{
    /// <summary>"linje 12" or "side 3", for the report.</summary>
    public string Where => Page > 0 ? $"side {Page}" : $"linje {Line}";
}

/// <summary>An export's text as lines, or why it could not be read (a Danish sentence for the secretary).</summary>
public sealed record ExportText(ImmutableArray<ExportLine> Lines, string? Problem, ImmutableArray<string> Notes)
{
    public static ExportText Refused(string problem) => new([], problem, []);
}

/// <summary>The kind of each note in an import report.</summary>
public enum NoteKind { Recognised, Guessed, NotUnderstood, Error, ToDo }

/// <summary>One line of the import report. <paramref name="Where"/> is "linje 12"/"side 3" or null; the text is
/// Danish and never quotes anything of a closed item.</summary>
public sealed record ImportNote(NoteKind Kind, string? Where, string Text);

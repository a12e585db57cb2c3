using System.Text;
using SiteGen.Diagnostics;

namespace SiteGen.Import;

/// <summary>The Danish report of one import, for the secretary: what was recognised, guessed and not
/// understood (with the export's line or page), and what to add before the file can be published.</summary>
public static class ImportReport
{
    public static string Render(ImportOutcome o)
    {
        var sb = new StringBuilder();
        sb.Append($"== {o.Source}\n");
        Section(sb, "Genkendt", o.Notes.Where(n => n.Kind == NoteKind.Recognised));
        Section(sb, "Gættet (kontrollér)", o.Notes.Where(n => n.Kind == NoteKind.Guessed));
        Section(sb, "Ikke forstået (udeladt)", o.Notes.Where(n => n.Kind is NoteKind.NotUnderstood or NoteKind.Error));
        Section(sb, "Det skal du tilføje eller rette", o.Notes.Where(n => n.Kind == NoteKind.ToDo));
        if (o.Imported) sb.Append($"Importeret: {o.Written}\n");
        else
        {
            foreach (var e in o.Errors.Where(e => e.Code.StartsWith("IMP", StringComparison.Ordinal)))
                sb.Append($"Ikke importeret: {Diagnostic.Visible(e.Message)}\n");
        }
        sb.Append('\n');
        return sb.ToString();
    }

    public static string Total(int imported, int failed) =>
        $"{Importer.Count(imported, "eksport", "eksporter")} importeret, {failed} ikke importeret.";

    private static void Section(StringBuilder sb, string title, IEnumerable<ImportNote> notes)
    {
        var list = notes.ToList();
        if (list.Count == 0) return;
        sb.Append(title).Append(":\n");
        foreach (var n in list)
            sb.Append("  ").Append(n.Where is null ? "" : n.Where + ": ")
                .Append(Diagnostic.Visible(n.Text)).Append('\n');
    }
}

using System.Text;
using SiteGen.Content;

namespace SiteGen.Publishing;

/// <summary>What will NOT be published, per meeting, for a human to check before merging.
/// It reads the source model (closed content included), so it lives next to the Publisher and its
/// text is only ever printed or written where the user asks, never into the site.</summary>
public static class WithheldReport
{
    public static string Render(IReadOnlyList<Referat> referater)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Withheld from publication (check before merging; this report is never published)");
        sb.AppendLine();
        var any = false;
        foreach (var r in referater.OrderBy(r => r.Dato).ThenBy(r => r.Udvalg.Navn, StringComparer.Ordinal))
        {
            var lines = new List<string>();
            foreach (var p in r.Punkter)
            {
                if (p.Status == PunktStatus.Lukket)
                {
                    lines.Add($"  Punkt {p.Nr}: CLOSED item \"{p.Titel}\" — the public sees " +
                        $"only \"{p.Nr}. {p.OffentligTitel ?? "Lukket punkt"} — Lukket sag\"" +
                              (p.OffentligBeslutning is null ? "" : " and its offentlig_beslutning"));
                    foreach (var b in p.Bilag)
                        lines.Add($"    bilag {b.Nr}: {Describe(b)} (closed because the item is closed)");
                }
                else
                {
                    foreach (var b in p.Bilag.Where(b => b.Status == BilagStatus.Lukket))
                        lines.Add($"  Punkt {p.Nr}, bilag {b.Nr}: CLOSED attachment {Describe(b)} — the public " +
                            $"sees only \"{b.Nr}. (Lukket bilag)\"");
                }
            }
            if (lines.Count == 0) continue;
            any = true;
            sb.AppendLine($"{r.Udvalg.Navn} {r.Dato:yyyy-MM-dd} ({r.File})");
            foreach (var l in lines) sb.AppendLine(l);
            sb.AppendLine();
        }
        if (!any) sb.AppendLine("Nothing is withheld: every item and attachment is open.");
        return sb.ToString();
    }

    private static string Describe(Bilag b)
    {
        var parts = new List<string>();
        if (b.Titel is not null) parts.Add($"\"{b.Titel}\"");
        if (b.Dokument is not null) parts.Add($"dokument {b.Dokument}");
        if (b.Fil is not null) parts.Add($"file {b.Fil} (not copied)");
        return parts.Count == 0 ? "(no title)" : string.Join(", ", parts);
    }
}

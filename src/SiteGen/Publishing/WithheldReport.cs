using System.Text;
using SiteGen.Content;

namespace SiteGen.Publishing;

/// <summary>What will NOT be published, per meeting, for a human to check before merging.
/// It reads the source model (closed content included), so it lives next to the Publisher and its
/// text is only ever printed or written where the user asks, never into the site.</summary>
public static class WithheldReport
{
    /// <param name="skipped">referat files (as shown in diagnostics) left out because they have errors</param>
    public static string Render(IReadOnlyList<Referat> referater, IReadOnlyList<string>? skipped = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Ikke udgivet: denne rapport viser med vilje lukkede titler og tekst, så du kan tjekke dem før " +
            "udgivelsen. Den udgives aldrig; del den ikke.");
        sb.AppendLine();
        var any = false;
        foreach (var r in referater.OrderBy(r => r.Dato).ThenBy(r => r.Udvalg.Navn, StringComparer.Ordinal))
        {
            var lines = new List<string>();
            foreach (var p in r.Punkter)
            {
                if (p.Status == PunktStatus.Lukket)
                {
                    lines.Add($"  Punkt {p.Nr}: LUKKET punkt \"{p.Titel}\". Offentligheden ser kun " +
                        $"\"{p.Nr}. {p.OffentligTitel ?? "Lukket punkt"} – Lukket sag\"" +
                        (p.OffentligBeslutning is null ? "" : " og dets offentlig_beslutning") + ".");
                    foreach (var b in p.Bilag)
                        lines.Add($"    bilag {b.Nr}: {Describe(b)} (lukket, fordi punktet er lukket)");
                }
                else
                {
                    foreach (var b in p.Bilag.Where(b => b.Status == BilagStatus.Lukket))
                        lines.Add($"  Punkt {p.Nr}, bilag {b.Nr}: LUKKET bilag {Describe(b)}. Offentligheden ser " +
                            $"kun \"{b.Nr}. (Lukket bilag)\".");
                }
            }
            if (lines.Count == 0) continue;
            any = true;
            sb.AppendLine($"{r.Udvalg.Navn} {r.Dato:yyyy-MM-dd} ({r.File})");
            foreach (var l in lines) sb.AppendLine(l);
            sb.AppendLine();
        }
        if (!any && referater.Count > 0) sb.AppendLine("Intet tilbageholdes: alle punkter og bilag er åbne.");
        if (skipped is { Count: > 0 })
        {
            sb.AppendLine(skipped.Count == 1
                ? "Denne fil er sprunget over, fordi den har fejl (se fejlene ovenfor). Ret dem, og kør igen:"
                : $"Disse {skipped.Count} filer er sprunget over, fordi de har fejl (se fejlene ovenfor). " +
                    "Ret dem, og kør igen:");
            foreach (var f in skipped) sb.AppendLine($"  {f}");
        }
        return sb.ToString();
    }

    private static string Describe(Bilag b)
    {
        var parts = new List<string>();
        if (b.Titel is not null) parts.Add($"\"{b.Titel}\"");
        if (b.Dokument is not null) parts.Add($"dokument {b.Dokument}");
        // Relative, like every path SiteGen prints.
        if (b.Fil is not null)
            parts.Add($"fil {Path.GetRelativePath(Environment.CurrentDirectory, b.Fil).Replace('\\', '/')} " +
                "(kopieres ikke)");
        return parts.Count == 0 ? "(uden titel)" : string.Join(", ", parts);
    }
}

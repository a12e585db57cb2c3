using System.Globalization;
using System.Text;
using SiteGen.Common;

namespace SiteGen.Content;

/// <summary>Writes a new referat file for the secretariat to fill in: the front matter and the
/// standing (open) items of the committee's previous meeting, with empty sections.</summary>
public static class Scaffold
{
    /// <summary>The texts this scaffold writes where the secretariat must fill in. A referat that still holds one
    /// is an error (REF075), so a scaffold cannot be published by mistake: keep this list and the writer in step.
    /// </summary>
    public const string PlaceholderSted = "Udfyld mødested";
    public const string PlaceholderNavn = "Udfyld navn";
    public const string PlaceholderTitel = "Udfyld titel";

    /// <summary>Each placeholder with what to write instead (Danish, for the message).</summary>
    public static readonly IReadOnlyList<(string Text, string Meaning)> Placeholders =
    [
        (PlaceholderSted, "hvor mødet holdes"),
        (PlaceholderNavn, "medlemmets titel og navn"),
        (PlaceholderTitel, "punktets titel"),
    ];

    public sealed record Result(string? Path, string? Error);

    public static Result Create(string inputDir, SiteConfig config, IReadOnlyList<Referat> existing, string udvalgName,
        DateOnly dato)
    {
        var udvalg = config.Udvalg.FirstOrDefault(u => string.Equals(u.Navn, udvalgName,
            StringComparison.OrdinalIgnoreCase))
                     ?? config.Udvalg.FirstOrDefault(u => u.Slug == Slug.From(udvalgName));
        if (udvalg is null)
            return new Result(null, $"ukendt udvalg '{udvalgName}'. Udvalgene i site.yml er: " +
                $"{string.Join(", ", config.Udvalg.Select(u => u.Navn))}.");

        var relative = $"referater/{dato:yyyy}/{dato:yyyy-MM-dd}-{udvalg.Slug}.md";
        var path = System.IO.Path.Combine(inputDir, relative);
        if (File.Exists(path))
            return new Result(null, $"'{path}' findes allerede; den er ikke overskrevet.");

        var previous = existing.Where(r => r.Udvalg.Slug == udvalg.Slug && r.Dato < dato).MaxBy(r => r.Dato)
                       ?? existing.Where(r => r.Udvalg.Slug == udvalg.Slug).MaxBy(r => r.Dato);
        var standing = previous?.Punkter.Where(p => p.Status == PunktStatus.Aaben).ToList() ?? [];

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Render(config, udvalg, dato, previous, standing), new UTF8Encoding(false));
        return new Result(path, null);
    }

    private static string Render(SiteConfig config, Udvalg udvalg, DateOnly dato, Referat? previous,
        IReadOnlyList<Punkt> standing)
    {
        var sb = new StringBuilder();
        sb.Append("---\n");
        sb.Append($"udvalg: {Quote(udvalg.Navn)}\n");
        sb.Append($"dato: {dato.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\n");
        sb.Append($"start: \"{Danish.Time(previous?.Start ?? new TimeOnly(9, 0))}\"\n");
        sb.Append($"slut: \"{Danish.Time(previous?.Slut ?? new TimeOnly(12, 0))}\"\n");
        sb.Append($"sted: {Quote(previous?.Sted ?? PlaceholderSted)}\n");
        sb.Append("medlemmer:\n");
        foreach (var m in previous?.Medlemmer ?? [PlaceholderNavn])
            sb.Append($"  - {Quote(m)}\n");
        sb.Append("punkter:\n");
        var items = standing.Count > 0 ? standing.Select(p => (p.Titel, p.Sagsgang)).ToList()
            : [(PlaceholderTitel, (string?)null)];
        for (var i = 0; i < items.Count; i++)
        {
            sb.Append($"  - nr: {i + 1}\n    status: åben\n");
            if (items[i].Sagsgang is { } sg) sb.Append($"    sagsgang: {Quote(sg)}\n");
        }
        sb.Append("---\n");
        var sections = config.Sektioner.IsDefaultOrEmpty ? ["Sagsfremstilling", "Indstilling", "Beslutning"]
            : config.Sektioner.Where(s => s is "Sagsfremstilling" or "Indstilling" or "Beslutning").ToArray();
        for (var i = 0; i < items.Count; i++)
        {
            sb.Append($"\n## {i + 1}. {items[i].Titel}\n");
            foreach (var s in sections) sb.Append($"\n### {s}\n\n");
        }
        return sb.ToString();
    }

    /// <summary>A YAML double-quoted scalar, so names with ':' or '#' stay text.</summary>
    private static string Quote(string s) =>
        "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

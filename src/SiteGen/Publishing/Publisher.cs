using System.Collections.Immutable;
using SiteGen.Content;

namespace SiteGen.Publishing;

/// <summary>The one place that knows about "Lukket": source model → public model.</summary>
public static class Publisher
{
    public const string DefaultClosedTitle = "Lukket punkt";

    public static PublicSite Publish(SiteConfig config, IReadOnlyList<Referat> referater)
    {
        var udvalg = config.Udvalg.Select(u => new PublicUdvalg(u.Navn, u.Slug, u.Beskrivelse)).ToImmutableArray();
        var bySlug = udvalg.ToDictionary(u => u.Slug, StringComparer.Ordinal);

        var meetings = referater
            .Select(r => PublishMeeting(r, bySlug.TryGetValue(r.Udvalg.Slug, out var u)
                ? u
                : new PublicUdvalg(r.Udvalg.Navn, r.Udvalg.Slug, r.Udvalg.Beskrivelse)))
            .OrderByDescending(m => m.Dato)
            .ThenBy(m => m.Udvalg.Navn, StringComparer.Ordinal)
            .ToImmutableArray();

        return new PublicSite(config.Titel, config.Kommune, config.BaseUrl.TrimEnd('/'), config.TilgaengelighedUrl, udvalg, meetings);
    }

    private static PublicMeeting PublishMeeting(Referat r, PublicUdvalg udvalg) => new(
        udvalg, r.Dato, r.Start, r.Slut, r.Sted,
        r.Medlemmer, r.Fravaerende.IsDefault ? [] : r.Fravaerende,
        r.Type, r.Publiceret,
        r.Rettelser.IsDefault ? [] : r.Rettelser,
        r.Punkter.Select(p => PublishPunkt(p, udvalg, r.Dato)).ToImmutableArray());

    private static PublicPunkt PublishPunkt(Punkt p, PublicUdvalg udvalg, DateOnly dato) => p.Status switch
    {
        // A closed item keeps only what was vetted for the public; its title, text, numbers and
        // attachments (whatever their own status) are dropped here and exist nowhere downstream.
        PunktStatus.Lukket => new ClosedPunkt(p.Nr,
            string.IsNullOrWhiteSpace(p.OffentligTitel) ? DefaultClosedTitle : p.OffentligTitel.Trim(),
            string.IsNullOrWhiteSpace(p.OffentligBeslutning) ? null : p.OffentligBeslutning),
        PunktStatus.Aaben => new OpenPunkt(p.Nr, p.Titel, p.Sagsnr, p.Sagsgang,
            p.Sektioner.Select(s => new PublicSektion(s.Navn, s.Markdown, s.ErBeslutning)).ToImmutableArray(),
            p.Bilag.Select(b => PublishBilag(b, p.Nr, udvalg, dato)).ToImmutableArray()),
        // Anything not classified with certainty is not published (the validator rejects it first).
        _ => new ClosedPunkt(p.Nr, DefaultClosedTitle, null),
    };

    private static PublicBilag PublishBilag(Bilag b, int punktNr, PublicUdvalg udvalg, DateOnly dato) => b.Status switch
    {
        BilagStatus.Aaben when b.Titel is not null => new OpenBilag(b.Nr, b.Titel, b.Dokument,
            b.Fil is null ? null : PublishFile(b.Fil, punktNr, b.Nr, udvalg, dato)),
        _ => new ClosedBilag(b.Nr),
    };

    /// <summary>The output name is built from numbers only: stable, and it reveals nothing of the source file name.</summary>
    private static PublishedFile PublishFile(string source, int punktNr, int bilagNr, PublicUdvalg udvalg, DateOnly dato)
    {
        var ext = MediaTypes.SafeExtension(source);
        var path = $"{udvalg.Slug}/{dato:yyyy-MM-dd}/bilag/punkt-{punktNr}-bilag-{bilagNr}{ext}";
        return new PublishedFile(source, path, new FileInfo(source).Length, MediaTypes.FromExtension(ext));
    }
}

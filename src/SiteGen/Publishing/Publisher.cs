using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SiteGen.Common;
using SiteGen.Content;
using SiteGen.Validation;

namespace SiteGen.Publishing;

/// <summary>What Publishing made of the validated source: the public site, and per referat file its public
/// meeting, the file's version and what was withheld, counted (the only numbers about closed content that
/// leave Publishing, for the build summary).</summary>
/// <param name="Referater">one per meeting of <see cref="PublicSite.Meetings"/>, in the same order</param>
public sealed record Publication(PublicSite Site, ImmutableArray<PublishedReferat> Referater)
{
    public int ClosedItems => Referater.Sum(r => r.Meeting.Punkter.Count(p => p is ClosedPunkt));

    /// <summary>Closed attachments, and every attachment of a closed item (not even numbered publicly).</summary>
    public int ClosedAttachments => Referater.Sum(r => r.ClosedAttachments);
}

/// <summary>One referat file's share of the site: <c>serve</c> keeps the meeting of a file whose version is
/// unchanged, and compares versions (never the source model) to know what changed.</summary>
public sealed record PublishedReferat(SourceVersion Version, PublicMeeting Meeting, int ClosedAttachments);

/// <summary>The only code that maps the source model to the public model, so the one place that reads what
/// is "Lukket".</summary>
public static class Publisher
{
    public const string DefaultClosedTitle = "Lukket punkt";

    public static PublicSite Publish(SiteConfig config, IReadOnlyList<Referat> referater, DateOnly? today = null) =>
        Run(config, referater, today: today).Site;

    /// <summary>Publishes a validation without errors (<see cref="ValidationResult.Config"/> set).</summary>
    /// <param name="previous">the last publication (serve): a referat whose file version is unchanged keeps its
    /// public meeting, the very object (so what was made from it can be recognised and kept)</param>
    /// <param name="today">the build date (<see cref="BuildClock.Today"/> when null)</param>
    public static Publication Run(ValidationResult validation, Publication? previous = null, DateOnly? today = null) =>
        Run(validation.Config ?? throw new ArgumentException("The validation has errors.", nameof(validation)),
            validation.Referater, previous, today);

    public static Publication Run(SiteConfig config, IReadOnlyList<Referat> referater, Publication? previous = null,
        DateOnly? today = null)
    {
        var udvalg = config.Udvalg.Select(u => new PublicUdvalg(u.Navn, u.Slug, u.Beskrivelse)).ToImmutableArray();
        var bySlug = udvalg.ToDictionary(u => u.Slug, StringComparer.Ordinal);
        var known = previous is null
            ? []
            : previous.Referater.Where(p => p.Version.IsKnown).ToDictionary(p => p.Version);

        // Each referat on its own, on all cores (an archive's worth after a one-file edit: 10,000 referater); in file
        // order, which the sort below keeps among equal keys.
        var each = StepLog.Step("publish referater", () => referater.AsParallel().AsOrdered()
            .Select(r => r.Version.IsKnown && known.TryGetValue(r.Version, out var same)
                ? same
                : PublishReferat(r, bySlug.TryGetValue(r.Udvalg.Slug, out var u)
                    ? u
                    : new PublicUdvalg(r.Udvalg.Navn, r.Udvalg.Slug, r.Udvalg.Beskrivelse)))
            .ToArray());
        var published = StepLog.Step("publish order", () => each
            .OrderByDescending(p => p.Meeting.Dato)
            .ThenBy(p => p.Meeting.Udvalg.Navn, StringComparer.Ordinal)
            .ToImmutableArray());

        var site = new PublicSite(config.Titel, config.Kommune, config.BaseUrl.TrimEnd('/'), config.TilgaengelighedUrl,
            udvalg, [.. published.Select(p => p.Meeting)], config.Kontakt)
        {
            Idag = today ?? BuildClock.Today(),
        };
        site = site with { Sager = StepLog.Step("publish cases", () => Sagsliste.Of(site.Meetings)) };
        return new Publication(site, published);
    }

    // 10,000 calls in a build, most of them before the runtime would have optimised them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    private static PublishedReferat PublishReferat(Referat r, PublicUdvalg udvalg)
    {
        var meeting = PublishMeeting(r, udvalg);
        var closedBilag = 0; // every attachment of the source less the open ones published
        foreach (var p in r.Punkter) closedBilag += p.Bilag.Length;
        foreach (var p in meeting.Punkter)
            if (p is OpenPunkt open)
                foreach (var b in open.Bilag) if (b is OpenBilag) closedBilag--;
        return new PublishedReferat(r.Version, meeting, closedBilag);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    private static PublicMeeting PublishMeeting(Referat r, PublicUdvalg udvalg) => new(
        udvalg, r.Dato, r.Start, r.Slut, r.Sted,
        r.Medlemmer, r.Fravaerende.IsDefault ? [] : r.Fravaerende,
        r.Type == ReferatType.Dagsorden ? MoedeType.Dagsorden : MoedeType.Referat, r.Publiceret,
        r.Rettelser.IsDefault ? [] : [.. r.Rettelser.Select(x => new PublicRettelse(x.Dato, x.Tekst,
            // Only open items may be named (the validator refuses a closed one); dropped here all the same.
            x.Punkter.IsDefaultOrEmpty ? [] : [.. x.Punkter.Where(n => r.Punkter.Any(p =>
                p.Nr == n && p.Status == PunktStatus.Aaben))]))],
        Map(r.Punkter, (udvalg, r.Dato), static (p, at) => PublishPunkt(p, at.udvalg, at.Dato)))
    {
        Fingerprint = r.Fingerprint,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    private static PublicPunkt PublishPunkt(Punkt p, PublicUdvalg udvalg, DateOnly dato) => p.Status switch
    {
        // A closed item keeps only what was vetted for the public; its title, text, numbers and
        // attachments (whatever their own status) are dropped here and exist nowhere downstream.
        PunktStatus.Lukket => new ClosedPunkt(p.Nr,
            string.IsNullOrWhiteSpace(p.OffentligTitel) ? DefaultClosedTitle : p.OffentligTitel.Trim(),
            string.IsNullOrWhiteSpace(p.OffentligBeslutning) ? null : p.OffentligBeslutning),
        PunktStatus.Aaben => new OpenPunkt(p.Nr, p.Titel, p.Sagsnr, p.Sagsgang,
            Map(p.Sektioner, 0, static (s, _) => new PublicSektion(s.Navn, s.Markdown, s.ErBeslutning)),
            Map(p.Bilag, (p.Nr, udvalg, dato), static (b, at) => PublishBilag(b, at.Nr, at.udvalg, at.dato))),
        // Anything not classified with certainty is not published (the validator rejects it first).
        _ => new ClosedPunkt(p.Nr, DefaultClosedTitle, null),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    private static PublicBilag PublishBilag(Bilag b, int punktNr, PublicUdvalg udvalg, DateOnly dato) => b.Status switch
    {
        BilagStatus.Aaben when b.Titel is not null => new OpenBilag(b.Nr, b.Titel, b.Dokument,
            b.Fil is null ? null : PublishFile(b.Fil, punktNr, b.Nr, udvalg, dato)),
        _ => new ClosedBilag(b.Nr),
    };

    /// <summary>As <c>items.Select(…).ToImmutableArray()</c> (a default array throws, as there), in one array of the
    /// right size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    private static ImmutableArray<TOut> Map<TIn, TArg, TOut>(ImmutableArray<TIn> items, TArg arg,
        Func<TIn, TArg, TOut> map)
    {
        var mapped = new TOut[items.Length];
        for (var i = 0; i < mapped.Length; i++) mapped[i] = map(items[i], arg);
        return ImmutableCollectionsMarshal.AsImmutableArray(mapped);
    }

    private static PublishedFile PublishFile(string source, int punktNr, int bilagNr, PublicUdvalg udvalg,
        DateOnly dato)
    {
        var ext = MediaTypes.SafeExtension(source);
        var path = Urls.AttachmentFile(udvalg, dato, punktNr, bilagNr, ext);
        return new PublishedFile(source, path, new FileInfo(source).Length, MediaTypes.FromExtension(ext));
    }
}

using System.Collections.Immutable;
using SiteGen.Common;

namespace SiteGen.Publishing;

// The public model: the only thing templates, search, feeds, data and file copying see.
// Its types have no fields for closed content, so nothing downstream can leak it by mistake, and none of
// them comes from SiteGen.Content, so nothing downstream needs the source model's namespace at all
// (tests/SiteGen.Tests/Architecture checks both).

/// <summary>Whether a meeting's document is the minutes or the agenda published before the meeting.</summary>
public enum MoedeType { Referat, Dagsorden }

/// <summary>A correction made after publication, as shown to the public.</summary>
public sealed record PublicRettelse(DateOnly Dato, string Tekst);

public sealed record PublicUdvalg(string Navn, string Slug, string? Beskrivelse)
{
    public string Url => Urls.Udvalg(Slug);
}

public sealed record PublicSite(
    string Titel,
    string Kommune,
    string BaseUrl,                    // absolute, no trailing slash
    string? TilgaengelighedUrl,
    ImmutableArray<PublicUdvalg> Udvalg,
    ImmutableArray<PublicMeeting> Meetings, // newest first (dato desc, then udvalg name)
    Kontakt? Kontakt = null)               // whom to ask for an attachment that is not online
{
    public string Absolute(string path) => BaseUrl + path;
}

public sealed record PublicMeeting(
    PublicUdvalg Udvalg,
    DateOnly Dato,
    TimeOnly Start,
    TimeOnly Slut,
    string Sted,
    ImmutableArray<string> Medlemmer,
    ImmutableArray<string> Fravaerende,
    MoedeType Type,
    DateTimeOffset Publiceret,
    ImmutableArray<PublicRettelse> Rettelser,
    ImmutableArray<PublicPunkt> Punkter)
{
    public string Url => Urls.Meeting(Udvalg.Slug, Dato);

    /// <summary>Latest of publication and corrections: what feeds and the sitemap call "modified".</summary>
    public DateTimeOffset Modified => Rettelser.IsDefaultOrEmpty
        ? Publiceret
        : new[] { Publiceret }.Concat(Rettelser.Select(r =>
            new DateTimeOffset(r.Dato.ToDateTime(new TimeOnly(12, 0)),
                Danish.Copenhagen.GetUtcOffset(r.Dato.ToDateTime(new TimeOnly(12, 0)))))).Max();
}

public abstract record PublicPunkt(int Nr);

/// <summary>An open item: everything the secretariat wrote, with its open attachments.</summary>
public sealed record OpenPunkt(
    int Nr,
    string Titel,
    string? Sagsnr,
    string? Sagsgang,
    ImmutableArray<PublicSektion> Sektioner,
    ImmutableArray<PublicBilag> Bilag) : PublicPunkt(Nr);

/// <summary>A closed item: number, public title and an optional vetted decision. Nothing else exists.</summary>
public sealed record ClosedPunkt(int Nr, string OffentligTitel, string? OffentligBeslutning) : PublicPunkt(Nr);

public sealed record PublicSektion(string Navn, string Markdown, bool ErBeslutning);

public abstract record PublicBilag(int Nr);

public sealed record OpenBilag(int Nr, string Titel, string? Dokument, PublishedFile? Fil) : PublicBilag(Nr);

/// <summary>A closed attachment: only its number.</summary>
public sealed record ClosedBilag(int Nr) : PublicBilag(Nr);

/// <summary>An open attachment's file: copied from SourcePath to OutputPath (relative to the site root, no leading
/// slash).</summary>
public sealed record PublishedFile(string SourcePath, string OutputPath, long Size, string MediaType)
{
    public string Url => "/" + OutputPath;
}

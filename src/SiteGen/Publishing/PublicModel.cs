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
/// <param name="Punkter">the (open) items it concerns; empty: the meeting as a whole</param>
public sealed record PublicRettelse(DateOnly Dato, string Tekst, ImmutableArray<int> Punkter = default)
{
    /// <summary>When the correction counts as made: noon, Danish time, on its date.</summary>
    public DateTimeOffset Tidspunkt => new(Dato.ToDateTime(new TimeOnly(12, 0)),
        Danish.Copenhagen.GetUtcOffset(Dato.ToDateTime(new TimeOnly(12, 0))));

    /// <summary>Whether it concerns item <paramref name="nr"/>: it names it, or names no item at all.</summary>
    public bool Angaar(int nr) => Punkter.IsDefaultOrEmpty || Punkter.Contains(nr);
}

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

    /// <summary>Every case with at least one open item, newest activity first (<see cref="Sagsliste.Of"/>).</summary>
    public ImmutableArray<PublicSag> Sager { get; init; } = [];

    /// <summary>The build date in Copenhagen (<see cref="BuildClock"/>): agendas from this day on are
    /// "Kommende møder".</summary>
    public DateOnly Idag { get; init; } = DateOnly.MinValue;

    /// <summary>Agendas of meetings on or after <see cref="Idag"/>, soonest first.</summary>
    public IEnumerable<PublicMeeting> Kommende => Meetings
        .Where(m => m.Type == MoedeType.Dagsorden && m.Dato >= Idag)
        .OrderBy(m => m.Dato).ThenBy(m => m.Start).ThenBy(m => m.Udvalg.Navn, StringComparer.Ordinal);
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

    /// <summary>The fingerprint of the referat's check in the build cache (SHA-256 of its stored bytes), or null:
    /// the output units' key names the meeting by it, with the committee and the attachment files that Publishing
    /// adds, instead of walking the whole model (<c>OutputUnits</c>). Says nothing about the meeting's content.
    /// </summary>
    public string? Fingerprint { get; init; }

    /// <summary>Latest of publication and corrections: what feeds and the sitemap call "modified".</summary>
    public DateTimeOffset Modified => Rettelser.IsDefaultOrEmpty
        ? Publiceret
        : new[] { Publiceret }.Concat(Rettelser.Select(r => r.Tidspunkt)).Max();

    /// <summary>The corrections that concern item <paramref name="nr"/> (those naming it, and those naming no
    /// item), oldest first.</summary>
    public IEnumerable<PublicRettelse> RettelserAf(int nr) => Rettelser.IsDefaultOrEmpty
        ? []
        : Rettelser.Where(r => r.Angaar(nr)).OrderBy(r => r.Dato);

    /// <summary>Latest of publication and the corrections that concern item <paramref name="nr"/>.</summary>
    public DateTimeOffset ModifiedOf(int nr) =>
        RettelserAf(nr).Select(r => r.Tidspunkt).Append(Publiceret).Max();
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

/// <summary>An open item's section; its text is read from the build's <see cref="TextStore"/> when needed (unit
/// keys hash its content hash, <see cref="StoredText.Hash"/>, without reading it).</summary>
public sealed record PublicSektion(string Navn, StoredText Markdown, bool ErBeslutning);

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

/// <summary>One treatment of a case: an open item on a meeting's agenda.</summary>
public sealed record Behandling(PublicMeeting Meeting, OpenPunkt Punkt);

/// <summary>A case (sag) followed across meetings and committees, made from open items only: a closed item
/// adds nothing to a case, not even its case number.</summary>
/// <param name="Titel">the title of its latest open item</param>
/// <param name="Sagsgang">the planned route as its latest item that has one gives it, or null</param>
/// <param name="Behandlinger">its open treatments, oldest first</param>
public sealed record PublicSag(string Sagsnr, string Titel, string? Sagsgang, ImmutableArray<Behandling> Behandlinger)
{
    public string Slug => Urls.SagSlug(Sagsnr);

    public string Url => Urls.Sag(Slug);

    public Behandling Seneste => Behandlinger[^1];

    /// <summary>Latest publication or correction of any of its treatments.</summary>
    public DateTimeOffset Modified => Behandlinger.Max(b => b.Meeting.ModifiedOf(b.Punkt.Nr));
}

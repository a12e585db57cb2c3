using System.Collections.Immutable;
using SiteGen.Common;

namespace SiteGen.Content;

// The source model: what the secretariat wrote, validated, including closed content.
// Only Publishing may read the closed parts of it; everything downstream uses Publishing.PublicSite.

public enum PunktStatus { Aaben, Lukket }

public enum BilagStatus { Aaben, Lukket }

public enum ReferatType { Referat, Dagsorden }

public sealed record Udvalg(string Navn, string Slug, string? Beskrivelse);

public sealed record SiteConfig(
    string Titel,
    string Kommune,
    string BaseUrl,                    // absolute, no trailing slash, e.g. https://referater.norddjurs.dk
    string? TilgaengelighedUrl,        // link to the accessibility statement (was.digst.dk)
    ImmutableArray<Udvalg> Udvalg,
    ImmutableArray<string> Sektioner,  // allowed ### section names
    Kontakt? Kontakt = null);          // whom to ask for an attachment that is not online

/// <param name="Punkter">the items the correction names (`punkter: [2]`); default when it names none</param>
public sealed record Rettelse(DateOnly Dato, string Tekst, ImmutableArray<int> Punkter = default);

/// <summary>A level-3 section of an item, with its Markdown source and where it starts in the file. The text is kept
/// outside the managed heap (<see cref="TextStore"/>) and read when needed.</summary>
public sealed record Sektion(string Navn, StoredText Markdown, int Line, bool ErBeslutning);

public sealed record Bilag(
    int Nr,
    BilagStatus Status,
    string? Titel,
    string? Dokument,
    string? Fil);                      // full path of the file on disk, already checked to exist

public sealed record Punkt(
    int Nr,
    string Titel,                      // from the ## heading
    PunktStatus Status,
    string? Sagsnr,
    string? Sagsgang,
    string? OffentligTitel,
    string? OffentligBeslutning,       // Markdown
    ImmutableArray<Sektion> Sektioner,
    ImmutableArray<Bilag> Bilag,
    int Line);

public sealed record Referat(
    string File,                       // path as shown in diagnostics (relative to the working directory)
    Udvalg Udvalg,
    DateOnly Dato,
    TimeOnly Start,
    TimeOnly Slut,
    string Sted,
    ImmutableArray<string> Medlemmer,
    ImmutableArray<string> Fravaerende,
    ReferatType Type,
    DateTimeOffset Publiceret,
    ImmutableArray<Rettelse> Rettelser,
    ImmutableArray<Punkt> Punkter,
    SourceVersion Version = default)   // of the file it was read from (serve compares these, not referater)
{
    /// <summary>The SHA-256 (hex) of this referat's check as the build cache keeps it (<c>CheckStore</c>): equal
    /// fingerprints mean an equal check, so an equal public meeting given the same configuration, generator and
    /// attachment files. Null when the check is not kept (no cache, or it cannot be stored). Not part of the check
    /// itself (not stored: it is the stored bytes' hash).</summary>
    public string? Fingerprint { get; init; }
}

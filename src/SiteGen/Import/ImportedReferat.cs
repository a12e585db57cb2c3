using System.Collections.Immutable;

namespace SiteGen.Import;

/// <summary>An attachment as read from the export. A closed one carries no title or document number.</summary>
public sealed record ImportedBilag(int Nr, bool Aaben, string? Titel, string? Dokument);

/// <summary>A section: its name as configured (Beslutning without its "i … den …" suffix) and Markdown lines.</summary>
public sealed record ImportedSektion(string Navn, ImmutableArray<string> Markdown);

/// <summary>An agenda item as read. A closed item keeps only its number: title, text, numbers and attachments
/// from the export are dropped when it is recognised (or judged) closed.</summary>
public sealed record ImportedPunkt(int Nr, string Titel, bool Aaben, string? Sagsnr, string? Sagsgang,
    ImmutableArray<ImportedSektion> Sektioner, ImmutableArray<ImportedBilag> Bilag)
{
    public static ImportedPunkt Closed(int nr) => new(nr, "Lukket punkt", false, null, null, [], []);
}

/// <summary>What the recogniser made of one export, before it is matched with site.yml and written.</summary>
public sealed record ImportedReferat(
    string? Udvalg,
    string? UdvalgWhere,
    DateOnly? Dato,
    TimeOnly? Start,
    TimeOnly? Slut,
    string? Sted,
    ImmutableArray<string> Medlemmer,
    ImmutableArray<string> Fravaerende,
    bool Dagsorden,
    ImmutableArray<ImportedPunkt> Punkter);

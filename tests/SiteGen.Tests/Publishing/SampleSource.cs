using System.Collections.Immutable;
using SiteGen.Common;
using SiteGen.Content;

namespace SiteGen.Tests.Publishing;

/// <summary>Source models built in code, with closed content marked by sentinel words.</summary>
public static class SampleSource
{
    public static Udvalg U(string navn, string? beskrivelse = null) => new(navn, Slug.From(navn), beskrivelse);

    public static SiteConfig Config(params Udvalg[] udvalg) => new(
        "Referater fra Testrup Kommune", "Testrup Kommune", "https://referater.example.dk",
        "https://www.was.digst.dk/referater-example-dk",
        udvalg.Length > 0 ? [.. udvalg] : [U("Direktionen"), U("Økonomiudvalget", "Kommunens økonomi"), U("Kultur- og Fritidsudvalget")],
        ["Baggrund", "Sagsfremstilling", "Økonomiske konsekvenser", "Indstilling", "Beslutning"]);

    public static Sektion S(string navn, string md) => new(navn, StoredText.Of(md), 1, navn == "Beslutning");

    public static Punkt Open(int nr, string titel, params Bilag[] bilag) => new(nr, titel, PunktStatus.Aaben, "24/7615", "DIR", null, null,
        [S("Sagsfremstilling", $"Sagsfremstilling for {titel}.\n\n- OPENCONTROLLIST{nr}"), S("Indstilling", "Det indstilles, at sagen godkendes."), S("Beslutning", $"OPENCONTROLDECISION{nr} Godkendt.")],
        [.. bilag], 1);

    public static Punkt Closed(int nr, string? offentligTitel = null, string? offentligBeslutning = null, params Bilag[] bilag) => new(
        nr, $"SENTINELCLOSEDTITLE{nr}", PunktStatus.Lukket, "SENTINELSAGSNR", "SENTINELSAGSGANG", offentligTitel, offentligBeslutning,
        [S("Sagsfremstilling", $"SENTINELCLOSEDTEXT{nr} fortroligt."), S("Beslutning", $"SENTINELCLOSEDDECISION{nr}")],
        [.. bilag], 1);

    public static Bilag OpenBilag(int nr, string titel, string? fil = null, string? dokument = "108223/24") => new(nr, BilagStatus.Aaben, titel, dokument, fil);

    public static Bilag ClosedBilag(int nr, string? fil = null) => new(nr, BilagStatus.Lukket, $"SENTINELBILAGTITLE{nr}", "99999/99", fil);

    public static Referat Referat(Udvalg udvalg, DateOnly dato, ImmutableArray<Punkt> punkter,
        ReferatType type = ReferatType.Referat, ImmutableArray<Rettelse> rettelser = default) => new(
        $"input/referater/{dato.Year}/{dato:yyyy-MM-dd}-{udvalg.Slug}.md", udvalg, dato,
        new TimeOnly(9, 0), new TimeOnly(13, 0), "Mødelokale 250, rådhuset",
        ["Kommunaldirektør Jonas Kroustrup", "Velfærdsdirektør Lene Mehlsen Thomsen"], ["Velfærdsdirektør Lene Mehlsen Thomsen"],
        type, new DateTimeOffset(dato.ToDateTime(new TimeOnly(13, 0)), TimeSpan.FromHours(1)),
        rettelser.IsDefault ? [] : rettelser, punkter);
}

using SiteGen.Common;

namespace SiteGen.Publishing;

/// <summary>The words the site uses for its public model, spelled once for pages, feeds, calendars, data and
/// search: a meeting's type and title, and how a closed item is shown.</summary>
public static class Labels
{
    /// <summary>What every closed item says, after its public title.</summary>
    public const string ClosedItem = "Lukket sag";

    public static string Type(MoedeType t) => t == MoedeType.Dagsorden ? "Dagsorden" : "Referat";

    /// <summary>"Referat: Direktionen 13. november 2024": h1, page title, feed entry, data name.</summary>
    public static string MeetingTitle(PublicMeeting m) => $"{Type(m.Type)}: {m.Udvalg.Navn} {Danish.LongDate(m.Dato)}";

    /// <summary>"1. Titel" or "2. Personalesag — Lukket sag": the item's heading wherever it is listed.</summary>
    public static string ItemHeading(PublicPunkt p) => p switch
    {
        OpenPunkt o => $"{o.Nr}. {o.Titel}",
        ClosedPunkt c => $"{c.Nr}. {c.OffentligTitel} — {ClosedItem}",
        _ => throw new InvalidOperationException($"Unknown item kind {p.GetType().Name}"),
    };

    /// <summary>An item's title in running text: "Titel", or "Personalesag (lukket sag)".</summary>
    public static string ItemTitleInText(PublicPunkt p) => p switch
    {
        OpenPunkt o => o.Titel,
        ClosedPunkt c => $"{c.OffentligTitel} ({ClosedItem.ToLowerInvariant()})",
        _ => throw new InvalidOperationException($"Unknown item kind {p.GetType().Name}"),
    };
}

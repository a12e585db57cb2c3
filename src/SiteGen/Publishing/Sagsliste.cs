using System.Collections.Immutable;

namespace SiteGen.Publishing;

/// <summary>Cases made from the public meetings: only open items have a case number in the public model, so a
/// closed item's case number cannot reach a case page, list, feed or data file.</summary>
public static class Sagsliste
{
    /// <summary>Every case number of an open item, with its treatments in date order across committees; newest
    /// activity (latest treatment) first, then by case number.</summary>
    public static ImmutableArray<PublicSag> Of(IEnumerable<PublicMeeting> meetings) => meetings
        .SelectMany(m => m.Punkter.OfType<OpenPunkt>().Where(p => p.Sagsnr is not null)
            .Select(p => new Behandling(m, p)))
        .GroupBy(b => b.Punkt.Sagsnr!, StringComparer.Ordinal)
        .Select(g =>
        {
            // Most cases have one treatment: nothing to order (the sort's set-up was most of this at 64,000 cases).
            var treatments = g.Count() == 1 ? [g.First()] : g.OrderBy(b => b.Meeting.Dato)
                .ThenBy(b => b.Meeting.Start).ThenBy(b => b.Meeting.Udvalg.Navn, StringComparer.Ordinal)
                .ThenBy(b => b.Punkt.Nr).ToImmutableArray();
            var latest = treatments[^1];
            var route = treatments.Select(b => b.Punkt.Sagsgang).LastOrDefault(s => !string.IsNullOrWhiteSpace(s));
            return new PublicSag(g.Key, latest.Punkt.Titel, route, treatments);
        })
        .OrderByDescending(s => s.Seneste.Meeting.Dato)
        .ThenBy(s => s.Sagsnr, StringComparer.Ordinal)
        .ToImmutableArray();
}

using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SiteGen.Publishing;

/// <summary>Cases made from the public meetings: only open items have a case number in the public model, so a
/// closed item's case number cannot reach a case page, list, feed or data file.</summary>
public static class Sagsliste
{
    /// <summary>Every case number of an open item, with its treatments in date order across committees (then start,
    /// committee name, item number; treatments equal in all four keep the order met); newest activity (latest
    /// treatment) first, then by case number.</summary>
    /// <remarks>Plain tables and sorts instead of LINQ's grouping and ordering: at 10,000 meetings (≈ 64,000 cases)
    /// their set-up per case was most of the publish stage (docs/perf-notes-s11-decode.md).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    public static ImmutableArray<PublicSag> Of(IEnumerable<PublicMeeting> meetings)
    {
        // Each case's treatments in the order met: the meetings' order, then the items'.
        var byNr = new Dictionary<string, Treatments>(StringComparer.Ordinal);
        foreach (var m in meetings)
            foreach (var punkt in m.Punkter)
            {
                if (punkt is not OpenPunkt { Sagsnr: { } nr } open) continue;
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(byNr, nr, out var exists);
                var treatment = new Behandling(m, open);
                if (!exists) slot.First = treatment;
                else (slot.More ??= [slot.First]).Add(treatment);
            }

        var sager = new PublicSag[byNr.Count];
        var i = 0;
        foreach (var (nr, slot) in byNr) sager[i++] = Sag(nr, slot);
        Array.Sort(sager, NewestFirst);
        return ImmutableCollectionsMarshal.AsImmutableArray(sager);
    }

    /// <summary>A case's first treatment met, and all of them once there is more than one.</summary>
    private struct Treatments
    {
        public Behandling First;
        public List<Behandling>? More;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    private static PublicSag Sag(string nr, Treatments slot)
    {
        // Most cases have one treatment: nothing to order.
        var treatments = slot.More is null ? [slot.First] : InDateOrder(slot.More);
        var latest = treatments[^1];
        string? route = null;
        for (var t = treatments.Length - 1; t >= 0 && route is null; t--)
            if (!string.IsNullOrWhiteSpace(treatments[t].Punkt.Sagsgang)) route = treatments[t].Punkt.Sagsgang;
        return new PublicSag(nr, latest.Punkt.Titel, route, treatments);
    }

    /// <summary>Oldest first; a stable order (ties keep the order met, as LINQ's OrderBy did): the place met is the
    /// last key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build: no slow first tier
    private static ImmutableArray<Behandling> InDateOrder(List<Behandling> met)
    {
        var keyed = new (Behandling B, int At)[met.Count];
        for (var k = 0; k < keyed.Length; k++) keyed[k] = (met[k], k);
        Array.Sort(keyed, [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (x, y) =>
        {
            var (a, b) = (x.B, y.B);
            var c = a.Meeting.Dato.CompareTo(b.Meeting.Dato);
            if (c == 0) c = a.Meeting.Start.CompareTo(b.Meeting.Start);
            if (c == 0) c = string.CompareOrdinal(a.Meeting.Udvalg.Navn, b.Meeting.Udvalg.Navn);
            if (c == 0) c = a.Punkt.Nr.CompareTo(b.Punkt.Nr);
            return c != 0 ? c : x.At.CompareTo(y.At);
        });
        var ordered = new Behandling[keyed.Length];
        for (var k = 0; k < keyed.Length; k++) ordered[k] = keyed[k].B;
        return ImmutableCollectionsMarshal.AsImmutableArray(ordered);
    }

    /// <summary>Latest treatment's date, newest first, then case number (unique: a total order).</summary>
    private static readonly Comparison<PublicSag> NewestFirst =
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a, b) =>
    {
        var c = b.Seneste.Meeting.Dato.CompareTo(a.Seneste.Meeting.Dato);
        return c != 0 ? c : string.CompareOrdinal(a.Sagsnr, b.Sagsnr);
    };
}

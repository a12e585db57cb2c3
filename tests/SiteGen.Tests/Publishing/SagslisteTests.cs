using System.Collections.Immutable;
using CsCheck;
using SiteGen.Common;
using SiteGen.Publishing;

namespace SiteGen.Tests.Publishing;

/// <summary><see cref="Sagsliste.Of"/> gives exactly what its first form (LINQ's grouping and stable ordering, kept
/// here as the reference) gave, on meetings full of ties: the same dates, start times, committee names and item
/// numbers, routes that are blank, and closed items.</summary>
public sealed class SagslisteTests
{
    [Fact]
    public void The_cases_are_those_of_the_reference_in_the_same_order_with_the_same_treatments() =>
        Gen.Int.Sample(seed =>
        {
            var meetings = Meetings(new Random(seed));
            var expected = Reference(meetings);
            var actual = Sagsliste.Of(meetings);
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                var (e, a) = (expected[i], actual[i]);
                Assert.Equal((e.Sagsnr, e.Titel, e.Sagsgang), (a.Sagsnr, a.Titel, a.Sagsgang));
                Assert.Equal(e.Behandlinger.Length, a.Behandlinger.Length);
                for (var t = 0; t < e.Behandlinger.Length; t++)
                {
                    // The very treatment (meeting and item objects), not an equal one.
                    Assert.Same(e.Behandlinger[t].Meeting, a.Behandlinger[t].Meeting);
                    Assert.Same(e.Behandlinger[t].Punkt, a.Behandlinger[t].Punkt);
                }
            }
        }, iter: 400);

    [Fact]
    public void A_closed_item_adds_no_case_and_no_treatment()
    {
        var udvalg = new PublicUdvalg("Direktionen", "direktionen", null);
        var meeting = Meeting(udvalg, new DateOnly(2025, 3, 4), [
            new ClosedPunkt(1, "Lukket punkt", null),
            new OpenPunkt(2, "Åben", "24/1", null, [], []),
        ]);
        var sager = Sagsliste.Of([meeting]);
        Assert.Equal("24/1", Assert.Single(sager).Sagsnr);
        Assert.Empty(Sagsliste.Of([Meeting(udvalg, new DateOnly(2025, 3, 4), [new ClosedPunkt(1, "L", "b")])]));
    }

    private static ImmutableArray<PublicMeeting> Meetings(Random random)
    {
        PublicUdvalg[] udvalg = [new("B", "b", null), new("A", "a", null), new("a", "a2", null)];
        string[] numbers = ["24/1", "24/2", "24/10", "25/1", "23/99", "24/01"];
        string?[] routes = [null, "", "  ", "\t", "ØU → KB", "KB"];
        var meetings = new List<PublicMeeting>();
        for (var m = random.Next(0, 12); m > 0; m--)
        {
            var items = new List<PublicPunkt>();
            for (var n = random.Next(0, 6); n > 0; n--)
            {
                var nr = random.Next(1, 4); // repeated numbers within a meeting too
                items.Add(random.Next(5) == 0
                    ? new ClosedPunkt(nr, "Lukket punkt", null)
                    : new OpenPunkt(nr, $"Titel {random.Next(100)}",
                        random.Next(6) == 0 ? null : numbers[random.Next(numbers.Length)],
                        routes[random.Next(routes.Length)], [], []));
            }
            meetings.Add(Meeting(udvalg[random.Next(udvalg.Length)], new DateOnly(2025, 1, 1).AddDays(random.Next(4)),
                [.. items], new TimeOnly(random.Next(8, 10), 0)));
        }
        return [.. meetings];
    }

    private static PublicMeeting Meeting(PublicUdvalg udvalg, DateOnly dato, ImmutableArray<PublicPunkt> punkter,
        TimeOnly start = default) => new(udvalg, dato, start, start, "Rådhuset", [], [], MoedeType.Referat,
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), [], punkter);

    /// <summary>Sagsliste.Of as it was before docs/perf-notes-s11-decode.md.</summary>
    private static ImmutableArray<PublicSag> Reference(IEnumerable<PublicMeeting> meetings) => meetings
        .SelectMany(m => m.Punkter.OfType<OpenPunkt>().Where(p => p.Sagsnr is not null)
            .Select(p => new Behandling(m, p)))
        .GroupBy(b => b.Punkt.Sagsnr!, StringComparer.Ordinal)
        .Select(g =>
        {
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

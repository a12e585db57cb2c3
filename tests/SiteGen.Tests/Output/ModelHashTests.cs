using SiteGen.Common;
using System.Collections.Immutable;
using SiteGen.Output;
using SiteGen.Publishing;

namespace SiteGen.Tests.Output;

/// <summary>The key of an output unit (<see cref="BuildCache"/>) rests on <see cref="ModelHash"/>: equal models
/// hash equal in any instance, and any difference a page could show, however deep or of whichever subtype, changes
/// the hash (else an incremental build would keep a stale page, or a closed item's old text).</summary>
public sealed class ModelHashTests
{
    private static readonly PublicUdvalg Udvalg = new("Direktionen", "direktionen", null);

    private static PublicMeeting Meeting(params PublicPunkt[] punkter) => new(Udvalg, new DateOnly(2024, 11, 13),
        new TimeOnly(9, 0), new TimeOnly(12, 0), "Rådhuset", ["A", "B"], [], MoedeType.Referat,
        new DateTimeOffset(2024, 11, 14, 12, 0, 0, TimeSpan.FromHours(1)), default, [.. punkter]);

    private static OpenPunkt Open(string text, string bilag = "Bilag") => new(1, "Titel", "24/1", null,
        [new PublicSektion("Sagsfremstilling", StoredText.Of(text), false)],
        [new OpenBilag(1, bilag, null, new PublishedFile("/in/a.pdf", "a.pdf", 10, "application/pdf"))]);

    [Fact]
    public void Equal_models_in_other_instances_hash_equal()
    {
        Assert.Equal(ModelHash.Of(Meeting(Open("Tekst"))), ModelHash.Of(Meeting(Open("Tekst"))));
    }

    [Fact]
    public void A_difference_anywhere_changes_the_hash()
    {
        var hashes = new[]
        {
            ModelHash.Of(Meeting(Open("Tekst"))),
            ModelHash.Of(Meeting(Open("Tekst."))),
            ModelHash.Of(Meeting(Open("Tekst", bilag: "Andet bilag"))),
            ModelHash.Of(Meeting(new ClosedPunkt(1, "Titel", null))), // the item closed: another subtype
            ModelHash.Of(Meeting(new ClosedPunkt(1, "Titel", ""))), // null and empty differ
            ModelHash.Of(Meeting()),
            ModelHash.Of(Meeting(Open("Tekst")) with { Rettelser = [] }), // default and empty arrays differ
            ModelHash.Of(Meeting(Open("Tekst")) with { Type = MoedeType.Dagsorden }),
            ModelHash.Of(Meeting(Open("Tekst")), prefix: "other neighbours"),
        };
        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    [Fact]
    public void Strings_cannot_run_into_each_other()
    {
        Assert.NotEqual(ModelHash.Of(ImmutableArray.Create("ab", "c")),
            ModelHash.Of(ImmutableArray.Create("a", "bc")));
        Assert.NotEqual(ModelHash.Of(ImmutableArray.Create("a\u0002n")),
            ModelHash.Of(ImmutableArray.Create("a", (string?)null)));
    }

    [Fact]
    public void Values_of_other_kinds_or_other_unpaired_surrogates_hash_apart()
    {
        var hashes = new[]
        {
            ModelHash.Of("1"), ModelHash.Of(1), ModelHash.Of(1L), ModelHash.Of(true), ModelHash.Of('1'),
            ModelHash.Of(MoedeType.Dagsorden), ModelHash.Of(new DateOnly(2024, 1, 1)), ModelHash.Of(null),
            ModelHash.Of("a\uD800"), ModelHash.Of("a\uDC00"), ModelHash.Of("a\uFFFD"), ModelHash.Of(""),
        };
        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    private sealed record Throws(string Navn)
    {
        public string Fejl => throw new InvalidOperationException("getter");
    }

    [Fact]
    public async Task A_getter_that_throws_gives_a_hash_never_equal_and_leaves_the_next_hash_as_it_was()
    {
        var before = ModelHash.Of(Meeting(Open("Tekst")));
        var a = ModelHash.Of(new Throws("x"));
        Assert.StartsWith("unhashable-", a);
        Assert.NotEqual(a, ModelHash.Of(new Throws("x")));
        Assert.Equal(before, ModelHash.Of(Meeting(Open("Tekst"))));
        Assert.Equal(before, await Task.Run(() => ModelHash.Of(Meeting(Open("Tekst"))))); // another thread
    }
}

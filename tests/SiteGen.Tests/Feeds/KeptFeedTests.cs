using System.Text;
using SiteGen.Common;
using SiteGen.Data;
using SiteGen.Tests.Data;

namespace SiteGen.Tests.Feeds;

/// <summary>The RSS feeds kept whole from the last build when their meetings are the same units (FeedWriter.Feed),
/// and fragments.bin's units resolved up front (<see cref="Fragments.Prepare"/>): after every kind of edit — a place,
/// a date and a committee changed (the meeting moves in every sorted list and feed), a referat deleted, an item
/// closed — the incremental build is byte for byte the clean build, a feed of unchanged meetings is kept (not
/// written again), and a closed item's text is in no output file nor in the cache.</summary>
public sealed class KeptFeedTests() : SampleWorkspace("sitegen-keptfeeds-")
{
    private string Referater => Path.Combine(Input, "referater");

    /// <summary>An incremental build with the cache, checked against a clean build of the same input.</summary>
    private void BuildAndCompare(string what)
    {
        SiteFiles.Build(Input, Output, Cache);
        var expected = SiteFiles.CleanBuild(Input, Work);
        try { SiteFiles.AssertSame(expected, SiteFiles.Read(Output)); }
        catch (Exception ex) { throw new Xunit.Sdk.XunitException($"after {what}: {ex.Message}"); }
    }

    private DateTime Written(string path) => File.GetLastWriteTimeUtc(Path.Combine(Output, path));

    private static void Edit(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        Assert.Contains(from, text);
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }

    private string File2024 => Path.Combine(Referater, "2024", "2024-11-13-direktionen.md");

    [Fact]
    public void Feeds_follow_every_edit_as_a_clean_build_and_those_of_unchanged_meetings_are_kept()
    {
        SiteFiles.Build(Input, Output, Cache, clean: true);
        BuildAndCompare("no change");
        var oekonomi = Slug.From("Økonomiudvalget");
        var quietFeed = $"{oekonomi}/feed.xml";
        var quiet = Written(quietFeed);
        var decisions = Written("beslutninger.xml");
        Thread.Sleep(20);

        // A place: the meeting's committee feed and the archive's feed are made again; a feed of another committee
        // and the decisions feed (the place is not in it, but the meeting's unit changed) …
        Edit(File2024, "sted: Mødelokale 250, rådhuset", "sted: Byrådssalen, rådhuset");
        BuildAndCompare("a place changed");
        Assert.Equal(quiet, Written(quietFeed)); // … a feed without the meeting is kept as it was
        Assert.Contains("Byrådssalen", File.ReadAllText(Path.Combine(Output, "direktionen/feed.xml")));
        Assert.Contains("Byrådssalen", File.ReadAllText(Path.Combine(Output, "feed.xml")));
        Assert.NotEqual(decisions, Written("beslutninger.xml"));

        // No change at all: every feed kept.
        var all = new[] { "feed.xml", "direktionen/feed.xml", "beslutninger.xml", quietFeed }
            .ToDictionary(f => f, Written);
        Thread.Sleep(20);
        BuildAndCompare("no change again");
        foreach (var (feed, time) in all) Assert.True(time == Written(feed), $"{feed} was written again");

        // A date: the meeting moves to another year and to the front of every list and feed.
        var moved = Path.Combine(Referater, "2026", "2026-01-14-direktionen.md");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        File.Move(File2024, moved);
        Edit(moved, "dato: 2024-11-13", "dato: 2026-01-14");
        BuildAndCompare("a date changed");

        // A committee: the meeting leaves one committee's feed, calendar and list for another's.
        var other = Path.Combine(Referater, "2026", $"2026-01-14-{oekonomi}.md");
        File.Move(moved, other);
        Edit(other, "udvalg: Direktionen", "udvalg: Økonomiudvalget");
        BuildAndCompare("a committee changed");
        Assert.Contains("2026-01-14", File.ReadAllText(Path.Combine(Output, quietFeed)));
        Assert.DoesNotContain("2026-01-14", File.ReadAllText(Path.Combine(Output, "direktionen/feed.xml")));

        // And back, then deleted: gone from every feed.
        File.Move(other, File2024);
        Edit(File2024, "dato: 2026-01-14", "dato: 2024-11-13");
        Edit(File2024, "udvalg: Økonomiudvalget", "udvalg: Direktionen");
        BuildAndCompare("moved back");
        File.Delete(File2024);
        BuildAndCompare("a referat deleted");
        foreach (var feed in new[] { "feed.xml", "direktionen/feed.xml", "direktionen/moeder.ics", "moeder.ics" })
            Assert.DoesNotContain("2024-11-13", File.ReadAllText(Path.Combine(Output, feed)));
    }

    /// <summary>A sentinel word in an open decision is in the feeds, calendars' meetings, lists and CSV; the item
    /// closed, the incremental build is the clean one and the word is in no output file, nor in fragments.bin or
    /// wordlist.bin.
    /// </summary>
    [Fact]
    public void An_item_closed_since_leaves_its_words_in_no_feed_calendar_list_or_cache()
    {
        const string sentinel = "Feedkvaegsentinel";
        var referat = SampleEdits.Referat(Input, 2025);
        SampleEdits.InDecision(referat, $"{sentinel} er besluttet.");
        SiteFiles.Build(Input, Output, Cache, clean: true);
        BuildAndCompare("the sentinel added");
        var shown = new[] { "feed.xml", "beslutninger.xml", "data/beslutninger.csv", "data/sager.json" };
        foreach (var f in shown)
            Assert.True(File.ReadAllText(Path.Combine(Output, f)).Contains(sentinel, StringComparison.Ordinal),
                $"{f} shows the open decision");

        SampleEdits.CloseFirstItem(referat);
        BuildAndCompare("the item closed");
        var marked = Encoding.UTF8.GetBytes(sentinel.ToLowerInvariant());
        foreach (var file in Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories)
                     // The cache's records of the published output (the input's check cache holds the input, closed
                     // items included, by design).
                     .Concat([Path.Combine(Cache, Fragments.FileName), Path.Combine(Cache, "wordlist.bin")]))
        {
            var bytes = File.ReadAllBytes(file);
            var lower = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).ToLowerInvariant());
            Assert.True(lower.AsSpan().IndexOf(marked) < 0, $"{file} still holds the closed item's word");
        }
    }

    /// <summary>fragments.bin cut short, forged (a byte of its index changed) or gone while the feeds are kept: the
    /// build is still the clean one (the feeds' keys are the meetings' unit keys, not the parts).</summary>
    [Fact]
    public void A_damaged_fragments_file_under_kept_feeds_gives_the_clean_build()
    {
        SiteFiles.Build(Input, Output, Cache, clean: true);
        var cacheFile = Path.Combine(Cache, Fragments.FileName);
        var damages = new (string What, Action<byte[]> Damage)[]
        {
            ("cut short", good => File.WriteAllBytes(cacheFile, good[..(good.Length / 2)])),
            ("a byte of the index changed", good =>
            {
                var copy = good.ToArray();
                copy[^60] ^= 0x5A;
                File.WriteAllBytes(cacheFile, copy);
            }),
            ("deleted", _ => File.Delete(cacheFile)),
        };
        var n = 0;
        foreach (var (what, damage) in damages)
        {
            Edit(File2024, "sted: ", $"sted: x{n++}");
            BuildAndCompare($"an edit before ({what})");
            damage(File.ReadAllBytes(cacheFile));
            BuildAndCompare($"fragments.bin {what}");
            Edit(File2024, "sted: ", "sted: y");
            BuildAndCompare($"an edit after ({what})");
        }
    }
}

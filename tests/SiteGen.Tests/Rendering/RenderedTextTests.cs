using SiteGen.Common;
using SiteGen.Feeds;
using SiteGen.Publishing;
using SiteGen.Rendering;
using static SiteGen.Tests.Publishing.SampleSource;

namespace SiteGen.Tests.Rendering;

/// <summary>A section's HTML is made once per build and reused by the pages, feeds and data
/// (<see cref="RenderedText"/>): what a reader gets must be what rendering it each time gave.</summary>
public sealed class RenderedTextTests
{
    // Texts that make the HTML depend on more than the text alone, or that are awkward to keep.
    public static TheoryData<string> Hostile => new()
    {
        "",
        "Godkendt.",
        "#### Overskrift\n\nEn overskrift gør HTML'en afhængig af niveauet.",
        "Se [punkt 2](#punkt-2) og [om siden](/om/) og [andet sted](//andet.dk/x).",
        "<p>Rå HTML med href=\"/om/\" som tekst og <a href=\"/om/\">et link</a></p>\n\n<h2>Rå overskrift</h2>",
        "Kontroltegn: \u0001\u0007\u001b[31m og \u200b\u202e omvendt",
        "En ensom surrogat: \ud800 midt i teksten",
        string.Concat(Enumerable.Repeat("> ", 50)) + "dybt citat",
        string.Concat(Enumerable.Range(0, 50).Select(i => new string(' ', 2 * i) + "- punkt\n")),
        string.Concat(Enumerable.Repeat("Et langt afsnit med **fed** og [link](/x/) & <b>rå</b>.\n\n", 5_000)),
        "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Every_level_gives_the_html_that_rendering_the_text_gives(string markdown)
    {
        var text = StoredText.Of(markdown);
        for (var round = 0; round < 2; round++) // made, then kept
            for (var level = 0; level <= 6; level++)
                Assert.Equal(SafeMarkdown.ToHtml(markdown, level), RenderedText.Html(text, level));
        Assert.Equal(PlainText.FromSafeHtml(SafeMarkdown.ToHtml(markdown, 3)), RenderedText.Of(text).Plain());
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Feeds_and_data_get_the_html_and_text_they_got_before(string markdown)
    {
        var (site, m1, m2) = TwoMeetings(markdown);
        foreach (var m in new[] { m1, m2, m1 })
        {
            var punkt = (OpenPunkt)m.Punkter[0];
            var decision = punkt.Sektioner.Single(s => s.ErBeslutning);
            var expected = FeedText.DecisionHtml(site, m, markdown); // the string path: rendered now
            Assert.Equal(expected, FeedText.DecisionHtml(site, m, decision.Markdown));
            var text = PlainText.FromSafeHtml(expected);
            Assert.Equal((expected, text), FeedText.Decision(site, m, punkt));
            Assert.Equal((expected, text), FeedText.SectionText(site, m, decision.Markdown));
        }
    }

    [Fact]
    public void A_decision_two_meetings_share_word_for_word_links_each_to_its_own_meeting()
    {
        var (site, m1, m2) = TwoMeetings("Se [punkt 2](#punkt-2).");
        var first = FeedText.Decision(site, m1, m1.Punkter[0])!.Value.Html;
        var second = FeedText.Decision(site, m2, m2.Punkter[0])!.Value.Html;
        Assert.Contains(site.Absolute(m1.Url) + "#punkt-2", first);
        Assert.Contains(site.Absolute(m2.Url) + "#punkt-2", second);
        Assert.DoesNotContain(site.Absolute(m1.Url), second);
    }

    [Fact]
    public void A_decision_with_a_heading_has_the_case_pages_level_there_and_the_meeting_pages_level_here()
    {
        var text = StoredText.Of("#### Vedtaget\n\nEnstemmigt.");
        Assert.Contains("<h4", RenderedText.Html(text, 3));
        Assert.Contains("<h5", RenderedText.Html(text, 4));
        Assert.Contains("<h4", RenderedText.Html(text, 3)); // the kept HTML is the level-3 one still
    }

    private static (PublicSite Site, PublicMeeting First, PublicMeeting Second) TwoMeetings(string decision)
    {
        var dir = U("Direktionen");
        var punkt = Open(1, "Budget") with
        {
            Sektioner = [S("Sagsfremstilling", "Budgettet."), S("Beslutning", decision)],
        };
        var site = Publisher.Publish(Config(dir), [
            Referat(dir, new(2024, 11, 13), [punkt]),
            Referat(dir, new(2024, 12, 4), [punkt]),
        ]);
        return (site, site.Meetings[0], site.Meetings[1]);
    }
}

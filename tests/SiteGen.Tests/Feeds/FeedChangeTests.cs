using System.Net;
using System.Text.Json;
using SiteGen.Tests.Rendering;
using static SiteGen.Tests.Feeds.ReadLeakSite;

namespace SiteGen.Tests.Feeds;

/// <summary>Feeds, calendars and data after the secretariat changes a referat: corrections and awkward text.</summary>
public sealed class FeedChangeTests : IDisposable
{
    private readonly BuiltSite _site = new("site-leak");
    private string Referat2023 => Path.Combine(_site.Input, "referater", "2023", "2023-09-06-direktionen.md");
    private string Output2 => Path.Combine(_site.Dir, "output-2");

    public void Dispose() => _site.Dispose();

    private JsonElement Rebuild(Func<string, string> edit)
    {
        File.WriteAllText(Referat2023, edit(File.ReadAllText(Referat2023)));
        var result = _site.Build(Output2);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return Readers.Read(Output2);
    }

    private static JsonElement Entry(JsonElement report, string feed, string link) =>
        report.Entries(feed).Single(e => e.Str("link") == link);

    [Fact]
    public void A_correction_updates_the_feed_entry_so_readers_see_it_changed()
    {
        Assert.True(_site.Result.Succeeded);
        var before = Readers.Read(_site.Output);
        var after = Rebuild(t => t.Replace("punkter:", "rettelser:\n  - dato: 2023-09-10\n    tekst: Beslutningen i punkt 1 er præciseret.\npunkter:", StringComparison.Ordinal));

        const string link = BaseUrl + "/direktionen/2023-09-06/";
        foreach (var feed in new[] { "feed.xml", "direktionen/feed.xml" })
        {
            var (old, now) = (Entry(before, feed, link), Entry(after, feed, link));
            Assert.Equal(old.Str("id"), now.Str("id"));                // the same entry …
            Assert.Equal(old.Str("published"), now.Str("published"));  // … published when it was …
            Assert.Equal("2023-09-06T15:00:00+00:00", old.Str("updated"));
            Assert.Equal("2023-09-10T10:00:00+00:00", now.Str("updated")); // … but updated, visibly:
            Assert.Equal("Referat: Direktionen 6. september 2023 (rettet 10. september 2023)", now.Str("title"));
            Assert.DoesNotContain("præciseret", old.Str("summary"));
            Assert.Contains("10. september 2023: Beslutningen i punkt 1 er præciseret.", now.Str("summary"));
            // Order stays by publication time.
            Assert.Equal(before.Entries(feed).Select(e => e.Str("id")), after.Entries(feed).Select(e => e.Str("id")));
        }
        Assert.Equal("2023-09-10T10:00:00+00:00", Entry(after, "beslutninger.xml", link + "punkt-1/").Str("updated"));

        var evOld = before.GetProperty("calendars").GetProperty("direktionen/moeder.ics").GetProperty("events")[0];
        var evNew = after.GetProperty("calendars").GetProperty("direktionen/moeder.ics").GetProperty("events")[0];
        Assert.Equal(evOld.Str("uid"), evNew.Str("uid"));
        Assert.Equal(evOld.GetProperty("sequence").GetInt32() + 1, evNew.GetProperty("sequence").GetInt32());
        Assert.NotEqual(evOld.Str("dtstamp"), evNew.Str("dtstamp"));

        var data = after.GetProperty("data").GetProperty("files").GetProperty("data/direktionen/2023-09-06.json").GetProperty("doc");
        Assert.Equal("2023-09-10T12:00:00+02:00", data.Str("modified"));
        Assert.Equal("2023-09-06T17:00:00+02:00", data.Str("created"));
        Assert.Contains("<lastmod>2023-09-10T12:00:00+02:00</lastmod>", File.ReadAllText(Path.Combine(Output2, "sitemap.xml")));
    }

    [Fact]
    public void Markup_and_special_characters_in_the_text_are_escaped_everywhere()
    {
        const string title = "Vej & Park <b>fed</b> \"citat\"";
        const string sted = "Rådhuset, lokale 2; A & B \\ C";
        var report = Rebuild(t => t
            .Replace("## 1. Økonomi", "## 1. " + title, StringComparison.Ordinal)
            .Replace("sted: Mødelokale 250, rådhuset", $"sted: '{sted}'", StringComparison.Ordinal)
            .Replace("Taget til efterretning.", "Godkendt <script>alert('x')</script> og <a href=\"javascript:alert(2)\">se her</a> & mere.", StringComparison.Ordinal));

        foreach (var feed in new[] { "feed.xml", "direktionen/feed.xml", "beslutninger.xml" })
        {
            var f = report.GetProperty("feeds").GetProperty(feed);
            Assert.False(f.GetProperty("bozo").GetBoolean(), $"{feed}: {f.GetProperty("bozo_exception")}");
            var raw = File.ReadAllText(Path.Combine(Output2, feed));
            Assert.DoesNotContain("alert(", raw);
            Assert.DoesNotContain("javascript:", raw);
        }
        var summary = Entry(report, "feed.xml", BaseUrl + "/direktionen/2023-09-06/").Str("summary");
        Assert.Contains("1. Vej &amp; Park &lt;b&gt;fed&lt;/b&gt;", summary); // shown as text, not as markup
        Assert.Contains(sted.Replace("&", "&amp;", StringComparison.Ordinal), summary);
        Assert.Contains("se her", summary);
        // Readers take RSS titles as HTML (feedparser: text/html), so the title arrives escaped and is shown as written.
        var decisionTitle = Entry(report, "beslutninger.xml", BaseUrl + "/direktionen/2023-09-06/punkt-1/").Str("title");
        Assert.EndsWith("punkt 1: Vej &amp; Park &lt;b&gt;fed&lt;/b&gt; \"citat\"", decisionTitle);
        Assert.Equal(title, Repo.Parse("<p>" + decisionTitle + "</p>").QuerySelector("p")!.TextContent[^title.Length..]);

        var ev = report.GetProperty("calendars").GetProperty("direktionen/moeder.ics").GetProperty("events")[0];
        Assert.Equal(sted, ev.Str("location"));
        Assert.Contains("1. " + title, ev.Str("description"));

        var doc = report.GetProperty("data").GetProperty("files").GetProperty("data/direktionen/2023-09-06.json");
        Assert.Empty(doc.GetProperty("errors").EnumerateArray());
        // Data text values are plain text (issue 16): exactly what the secretariat wrote, JSON-escaped only.
        var location = doc.GetProperty("doc").GetProperty("location").Str("description");
        var name = doc.GetProperty("doc").GetProperty("agendaItem")[0].Str("name");
        Assert.Equal("Vej & Park <b>fed</b> \"citat\"", name);
        Assert.Equal(sted, location);
        Assert.Equal(title, name);
        // A decision is published as the page shows it: the script and the unsafe link's target are not.
        var decision = doc.GetProperty("doc").GetProperty("agendaItem")[0].Str("resolutionText");
        Assert.Equal("Godkendt og se her & mere.", decision);
        var html = doc.GetProperty("doc").GetProperty("agendaItem")[0].Str("sitegen:resolutionHtml");
        Assert.Equal("<p>Godkendt  og se her &amp; mere.</p>\n", html);
    }
}

using System.Text;
using System.Text.Json;
using SiteGen.Tests.Rendering;

namespace SiteGen.Tests.Feeds;

/// <summary>Closed content (SENTINEL words and the closed items' numbers and titles in Fixtures/site-leak)
/// never reaches a feed, calendar, data file or the sitemap: not in the bytes, not in what a reader decodes.</summary>
public sealed class FeedLeakTests(ReadLeakSite fixture) : IClassFixture<ReadLeakSite>
{
    private readonly BuiltSite _site = fixture.Site;
    private readonly JsonElement _report = fixture.Report;

    private static readonly string[] ClosedStrings =
    [
        "SENTINEL", "19/99992", "19/99993", "99991/19", "99992/19", "Afskedigelse", "Køb af ejendom", "Storegade",
    ];

    private IReadOnlyList<string> MachineFiles => _site.Files()
        .Where(f => f.EndsWith(".xml", StringComparison.Ordinal) || f.EndsWith(".ics", StringComparison.Ordinal)
                    || f.EndsWith(".json", StringComparison.Ordinal) || f == "robots.txt")
        .ToList();

    [Fact]
    public void The_readers_saw_every_feed_calendar_and_data_file()
    {
        var read = _report.GetProperty("feeds").EnumerateObject().Select(p => p.Name)
            .Concat(_report.GetProperty("calendars").EnumerateObject().Select(p => p.Name))
            .Concat(_report.GetProperty("data").GetProperty("files").EnumerateObject().Select(p => p.Name))
            // Not for feed or data readers: the sitemap, robots.txt, the schema, and the search page's filter
            // choices (checked against Pagefind's in SearchFiltersTests); the leak tests below read them all.
            .Concat(["sitemap.xml", "robots.txt", "data/schema/oparl-data.schema.json", "soeg/filtre.json"])
            .Order(StringComparer.Ordinal);
        Assert.Equal(MachineFiles.Order(StringComparer.Ordinal), read);
        Assert.True(MachineFiles.Count >= 17, string.Join(", ", MachineFiles));
    }

    [Fact]
    public void No_closed_content_in_any_feed_calendar_data_file_or_sitemap()
    {
        foreach (var file in MachineFiles)
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_site.Output, file)));
            // iCalendar folds long lines: look at the unfolded text too, or a split word would slip through.
            var unfolded = text.Replace("\r\n ", "", StringComparison.Ordinal);
            foreach (var s in ClosedStrings)
            {
                Assert.False(unfolded.Contains(s, StringComparison.OrdinalIgnoreCase), $"'{s}' in {file}");
                Assert.False(file.Contains(s, StringComparison.OrdinalIgnoreCase), $"'{s}' in the name {file}");
            }
        }
    }

    [Fact]
    public void No_closed_content_in_what_feed_readers_calendars_and_data_users_decode()
    {
        // Entities resolved, lines unfolded, escapes undone: the text people actually see.
        var strings = AllStrings(_report).ToList();
        Assert.Contains(strings, v => v.Contains("Budgetopfølgning", StringComparison.Ordinal));
        foreach (var s in ClosedStrings)
            Assert.False(strings.Any(v => v.Contains(s, StringComparison.OrdinalIgnoreCase)), $"'{s}' decoded by a reader");
    }

    [Fact]
    public void Open_content_does_reach_the_feeds_calendars_and_data()
    {
        string Of(string file) => Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_site.Output, file))).Replace("\r\n ", "", StringComparison.Ordinal);
        foreach (var w in new[] { "OPENCONTROLTITLE", "OPENCONTROLDECISION", "OPENCONTROLPUBLICDECISION", "OPENCONTROLRETTELSE", "OPENCONTROLAGENDA" })
            Assert.Contains(w, Of("feed.xml"));
        Assert.Contains("OPENCONTROLPUBLICDECISION", Of("beslutninger.xml"));
        Assert.Contains("OPENCONTROLTITLE", Of("direktionen/moeder.ics"));
        Assert.Contains("OPENCONTROLAGENDA", Of("oekonomiudvalget/moeder.ics"));
        foreach (var w in new[] { "OPENCONTROLTEXT", "OPENCONTROLBILAGTITLE", "OPENCONTROLPUBLICDECISION", "OPENCONTROLRETTELSE" })
            Assert.Contains(w, Of("data/direktionen/2024-11-13.json"));
    }

    private static IEnumerable<string> AllStrings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => AllStrings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(AllStrings),
        JsonValueKind.String => [e.GetString()!],
        _ => [],
    };
}

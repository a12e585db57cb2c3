using System.Collections.Immutable;
using SiteGen.Publishing;

namespace SiteGen.Search;

/// <summary>One part of the search index: a Pagefind bundle over the meeting pages of consecutive dates.</summary>
/// <param name="Folder">site-relative bundle folder: <c>pagefind</c> for the newest shard (the one search.js
/// imports), <c>pagefind/del-&lt;first date&gt;</c> for older ones</param>
/// <param name="Glob">Pagefind's <c>--glob</c>: this shard's meeting pages and nothing else</param>
/// <param name="Pages">the meeting page files of the shard (site-relative), oldest first</param>
public sealed record SearchShard(string Folder, string Glob, ImmutableArray<string> Pages)
{
    /// <summary>The bundle's URL, as search.js gives it to Pagefind's <c>mergeIndex</c>.</summary>
    public string Url => "/" + Folder + "/";
}

/// <summary>Splits the archive's search index into shards by period. Each shard is whole years, oldest first,
/// filled up to <c>maxMeetings</c> meetings; a year with more meetings than that is split at dates. The split is
/// a function of the meetings' dates alone (deterministic), and a new meeting of the current year changes only
/// the newest shard, so an incremental build re-indexes one shard after a usual edit.</summary>
public static class SearchShards
{
    /// <summary>Meetings per shard: Pagefind's memory and time grow with a shard (≈ 0.45 GB per 1,000 meeting
    /// pages), a first search loads one meta file and one word chunk per shard. 2,500 keeps Pagefind near 1.1 GB
    /// while a 2,000-meeting archive stays one shard (1,000 made its first search 33% heavier). See
    /// docs/performance.md.</summary>
    public const int DefaultMaxMeetings = 2500;

    /// <summary>The whole archive as one bundle at <c>/pagefind/</c> (an empty archive, and serve's index).</summary>
    public static readonly SearchShard Whole = new(SearchIndexer.IndexFolder, Urls.MeetingPagesGlob, []);

    /// <summary>The shard list, published at <c>/pagefind/shards.json</c>: bundle URLs, newest first.</summary>
    public const string ListFile = SearchIndexer.IndexFolder + "/shards.json";

    private const string OlderPrefix = "del-";

    /// <summary>The shards of <paramref name="meetings"/>, newest first (always at least one).</summary>
    public static ImmutableArray<SearchShard> Plan(IEnumerable<PublicMeeting> meetings, int maxMeetings)
    {
        maxMeetings = Math.Max(1, maxMeetings);
        var days = meetings.GroupBy(m => m.Dato).OrderBy(g => g.Key)
            .Select(g => (Dato: g.Key, Pages: g.Select(Urls.MeetingFile).Order(StringComparer.Ordinal).ToList()))
            .ToList();
        if (days.Count == 0) return [Whole];

        var groups = new List<List<(DateOnly Dato, List<string> Pages)>>();
        var current = new List<(DateOnly Dato, List<string> Pages)>();
        var count = 0;
        void Close()
        {
            if (current.Count > 0) groups.Add(current);
            current = [];
            count = 0;
        }
        foreach (var year in days.GroupBy(d => d.Dato.Year))
        {
            var inYear = year.Sum(d => d.Pages.Count);
            if (count + inYear <= maxMeetings)
            {
                current.AddRange(year);
                count += inYear;
                continue;
            }
            Close();
            foreach (var day in year) // a year too big for one shard: split at dates
            {
                if (count > 0 && count + day.Pages.Count > maxMeetings) Close();
                current.Add(day);
                count += day.Pages.Count;
            }
        }
        Close();

        var years = days.GroupBy(d => d.Dato.Year).ToDictionary(g => g.Key, g => g.Count());
        return [.. groups.AsEnumerable().Reverse().Select((g, i) => new SearchShard(
            i == 0 ? SearchIndexer.IndexFolder : $"{SearchIndexer.IndexFolder}/{OlderPrefix}{g[0].Dato:yyyy-MM-dd}",
            Glob(g, years), [.. g.SelectMany(d => d.Pages)]))];
    }

    /// <summary>The shard list search.js reads: <c>{"shards":["/pagefind/","/pagefind/del-2021-01-06/"]}</c>, bundle
    /// URLs newest first (the first is the bundle of pagefind.js).</summary>
    public static string ListJson(IEnumerable<SearchShard> shards) =>
        System.Text.Json.JsonSerializer.Serialize(new { shards = shards.Select(s => s.Url).ToArray() }) + "\n";

    /// <summary>"*/{2023-[0-9][0-9]-[0-9][0-9],2024-01-05}/index.html": whole years as a pattern, the dates of a
    /// split year one by one (so the argument stays short: Linux limits one argument to 128 KiB).</summary>
    private static string Glob(List<(DateOnly Dato, List<string> Pages)> shard, Dictionary<int, int> daysPerYear)
    {
        var parts = new List<string>();
        foreach (var year in shard.GroupBy(d => d.Dato.Year))
        {
            if (year.Count() == daysPerYear[year.Key]) parts.Add($"{year.Key:0000}-[0-9][0-9]-[0-9][0-9]");
            else parts.AddRange(year.Select(d => d.Dato.ToString("yyyy-MM-dd")));
        }
        var dates = parts.Count == 1 ? parts[0] : "{" + string.Join(",", parts) + "}";
        return Urls.File(Urls.Meeting("*", new DateOnly(2000, 1, 1))).Replace("2000-01-01", dates,
            StringComparison.Ordinal);
    }
}

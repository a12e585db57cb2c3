using System.Collections.Immutable;
using SiteGen.Publishing;

namespace SiteGen.Search;

/// <summary>One part of the search index: a Pagefind bundle over the meeting pages of consecutive dates.</summary>
/// <param name="Folder">site-relative bundle folder: <c>pagefind</c> for the newest shard (the one search.js
/// imports), <c>pagefind/del-&lt;first date&gt;</c> for older ones</param>
/// <param name="Glob">Pagefind's <c>--glob</c>: this shard's meeting pages and nothing else</param>
/// <param name="Pages">the meeting page files of the shard (site-relative), oldest first</param>
/// <param name="Fra">the date of its first meeting (none for <see cref="SearchShards.Whole"/>)</param>
/// <param name="Til">the date of its last meeting</param>
public sealed record SearchShard(string Folder, string Glob, ImmutableArray<string> Pages, DateOnly? Fra = null,
    DateOnly? Til = null)
{
    /// <summary>The bundle's URL, as search.js gives it to Pagefind's <c>mergeIndex</c>.</summary>
    public string Url => "/" + Folder + "/";
}

/// <summary>Splits the archive's search index into shards by period (deterministic: a function of the meetings'
/// dates alone). The <b>newest shard</b>, the one a first search reads, is small and predictable: the most recent
/// whole years up to <c>NewestMeetings</c> (at least the newest year; a year bigger than that is cut into blocks
/// of dates from its first date, and the newest shard is then the last blocks); if that leaves it under half the
/// bound, one more year or block is added. The <b>older shards</b> are whole years grouped from the oldest up to
/// <c>maxMeetings</c>, a year above that split at dates. Boundaries are stable: a new meeting changes the newest
/// shard, and only when it outgrows its bound does a year (or block) move into the last older shard, so an
/// incremental build re-indexes one shard after a usual edit.</summary>
public static class SearchShards
{
    /// <summary>Meetings per older shard: what an edit of an old referat re-indexes (Pagefind ≈ 5 ms of CPU per
    /// meeting page) and what Pagefind holds in memory per run (≈ 0.45 GB per 1,000 meeting pages); a search of the
    /// whole archive loads one meta file and one word chunk per shard, so more, smaller shards cost that search
    /// more. 500 (the newest shard's bound) makes an older shard about one year of a weekly-meeting archive (three
    /// of a smaller one); 1,250 until 6 December 2026, 2,500 until 5 December. See docs/perf-notes-s9-full.md.
    /// </summary>
    public const int DefaultMaxMeetings = 500;

    /// <summary>Meetings in the newest shard (at most the older shards' bound): what the first search loads, and what
    /// an edit of a recent referat re-indexes (Pagefind ≈ 4.5 ms of CPU per meeting page). About one or two years of
    /// a municipality; 1,000 until 6 December 2026 (see docs/search.md, docs/performance.md).</summary>
    public const int NewestMeetings = 500;

    /// <summary>The whole archive as one bundle at <c>/pagefind/</c> (an empty archive, and serve's index).</summary>
    public static readonly SearchShard Whole = new(SearchIndexer.IndexFolder, Urls.MeetingPagesGlob, []);

    /// <summary>The shard list, published at <c>/pagefind/shards.json</c>: bundle URLs, newest first.</summary>
    public const string ListFile = SearchIndexer.IndexFolder + "/shards.json";

    private const string OlderPrefix = "del-";

    /// <summary>The shards of <paramref name="meetings"/>, newest first (always at least one); the newest holds up
    /// to <see cref="NewestMeetings"/> (or <paramref name="maxMeetings"/> if smaller).</summary>
    public static ImmutableArray<SearchShard> Plan(IEnumerable<PublicMeeting> meetings, int maxMeetings)
    {
        maxMeetings = Math.Max(1, maxMeetings);
        var days = meetings.GroupBy(m => m.Dato).OrderBy(g => g.Key)
            .Select(g => (Dato: g.Key, Pages: g.Select(Urls.MeetingFile).Order(StringComparer.Ordinal).ToList()))
            .ToList();
        if (days.Count == 0) return [Whole];

        var newestCount = NewestDays(days, Math.Min(NewestMeetings, maxMeetings));
        var groups = Group(days[..^newestCount], maxMeetings);
        groups.Add(days[^newestCount..]);

        var years = days.GroupBy(d => d.Dato.Year).ToDictionary(g => g.Key, g => g.Count());
        return [.. groups.AsEnumerable().Reverse().Select((g, i) => new SearchShard(
            i == 0 ? SearchIndexer.IndexFolder : $"{SearchIndexer.IndexFolder}/{OlderPrefix}{g[0].Dato:yyyy-MM-dd}",
            Glob(g, years), [.. g.SelectMany(d => d.Pages)], g[0].Dato, g[^1].Dato))];
    }

    /// <summary>How many of the last days make the newest shard: units (whole years; a year above the bound cut
    /// into blocks of dates from its first date) taken from the end while they fit, at least one, and one more if
    /// the shard would be under half the bound.</summary>
    private static int NewestDays(List<(DateOnly Dato, List<string> Pages)> days, int bound)
    {
        var units = new List<(int Days, int Meetings)>();
        foreach (var year in days.GroupBy(d => d.Dato.Year))
        {
            var inYear = year.Sum(d => d.Pages.Count);
            if (inYear <= bound)
            {
                units.Add((year.Count(), inYear));
                continue;
            }
            foreach (var block in Group([.. year], bound)) units.Add((block.Count, block.Sum(d => d.Pages.Count)));
        }
        int taken = 0, count = 0, dayCount = 0;
        for (var i = units.Count - 1; i >= 0; i--)
        {
            var fits = count + units[i].Meetings <= bound;
            if (taken > 0 && !fits && 2 * count >= bound) break;
            taken++;
            count += units[i].Meetings;
            dayCount += units[i].Days;
            if (!fits) break; // the one extra unit for a shard under half the bound
        }
        return dayCount;
    }

    /// <summary>Whole years, oldest first, fill a group up to <paramref name="bound"/> meetings; a year too big for
    /// one group is split at dates (a date is never split).</summary>
    private static List<List<(DateOnly Dato, List<string> Pages)>> Group(
        List<(DateOnly Dato, List<string> Pages)> days, int bound)
    {
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
            if (count + inYear <= bound)
            {
                current.AddRange(year);
                count += inYear;
                continue;
            }
            Close();
            foreach (var day in year) // a year too big for one group: split at dates
            {
                if (count > 0 && count + day.Pages.Count > bound) Close();
                current.Add(day);
                count += day.Pages.Count;
            }
        }
        Close();
        return groups;
    }

    /// <summary>The shard list search.js reads: <c>{"shards":["/pagefind/","/pagefind/del-2021-01-06/"],
    /// "perioder":[["2023-01-04","2024-12-18"],["2021-01-06","2022-12-14"]]}</c>, bundle URLs newest first (the
    /// first is the bundle of pagefind.js) and each one's first and last meeting date, so the search page can say
    /// which years it searched. <see cref="Whole"/> has no period: only <c>shards</c>.</summary>
    public static string ListJson(IEnumerable<SearchShard> shards)
    {
        var list = shards.ToList();
        var urls = list.Select(s => s.Url).ToArray();
        return (list.All(s => s.Fra is not null && s.Til is not null)
            ? System.Text.Json.JsonSerializer.Serialize(new
            {
                shards = urls,
                perioder = list.Select(s => new[] { Day(s.Fra!.Value), Day(s.Til!.Value) }).ToArray(),
            })
            : System.Text.Json.JsonSerializer.Serialize(new { shards = urls })) + "\n";
    }

    private static string Day(DateOnly d) =>
        d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

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

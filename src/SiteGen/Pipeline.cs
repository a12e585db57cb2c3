using System.Collections.Immutable;
using System.Diagnostics;
using SiteGen.Common;
using SiteGen.Data;
using SiteGen.Feeds;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Rendering;
using SiteGen.Search;
using SiteGen.Validation;
using SiteGen.Diagnostics;

namespace SiteGen;

/// <param name="PagefindBinary">Another Pagefind binary than node_modules' (tests; see SearchIndexer).</param>
/// <param name="Cache">validation results to reuse for unchanged referat files (serve)</param>
/// <param name="Withheld">also render the withheld report (<see cref="WithheldReport"/>) of a good build</param>
/// <param name="CacheDir">where the build keeps what the next build may reuse (<see cref="BuildCache"/>); none
/// when null</param>
/// <param name="Clean">reuse nothing from the cache (it is written afresh)</param>
/// <param name="Today">the build date (tests); else SOURCE_DATE_EPOCH or the clock (<see cref="Common.BuildClock"/>)
/// </param>
/// <param name="ShardMeetings">meetings per search shard (<see cref="SearchShards"/>)</param>
public sealed record BuildOptions(string InputDir, string OutputDir, bool Search = true, string? PagefindBinary = null,
    ValidationCache? Cache = null, Action<string>? OnStage = null, bool Withheld = false, string? CacheDir = null,
    bool Clean = false, int ShardMeetings = SearchShards.DefaultMaxMeetings, DateOnly? Today = null);

public sealed record StageTiming(string Stage, TimeSpan Elapsed);

/// <param name="ClosedAttachments">counted by Publishing (<see cref="Publication"/>): build and serve agree</param>
public sealed record BuildSummary(
    int Meetings, int Pages, int Files, long Bytes, int ClosedItems, int ClosedAttachments, TimeSpan Elapsed,
    ImmutableArray<StageTiming> Stages)
{
    /// <summary>Search index shards of the build, and how many of them were reused from the previous build.</summary>
    public int SearchShards { get; init; }

    public int SearchShardsReused { get; init; }
}

/// <param name="Withheld">the withheld report (closed content included: only ever printed or written where the
/// user asks), when <see cref="BuildOptions.Withheld"/> asked for it</param>
public sealed record BuildResult(ImmutableArray<Diagnostic> Diagnostics, BuildSummary? Summary, string? Withheld = null)
{
    public bool Succeeded => Summary is not null;

    /// <summary>A good build's publication and render: serve's next builds start from them.</summary>
    internal (Publication Publication, Rendered Rendered)? Made { get; init; }
}

/// <summary>Content → Validation → Publishing → Rendering → Feeds/Data/Search → Output, in one
/// direction.</summary>
public static class Pipeline
{
    /// <summary>The text of the open attachments' files of <paramref name="site"/> (the public model: closed
    /// attachments have no file there), read once for the personal-data check and the attachment index.</summary>
    public static ImmutableArray<AttachmentText> ReadAttachments(string inputDir, PublicSite site) =>
        AttachmentTexts.ReadAll(inputDir, PageRenderer.OpenFiles(site).Select(f => f.SourcePath));

    /// <summary>The attachment checks of a build (<see cref="AttachmentChecks"/>) for `validate`: personal data
    /// in, and unreadable text of, open attachments. Nothing when the input cannot be published anyway.</summary>
    public static ImmutableArray<Diagnostic> CheckAttachments(string inputDir, ValidationResult validation) =>
        validation.CanPublish
            ? AttachmentChecks.Check(ReadAttachments(inputDir, Publisher.Run(validation).Site))
            : [];

    public static BuildResult Build(BuildOptions options, TextWriter log)
    {
        var total = Stopwatch.StartNew();
        var stages = ImmutableArray.CreateBuilder<StageTiming>();
        T Time<T>(string stage, Func<T> work)
        {
            options.OnStage?.Invoke(stage);
            var clock = Stopwatch.StartNew();
            var result = work();
            stages.Add(new StageTiming(stage, clock.Elapsed));
            return result;
        }

        var validation = Time("load+validate", () => Validator.Run(options.InputDir, options.Cache));
        if (validation.HasErrors || validation.Config is null)
            return new BuildResult(validation.Diagnostics, null);

        var publication = Time("publish", () => Publisher.Run(validation, today: options.Today));
        var site = publication.Site;
        var diagnostics = validation.Diagnostics.ToBuilder();

        // Read once, after Publishing: only open attachments' files are ever opened. A CPR number in one stops
        // the build here, before anything is written.
        var attachmentTexts = Time("attachments", () => ReadAttachments(options.InputDir, site));
        diagnostics.AddRange(AttachmentChecks.Check(attachmentTexts));
        if (diagnostics.Any(d => d.IsError)) return new BuildResult(diagnostics.ToImmutable(), null);
        var attachmentRecords = options.Search ? AttachmentIndex.Records(site, attachmentTexts) : [];

        using var output = new AtomicOutput(options.OutputDir);
        var writer = new SiteWriter(output.StagingDir);
        var rendered = Time("render", () => PageRenderer.RenderAll(site,
            Path.Combine(options.InputDir, "templates"), Path.Combine(options.InputDir, "assets"), writer));
        diagnostics.AddRange(rendered.Problems);
        if (diagnostics.Any(d => d.IsError)) return new BuildResult(diagnostics.ToImmutable(), null);

        // Feeds, calendars, data and the word list need the rendered pages, Pagefind only the meeting pages: they are
        // written while Pagefind indexes, sharing the cores instead of waiting for it. Timed as a stage of its own.
        var feedsAt = stages.Count;
        options.OnStage?.Invoke("feeds+data");
        var feeds = Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            FeedWriter.Write(site, writer);
            OpenDataWriter.Write(site, writer);
            SearchFilters.Write(site, writer, attachmentIndex: !attachmentRecords.IsEmpty, wordList: options.Search);
            if (options.Search) WordList.Write(site, writer);
            return clock.Elapsed;
        });
        using var feedsWritten = new Waiting(feeds); // the staging folder goes only after them, whatever happens

        // Pagefind indexes the meeting pages of the staging folder (in shards), and the open attachments' text into
        // a second bundle; the site is swapped in only with its index.
        var bundles = new List<BuildCache.Bundle>();
        var reused = 0;
        string? identity = null;
        if (options.Search)
        {
            var (binary, problem) = SearchIndexer.Find(log, options.InputDir, options.PagefindBinary);
            identity = BuildCache.Identity(binary);
            var searchError = problem;
            if (searchError is null)
                (searchError, reused) = Time("search", () =>
                {
                    var (problem, kept) = Index(options, site, writer, binary!, identity, bundles);
                    if (problem is null && !attachmentRecords.IsEmpty)
                        problem = SearchIndexer.IndexAttachments(binary!, writer.Root, attachmentRecords);
                    return (problem, kept);
                });
            if (searchError is not null)
            {
                diagnostics.Add(searchError);
                return new BuildResult(diagnostics.ToImmutable(), null);
            }
        }
        stages.Insert(feedsAt, new StageTiming("feeds+data", feeds.GetAwaiter().GetResult()));
        identity ??= BuildCache.Identity(null);
        Time("swap", () =>
        {
            writer.Rescan();
            if (options.CacheDir is not null) BuildCache.Forget(options.CacheDir);
            output.Commit();
            if (options.CacheDir is not null)
                BuildCache.Save(options.CacheDir, options.OutputDir, identity, bundles);
            return 0;
        });

        var files = writer.Files;
        return new BuildResult(diagnostics.ToImmutable(), new BuildSummary(
            site.Meetings.Length,
            files.Count(f => f.EndsWith(".html", StringComparison.Ordinal)),
            files.Count, writer.Bytes, publication.ClosedItems, publication.ClosedAttachments, total.Elapsed,
            stages.ToImmutable())
        {
            SearchShards = bundles.Count,
            SearchShardsReused = reused,
        }, options.Withheld ? WithheldReport.Render(validation.Referater) : null)
        {
            Made = (publication, rendered),
        };
    }

    /// <summary>Indexes the search shards (<see cref="SearchShards"/>) one after the other, so Pagefind's memory is
    /// that of one shard; a shard whose pages are unchanged since the last build takes its bundle from the cache.
    /// Writes the shard list. Returns a problem, or how many shards were reused.</summary>
    private static (Diagnostic? Problem, int Reused) Index(BuildOptions options, PublicSite site, SiteWriter writer,
        string binary, string identity, List<BuildCache.Bundle> bundles)
    {
        var cache = options.CacheDir is null || options.Clean ? null
            : BuildCache.Load(options.CacheDir, options.OutputDir, identity);
        var shards = SearchShards.Plan(site.Meetings, options.ShardMeetings);
        var reused = 0;
        foreach (var shard in shards) // newest first: the newest bundle's folder holds the older ones' subfolders
        {
            var pages = BuildCache.PagesHash(writer.Root, shard.Pages);
            if (cache?.Reuse(pages, shard.Folder, writer.Root) is { } kept)
            {
                bundles.Add(kept);
                reused++;
                continue;
            }
            if (SearchIndexer.Index(binary, writer.Root, shard) is { } problem) return (problem, reused);
            bundles.Add(BuildCache.Describe(writer.Root, shard.Folder, pages));
        }
        writer.WriteText(SearchShards.ListFile, SearchShards.ListJson(shards));
        return (null, reused);
    }

    /// <summary>Waits for a task when disposed, without throwing its exception (whoever needs its result asks).
    /// </summary>
    private sealed class Waiting(Task task) : IDisposable
    {
        public void Dispose() => Task.WhenAny(task).Wait();
    }
}

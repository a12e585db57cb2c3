using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.CompilerServices;
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
    bool Clean = false, int ShardMeetings = SearchShards.DefaultMaxMeetings, DateOnly? Today = null)
{
    /// <summary>Keep the publication and render in <see cref="BuildResult.Made"/> (serve starts its next builds from
    /// them). Otherwise each stage's data is let go as soon as no later stage needs it, so a build's memory is not
    /// that of the whole archive at once (docs/perf-notes-mem.md).</summary>
    internal bool KeepMade { get; init; }

    /// <summary>The process ends when the build returns (the command line): collections paused through the build
    /// stay paused to the end (<see cref="CollectionPause.Holder"/>).</summary>
    internal bool EndsProcess { get; init; }
}

public sealed record StageTiming(string Stage, TimeSpan Elapsed);

/// <param name="ClosedAttachments">counted by Publishing (<see cref="Publication"/>): build and serve agree</param>
public sealed record BuildSummary(
    int Meetings, int Pages, int Files, long Bytes, int ClosedItems, int ClosedAttachments, TimeSpan Elapsed,
    ImmutableArray<StageTiming> Stages)
{
    /// <summary>Search index shards of the build, and how many of them were reused from the previous build.</summary>
    public int SearchShards { get; init; }

    public int SearchShardsReused { get; init; }

    /// <summary>Output units (a meeting's or a case's files, <see cref="OutputUnits"/>) of a build with a cache, and
    /// how many of them were taken unchanged from the previous build.</summary>
    public int Units { get; init; }

    public int UnitsReused { get; init; }

    /// <summary>Of <see cref="UnitsReused"/>, those kept in place in the put-aside output that the build took as its
    /// staging folder (<see cref="StaleBuffer"/>); the others were hard-linked from the previous output.</summary>
    public int UnitsInPlace { get; init; }
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

    /// <summary>Builds the site. A full disk ends it with a diagnostic (<see cref="DiskFull"/>), nothing
    /// published.</summary>
    public static BuildResult Build(BuildOptions options, TextWriter log)
    {
        try
        {
            return BuildSite(options, log);
        }
        catch (Exception e) when (DiskFull.Is(e))
        {
            return new BuildResult([DiskFull.Stopped(options.OutputDir)], null);
        }
    }

    private static BuildResult BuildSite(BuildOptions options, TextWriter log)
    {
        var total = Stopwatch.StartNew();
        using var ceiling = HeapCeiling.Start();
        var stages = ImmutableArray.CreateBuilder<StageTiming>();
        T Time<T>(string stage, Func<T> work)
        {
            options.OnStage?.Invoke(stage);
            var clock = Stopwatch.StartNew();
            var result = work();
            stages.Add(new StageTiming(stage, clock.Elapsed));
            StageMemory.Log(stage);
            return result;
        }

        // What earlier builds left beside the output is deleted on a background thread while the input is read and
        // checked; the swap waits for it. The previous output put aside by the last swap is kept and walked
        // meanwhile: the reuse stage takes it as the staging folder when it can (StaleBuffer).
        if (options.Clean && options.CacheDir is not null) StaleBuffer.Forget(options.CacheDir);
        var buffer = options.CacheDir is null || options.Clean ? null
            : StaleBuffer.Start(options.CacheDir, options.OutputDir);
        using var sweep = AtomicOutput.Sweep(options.OutputDir, buffer is null ? null : () => buffer.Folder);
        // An incremental build's collections are paused from the cache's decoding to its end (Validator): serve, which
        // runs on, collects as usual.
        using var pause = new CollectionPause.Holder(toProcessEnd: options.EndsProcess);
        ValidationResult? validation = Time("load+validate", () => Validator.Run(options.InputDir, options.Cache,
            options.CacheDir, options.Clean, options.KeepMade ? null : pause));
        if (validation.HasErrors || validation.Config is null)
            return new BuildResult(validation.Diagnostics, null);

        var diagnostics = validation.Diagnostics.ToBuilder();
        // The withheld report is the only reader of the source model after Publishing: made now, so that the source
        // model (its closed texts, its records; the open texts live on, shared, in the public model) is garbage
        // once published.
        var withheld = options.Withheld ? WithheldReport.Render(validation.Referater) : null;
        // Cleared through the closure after use: a reference the JIT keeps in the frame would hold it to the end.
        ValidationResult? toPublish = validation;
        validation = null;
        var publication = Time("publish", () => Publisher.Run(toPublish, today: options.Today));
        toPublish = null;
        var site = publication.Site;
        var (closedItems, closedAttachments) = (publication.ClosedItems, publication.ClosedAttachments);

        // Read once, after Publishing: only open attachments' files are ever opened. A CPR number in one stops
        // the build here, before anything is written.
        var attachmentTexts = Time("attachments", () => ReadAttachments(options.InputDir, site));
        diagnostics.AddRange(AttachmentChecks.Check(attachmentTexts));
        if (diagnostics.Any(d => d.IsError)) return new BuildResult(diagnostics.ToImmutable(), null);
        var attachmentRecords = options.Search ? AttachmentIndex.Records(site, attachmentTexts) : [];

        var templatesDir = Path.Combine(options.InputDir, "templates");
        var assetsDir = Path.Combine(options.InputDir, "assets");
        // With a cache: the meetings' and cases' files whose inputs are unchanged are kept in the put-aside output
        // taken as staging folder, or hard-linked from the previous output, and skipped below (see BuildCache).
        // The render's setup and overview models are made on a thread of their own once the units are planned and the
        // put-aside folder checked: the rest of the reuse stage is mostly one thread (PageRenderer.PlanAhead).
        Task<PageRenderer.RenderPlan>? renderPlan = null;
        void PlanRender() => renderPlan ??= PageRenderer.PlanAhead(site, templatesDir, assetsDir);
        var (staging, reuse, trash) = options.CacheDir is null ? (new AtomicOutput(options.OutputDir), null, null)
            : Time("reuse", () => Reuse(options, site, templatesDir, assetsDir, buffer, PlanRender));
        using var output = staging;
        using var trashed = trash; // parts of the put-aside output removed from it, deleted in the background
        var writer = reuse?.Writer ?? new SiteWriter(output.StagingDir);
        // With a cache: the overview pages and whole-archive files whose inputs are unchanged are taken from the
        // previous output too (see WholeFiles).
        WholeFiles? whole = null;

        // Once the meeting pages are all written (in the render stage, before the overview and case pages): Pagefind
        // starts on the search shards, one run while the rest of the render, feeds and data are made beside it (up to
        // ShardIndexer.BesideUpTo meetings: above, none, for memory), two once they are (see ShardIndexer). The search
        // stage's time is what is left of it after feeds+data.
        var meetings = 0;
        var shards = ImmutableArray<SearchShard>.Empty;
        var bundles = new List<BuildCache.Bundle>();
        string? identity = null;
        Diagnostic? searchProblem = null;
        Task<(Diagnostic? Problem, int Reused)>? search = null;
        using var feedsDone = new ManualResetEventSlim();
        var searchStarted = false;
        void StartSearch()
        {
            if (searchStarted) return;
            searchStarted = true;
            (meetings, shards) = ForSearch(site, options);
            if (!options.Search) return;
            var (binary, problem) = SearchIndexer.Find(log, options.InputDir, options.PagefindBinary);
            identity = BuildCache.Identity(binary);
            searchProblem = problem;
            if (problem is not null) return;
            var (cache, planned) = (reuse?.Cache, shards);
            var allWait = meetings > ShardIndexer.BesideUpTo;
            search = Task.Factory.StartNew(() => Index(planned, writer, binary!, identity, bundles, cache,
                attachmentRecords, feedsDone.WaitHandle, allWait), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        // A build that fails after the search started waits for it: its work folders are removed before it ends.
        void StopSearch()
        {
            feedsDone.Set();
            try { search?.Wait(); } catch (AggregateException) { }
        }
        BuildResult Failed()
        {
            StopSearch();
            return new BuildResult(diagnostics.ToImmutable(), null);
        }
        Rendered rendered;
        try
        {
            rendered = Time("render", () =>
            {
                whole = reuse is null ? null : WholeFiles.Open(options.CacheDir!, options.Clean, options.OutputDir,
                    writer, reuse.Context);
                var made = PageRenderer.RenderAll(site, templatesDir, assetsDir, writer, reuse?.Kept,
                    keepHtml: options.KeepMade, whole, StartSearch, renderPlan);
                StepLog.Flush();
                return made;
            });
        }
        catch
        {
            StopSearch();
            throw;
        }
        diagnostics.AddRange(rendered.Problems);
        if (diagnostics.Any(d => d.IsError)) return Failed();
        var made = options.KeepMade ? (publication, rendered) : default((Publication, Rendered)?);
        rendered = null!; // the overview pages' models and HTML: only serve uses them again
        StartSearch(); // (started in the render stage already: RenderAll calls it once the meeting pages are written)
        try
        {
            FeedsAndData();
        }
        catch
        {
            StopSearch();
            throw;
        }
        feedsDone.Set();
        // A build that leaves no put-aside folder for the next one (no cache to take one from) leaves a twin of its
        // output instead, linked while Pagefind runs (Twin).
        using var twin = reuse is { Cache: null } ? Twin.Start(options.OutputDir, writer.Root, reuse.All, sweep)
            : null;

        void FeedsAndData() => Time("feeds+data", () =>
        {
            // What the staging folder holds: every file written so far, and those linked from the last build (a file
            // may be named twice; no copy of either).
            var files = reuse is null ? writer.Paths : writer.Paths.Concat(reuse.LinkedFiles);
            // Each file list of the stage runs on a thread of its own beside the data files: on 2 cores one list alone
            // left a core idle (its last large file ran alone). Left only when every one has ended (SideWork).
            using var side = new SideWork();
            // The sitemap lists the pages (index.html), all written by the render stage, and needs none of the parts.
            var sitemap = side.Run(() => StepLog.Step("sitemap", () =>
                Sitemap.Write(site, writer, files, whole, reuse?.Units)));
            // The meetings' and cases' parts of the whole-archive files, kept by unit key (see Fragments); closed
            // after the side work that reads them has ended, also when a file failed.
            var fragments = side.Own(reuse?.Units is { } units
                ? Fragments.Open(options.CacheDir!, options.Clean, m => units.Meetings.GetValueOrDefault(m)?.Key,
                    s => units.Sager.GetValueOrDefault(s)?.Key)
                : null);
            StepLog.Step("fragments units", () => fragments?.Prepare(site.Meetings, site.Sager));
            // The word list reads only its own parts (Fragments is thread-safe) and writes only its own files.
            var words = options.Search
                ? side.Run(() => StepLog.Step("word list", () => WordList.Write(site, writer, fragments)))
                : null;
            // The feeds and the data files share no file.
            var feeds = side.Run(() => StepLog.Step("feeds (all)", () => FeedWriter.Write(site, writer,
                reuse?.Kept.Page, fragments, whole, reuse is null ? null : reuse.KeptUnit)));
            StepLog.Step("data (all)", () => OpenDataWriter.Write(site, writer, reuse?.Kept.Page, fragments, files,
                whole, reuse?.Units, reuse is null ? null : reuse.KeptUnit, sitemap: false));
            SideWork.Join(feeds);
            StepLog.Step("filters", () => SearchFilters.Write(site, writer,
                attachmentIndex: !attachmentRecords.IsEmpty, wordList: options.Search));
            SideWork.Join(words);
            StepLog.Step("fragments saved", () => fragments?.Save());
            SideWork.Join(sitemap);
            StepLog.Step("whole files saved", () => whole?.Save()); // after the sitemap's key is recorded
            if (whole is not null) StepLog.Count("whole files kept", whole.Kept);
            StepLog.Flush();
            return 0;
        });

        // The rest of the search stage needs only the shards' page lists: the public model, with every text of the
        // archive, is let go (unless serve keeps it).
        (site, publication) = (null!, null!);
        reuse = reuse?.WithoutModel();
        // Not while collections are paused: then the build allocated less than the pause allowed (an incremental build
        // after a small edit, whose Pagefind runs are small), and a full compacting collection of all it made would
        // cost ≈ 0.5 s at 10,000 meetings.
        if (options.Search && !options.KeepMade && !pause.Holds) StageMemory.Release();

        // Pagefind indexes the meeting pages of the staging folder (in shards), and the open attachments' text into
        // a second bundle; the site is swapped in only with its index.
        var reused = 0;
        if (options.Search)
        {
            var searchError = searchProblem;
            if (search is not null)
                (searchError, reused) = Time("search", () =>
                {
                    var result = search.GetAwaiter().GetResult();
                    // Written here, not beside feeds+data: the sitemap is made from the files written by then.
                    if (result.Problem is null) writer.WriteText(SearchShards.ListFile, SearchShards.ListJson(shards));
                    return result;
                });
            if (searchError is not null)
            {
                diagnostics.Add(searchError);
                return new BuildResult(diagnostics.ToImmutable(), null);
            }
        }
        identity ??= BuildCache.Identity(null);
        Time("swap", () =>
        {
            // Only Pagefind writes into the staging folder besides the writer (linked files are recorded).
            StepLog.Step("rescan", () => writer.Rescan(SearchIndexer.IndexFolder, AttachmentIndex.IndexFolder));
            // Read in staging, before it is moved.
            var (records, fresh) = StepLog.Step("records", () =>
                reuse?.Records(shards.SelectMany(s => s.Pages).ToHashSet(StringComparer.Ordinal)) ?? default);
            var stamps = records is null ? default((List<BuildCache.FolderStamp>, List<BuildCache.Extra>)?)
                : StepLog.Step("stamps", () =>
                {
                    // The units kept in place are recorded as they were (Records), in folders the carry names: only
                    // the other units' files and the files made are looked at (≈ 300,000 kept files at 10,000
                    // meetings are not).
                    if (reuse!.Carried is { Complete: true } carried)
                        return StaleBuffer.Stamps(writer.Root, carried, fresh!, writer.Made);
                    var outside = StaleBuffer.NotRecorded(records, reuse.Linked.Values);
                    return StaleBuffer.Stamps(writer.Root, records, outside.Count == 0 ? writer.Made : writer.Files,
                        reuse.Carried, outside);
                });
            // The live output's manifest becomes the record of the folder the commit puts it aside in (StaleBuffer).
            var putAside = reuse?.Cache is not null;
            if (options.CacheDir is not null)
            {
                StaleBuffer.Forget(options.CacheDir);
                BuildCache.Forget(options.CacheDir, keepAs: putAside ? StaleBuffer.RecordFile : null);
            }
            StepLog.Step("sweep wait", sweep.Wait);
            StepLog.Step("twin wait", () => twin?.Finish()); // it links from the staging folder's path
            StepLog.Step("commit", output.Commit);
            if (options.CacheDir is not null && records is not null)
            {
                try
                {
                    StepLog.Step("save", () => BuildCache.Save(options.CacheDir, options.OutputDir, identity, bundles,
                        records, stamps));
                    if (putAside && output.Previous is { } aside && AtomicOutput.IsPutAside(options.OutputDir, aside))
                        StaleBuffer.Bind(options.CacheDir, aside);
                    else if (twin is not null)
                        StepLog.Step("twin bind", () => twin.Bind(options.CacheDir, options.OutputDir, identity,
                            records));
                }
                catch (Exception e) when (DiskFull.Is(e))
                {
                    // The site is out; without its manifest the next build trusts nothing and builds everything.
                    BuildCache.Forget(options.CacheDir);
                    StaleBuffer.Forget(options.CacheDir);
                    diagnostics.Add(DiskFull.CacheNotSaved(options.CacheDir));
                }
            }
            StepLog.Flush();
            return 0;
        });

        return new BuildResult(diagnostics.ToImmutable(), new BuildSummary(
            meetings,
            writer.Paths.Count(f => f.EndsWith(".html", StringComparison.Ordinal)),
            writer.Count, writer.Bytes, closedItems, closedAttachments, total.Elapsed,
            stages.ToImmutable())
        {
            SearchShards = bundles.Count,
            SearchShardsReused = reused,
            Units = reuse?.All.Length ?? 0,
            UnitsReused = reuse?.Linked.Count ?? 0,
            UnitsInPlace = reuse?.InPlace ?? 0,
        }, withheld)
        {
            Made = made,
        };
    }

    /// <summary>What the search stage and the summary need of the public model. A method of its own, so that no
    /// reference to the meetings is left in <see cref="Build"/>'s frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int Meetings, ImmutableArray<SearchShard> Shards) ForSearch(PublicSite site, BuildOptions options)
        => (site.Meetings.Length, options.Search ? SearchShards.Plan(site.Meetings, options.ShardMeetings) : []);

    /// <summary>Indexes the search shards (<see cref="SearchShards"/>) and the attachment index, one Pagefind run
    /// at a time until <paramref name="fullSpeed"/> is set, then two (<see cref="ShardIndexer"/>); a shard whose
    /// pages are unchanged since the last build takes its bundle from the previous output (hard-linked). Runs beside
    /// feeds+data: it reads only the meeting pages and writes only the shards' folders. Returns a problem, or how
    /// many shards were reused.</summary>
    private static (Diagnostic? Problem, int Reused) Index(ImmutableArray<SearchShard> shards, SiteWriter writer,
        string binary, string identity, List<BuildCache.Bundle> bundles, BuildCache? cache,
        IReadOnlyList<AttachmentRecord> attachments,
        WaitHandle fullSpeed, bool allWait)
    {
        var pages = new Dictionary<string, string>(StringComparer.Ordinal); // by shard folder
        var kept = new Dictionary<string, BuildCache.Bundle>(StringComparer.Ordinal);
        // The kept bundles are hard-linked from the previous output before Pagefind starts (see BuildCache.Reuse); a
        // copy of each (≈ 100 MB, 11,000 files at 10,000 meetings) with a hash of every file took 2 s of CPU
        // (docs/perf-notes-s8-kept.md).
        StepLog.Step("search kept", () =>
        {
            StepLog.Step("search kept hashes", () =>
            {
                foreach (var shard in shards)
                    pages[shard.Folder] = BuildCache.PagesHash(writer, shard.Pages);
            });
            // On this thread, one shard after the other (≈ 11,000 links at 10,000 meetings, ≈ 0.1 s): a parallel loop
            // left it waiting for pool threads on a loaded machine (docs/perf-notes-s8-kept.md).
            if (cache is not null)
                StepLog.Step("search kept links", () =>
                {
                    foreach (var shard in shards)
                        if (cache.Reuse(pages[shard.Folder], shard.Folder, writer.Root, identity) is { } bundle)
                            kept[shard.Folder] = bundle;
                });
        });
        var toIndex = shards.Where(s => !kept.ContainsKey(s.Folder)).ToList();
        var problem = StepLog.Step("pagefind", () => ShardIndexer.Run(binary, writer.Root, toIndex, attachments,
            (shard, bundle) => kept[shard.Folder] = BuildCache.Describe(bundle, "", pages[shard.Folder])
                with { Folder = shard.Folder }, fullSpeed, allWait));
        if (problem is not null) return (problem, shards.Length - toIndex.Count);
        bundles.AddRange(shards.Select(s => kept[s.Folder])); // newest first, as planned
        return (null, shards.Length - toIndex.Count);
    }

    /// <summary>What a build with a cache takes from the previous one: the cache (null when there is none to
    /// trust, or <c>--clean</c>), the output units, those linked into the staging folder (the writer has their files,
    /// with the search pages' content hashes); the units' context (<see cref="OutputUnits.Context"/>), which the
    /// overview pages' keys share.</summary>
    /// <remarks><see cref="Units"/> is keyed by the public model's meetings and cases: it is dropped
    /// (<see cref="WithoutModel"/>) once render, feeds and data are made, so the model is not kept alive through the
    /// search stage; <see cref="All"/> has what the cache records need.</remarks>
    private sealed record Reused(BuildCache? Cache, SiteWriter Writer, OutputUnits? Units,
        ImmutableArray<OutputUnit> All, IReadOnlyDictionary<OutputUnit, BuildCache.Unit> Linked,
        HashSet<string> LinkedFiles,
        IReadOnlyDictionary<OutputUnit, BuildCache.Unit>? KeptInPlace, string Context, StaleBuffer.Carry? Carried)
    {
        public int InPlace => KeptInPlace?.Count ?? 0;

        private string StagingRoot => Writer.Root;

        public (Func<PublicMeeting, bool> Meeting, Func<string, bool> Page) Kept => (KeptUnit, LinkedFiles.Contains);

        /// <summary>A meeting or case whose output unit is linked into the staging folder: each of its files is in
        /// <see cref="LinkedFiles"/> (the union of the linked units' files), so a writer may leave out its own
        /// calendar, feed or data file without looking the path up.</summary>
        public bool KeptUnit(object o) => o switch
        {
            PublicMeeting m => Units?.Meetings.GetValueOrDefault(m) is { } unit && Linked.ContainsKey(unit),
            PublicSag s => Units?.Sager.GetValueOrDefault(s) is { } unit && Linked.ContainsKey(unit),
            _ => false,
        };

        public Reused WithoutModel() => this with { Units = null };

        /// <summary>The cache records of this build's units: those linked as they were, the others as made now
        /// (a unit with a file missing is left out, and made again next time); and of them, those of the units not
        /// kept in place (made, or linked from the live output).</summary>
        public (List<BuildCache.Unit> All, List<BuildCache.Unit> Fresh) Records(IReadOnlySet<string> searchPages)
        {
            var all = All;
            var records = new BuildCache.Unit?[all.Length];
            Parallel.For(0, all.Length, i => records[i] = Linked.TryGetValue(all[i], out var kept) ? kept
                : BuildCache.Describe(all[i], StagingRoot, searchPages, Writer));
            var (made, fresh) = (new List<BuildCache.Unit>(all.Length), new List<BuildCache.Unit>());
            for (var i = 0; i < all.Length; i++)
            {
                if (records[i] is not { } record) continue;
                made.Add(record);
                if (KeptInPlace?.ContainsKey(all[i]) != true) fresh.Add(record);
            }
            return (made, fresh);
        }
    }

    private static (AtomicOutput, Reused, AtomicOutput.Sweeper?) Reuse(BuildOptions options, PublicSite site,
        string templatesDir, string assetsDir, StaleBuffer? buffer, Action planned)
    {
        var context = StepLog.Step("context", () => OutputUnits.Context(site, templatesDir, assetsDir,
            BuildCache.Identity(null), options.Search));
        var paths = buffer?.Paths; // one string per path in the units, the manifest and the buffer's record
        var units = StepLog.Step("plan", () => OutputUnits.Plan(site, context, paths));
        // The put-aside output brought up to date in place, else a fresh staging folder; then the units it does not
        // hold are linked from the previous output (only their records are read from its manifest). What runs beside
        // (planned) starts once the put-aside folder is checked: before, it took the check's core.
        AtomicOutput.Sweeper? trash = null;
        var inPlace = buffer?.Prepare(options.CacheDir!, options.OutputDir, units.All, out trash, planned);
        planned();
        var output = inPlace?.Output ?? new AtomicOutput(options.OutputDir);
        // Every unit file is recorded (kept) or written (made): the writer's table is made that large at once.
        var writer = new SiteWriter(output.StagingDir, units.All.Sum(u => u.Files.Length) + 20_000);
        var stagingRoot = writer.Root;
        var linked = new Dictionary<OutputUnit, BuildCache.Unit>(inPlace?.Kept.Units
            ?? new Dictionary<OutputUnit, BuildCache.Unit>(), ReferenceEqualityComparer.Instance);
        var missing = inPlace is null ? units.All : units.All.Where(u => !linked.ContainsKey(u)).ToList();
        var keys = inPlace is null ? null : missing.Select(u => u.Key).ToHashSet(StringComparer.Ordinal);
        var cache = StepLog.Step("load", () => options.Clean ? null : BuildCache.Load(options.CacheDir!,
            options.OutputDir, paths, keys));
        if (cache is not null)
            foreach (var (unit, record) in StepLog.Step("link", () => cache.Link(missing, stagingRoot)))
                linked[unit] = record;
        var keptFiles = linked.Sum(u => u.Key.Files.Length);
        var files = new HashSet<string>(keptFiles, StringComparer.Ordinal);
        // Two tables of the same ≈ 300,000 files, each filled by one thread (the put-aside check is done by now). The
        // writer takes the search pages' hashes too: the shard keys are made of them (BuildCache.PagesHash).
        StepLog.Step("kept files", () => Parallel.Invoke(
            () =>
            {
                foreach (var unit in linked.Keys) files.UnionWith(unit.Files);
            },
            () =>
            {
                foreach (var record in linked.Values)
                    foreach (var f in record.Files) writer.RecordKept(f.Path, f.Size, f.Hash);
            }));
        return (output, new Reused(cache, writer, units, [.. units.All], linked, files,
            inPlace?.Kept.Units, context, inPlace?.Kept.Carried), trash);
    }
}

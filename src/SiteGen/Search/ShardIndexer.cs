using System.Runtime.ExceptionServices;
using SiteGen.Diagnostics;

namespace SiteGen.Search;

/// <summary>Runs Pagefind over the search shards that must be indexed (and the attachment index),
/// <see cref="ParallelRuns"/> at a time. One Pagefind run leaves a core idle in its serial phases (building and
/// writing the index: its wall time is ≈ 1.5 × its CPU time on 2 cores), so a second run fills it; the memory of
/// the search stage is that of two shards (≈ 0.45 GB per 1,000 meetings each, see
/// <see cref="SearchShards.DefaultMaxMeetings"/>). Each shard is indexed from a work folder beside the staging
/// folder (its pages linked in path order, and its bundle), and the bundles are moved into the staging folder
/// afterwards in shard order, so the output is the same whichever run ends first.</summary>
public static class ShardIndexer
{
    /// <summary>Pagefind runs at once. Two fill a 2-core machine; more would add memory (one shard each) for
    /// little on small machines.</summary>
    public const int ParallelRuns = 2;

    /// <summary>Up to this many meetings, one Pagefind run starts while the build still renders and writes its feeds
    /// and data (<c>fullSpeed</c> unset); above it every run waits for them. At 100,000 meetings one run (≈ 0.2 GB)
    /// beside the feeds+data stage's peak (3,912 MiB) took the build's summed memory to 4,127 MiB, past the 4 GB
    /// target (6 Dec 2026, docs/performance.md); at 10,000 the stage's peak is ≈ 0.7 GB and the overlap saves time.
    /// </summary>
    public const int BesideUpTo = 50_000;

    /// <summary>Indexes <paramref name="shards"/> (none of them taken from a cache), and the open attachments'
    /// text when there are any, into <paramref name="siteRoot"/>. <paramref name="made"/> is called for each shard,
    /// in order, with its finished bundle folder just before it is moved to the shard's folder (the newest shard's
    /// folder later holds the older ones' subfolders). Returns the first problem, in shard order.</summary>
    /// <param name="fullSpeed">when given, only one Pagefind run at a time until it is set: the build runs its feeds
    /// and data stage meanwhile, which needs the other core and the memory of a second run (see Pipeline)</param>
    /// <param name="allWait">every run waits for <paramref name="fullSpeed"/>, the first too (see
    /// <see cref="BesideUpTo"/>)</param>
    public static Diagnostic? Run(string binary, string siteRoot, IReadOnlyList<SearchShard> shards,
        IReadOnlyList<AttachmentRecord> attachments, Action<SearchShard, string> made, WaitHandle? fullSpeed = null,
        bool allWait = false)
    {
        // Pagefind waits for good on a full disk: the room is checked first (beside the staging folder, where the
        // work folders and then the bundles are).
        var bundles = shards.Count + (attachments.Count > 0 ? 1 : 0);
        var pages = shards.Sum(s => (long)s.Pages.Length) + attachments.Count;
        if (bundles > 0 && DiskRoom.Check(Path.GetDirectoryName(Path.GetFullPath(siteRoot))!, pages, bundles) is
            { } full)
            return full;
        // Named like IndexInOrder's pages folders always were: a killed build's leftover is swept by the next build.
        var work = shards.Select(_ => $"{siteRoot}.pages-{Guid.NewGuid():N}").ToArray();
        var problems = new Diagnostic?[shards.Count + 1];
        var failed = 0;
        try
        {
            // Jobs are taken in order (the newest shard first) by ParallelRuns workers; all but the first wait for
            // fullSpeed (all of them when allWait).
            var jobs = shards.Count + (attachments.Count > 0 ? 1 : 0);
            var next = -1;
            void Worker(bool waits)
            {
                if (waits) fullSpeed?.WaitOne();
                while (Volatile.Read(ref failed) == 0) // a shard failed: the build fails, start no more
                {
                    var job = Interlocked.Increment(ref next);
                    if (job >= jobs) return;
                    var problem = job < shards.Count ? IndexInOrder(binary, siteRoot, shards[job], work[job])
                        : SearchIndexer.IndexAttachments(binary, siteRoot, attachments);
                    if (problem is null) continue;
                    problems[job] = problem;
                    Volatile.Write(ref failed, 1);
                }
            }
            Task.WaitAll([.. Enumerable.Range(0, ParallelRuns).Select(i => Task.Factory.StartNew(() => Worker(allWait || i > 0),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))]);
            if (problems.FirstOrDefault(p => p is not null) is { } first) return first;
            for (var i = 0; i < shards.Count; i++)
            {
                var bundle = Bundle(work[i]);
                made(shards[i], bundle);
                MoveInto(bundle, Path.Combine(siteRoot, shards[i].Folder));
            }
            return null;
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]); // as a serial run would have thrown it
            throw;
        }
        finally
        {
            foreach (var folder in work) TryDelete(folder);
        }
    }

    private static string Bundle(string work) => Path.Combine(work, "bundle");

    /// <summary>Indexes a shard from a folder of its pages alone, linked there one by one in path order: Pagefind
    /// numbers pages in the order it finds them in the folders, and a folder lists its files in an order of the
    /// file system's choosing (on tmpfs: the order they were made in, which a parallel render, or pages taken from
    /// the previous build, change). So the index is the same for the same pages, however they came to
    /// be.</summary>
    private static Diagnostic? IndexInOrder(string binary, string siteRoot, SearchShard shard, string work)
    {
        var pages = Path.Combine(work, "site");
        Directory.CreateDirectory(pages); // no pages (an empty archive): an empty index
        foreach (var page in shard.Pages.Order(StringComparer.Ordinal))
        {
            var to = Path.Combine(pages, page);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            Output.HardLink.Make(Path.Combine(siteRoot, page), to);
        }
        return SearchIndexer.Index(binary, shard, pages, Bundle(work));
    }

    /// <summary>Moves a finished bundle to its folder in the staging folder. When that folder is there already (the
    /// newest shard's, holding an older shard's bundle taken from the cache; or the empty folders a cached bundle
    /// that failed its check left), folder by folder: a bundle's own names never clash with an older shard's
    /// <c>del-…</c> folder, and a failed check removed the files it had copied.</summary>
    private static void MoveInto(string bundle, string folder)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        if (!Directory.Exists(folder))
        {
            Directory.Move(bundle, folder);
            return;
        }
        foreach (var dir in Directory.GetDirectories(bundle))
            MoveInto(dir, Path.Combine(folder, Path.GetFileName(dir)));
        foreach (var file in Directory.GetFiles(bundle))
            File.Move(file, Path.Combine(folder, Path.GetFileName(file)));
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // swept by the next build
    }
}

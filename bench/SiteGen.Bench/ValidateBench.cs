using System.Diagnostics;
using System.Runtime.CompilerServices;
using SiteGen.Common;
using SiteGen.Publishing;
using SiteGen.Validation;

namespace SiteGen.Bench;

/// <summary>The load+validate and publish stages of a build alone, as Pipeline.Build calls them, with wall, CPU and
/// allocation per stage (docs/perf-notes-fastval.md), then the reuse stage's unit keys. With SITEGEN_STEPLOG=1 the
/// sub-steps follow; with SITEGEN_BENCH_REPEAT set, the keys are planned five more times (least CPU printed).
/// </summary>
public static class ValidateBench
{
    public static void Run(string inputDir, string cacheDir, bool clean)
    {
        var p = Process.GetCurrentProcess();
        if (Environment.GetEnvironmentVariable("SITEGEN_BENCH_REPEAT") is not null)
        {
            // The stage five times over (each a one-edit build's validation with every check cached): least CPU.
            var least = TimeSpan.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                Publish(inputDir, cacheDir, clean, quiet: true);
                var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                if (used < least) least = used;
                GC.Collect();
            }
            Console.WriteLine($"load+validate+publish x5: least process CPU {least.TotalMilliseconds:0} ms");
        }
        var site = Publish(inputDir, cacheDir, clean);
        if (site is not null)
        {
            // The reuse stage's unit keys (what a one-edit build computes for every meeting and case).
            var gcs = GC.CollectionCount(0);
            Profile.Step("plan", () => SiteGen.Output.OutputUnits.Plan(site, "context"));
            // The collections it paid for (the first after validation's pause walks everything decoded).
            foreach (var kind in new[] { GCKind.Ephemeral, GCKind.FullBlocking })
            {
                var gc = GC.GetGCMemoryInfo(kind);
                Console.WriteLine($"last {kind} GC #{gc.Index} gen {gc.Generation}: pause " +
                    $"{gc.PauseDurations[0].TotalMilliseconds:0} ms, promoted {gc.PromotedBytes / 1048576} MiB, " +
                    $"heap {gc.HeapSizeBytes / 1048576} MiB, compacted {gc.Compacted}");
            }
            Console.WriteLine($"GCs in plan: {GC.CollectionCount(0) - gcs}");
            // Again, for a figure less at the mercy of a loaded machine: the least process CPU of five runs.
            if (Environment.GetEnvironmentVariable("SITEGEN_BENCH_REPEAT") is not null)
            {
                StepLog.Flush();
                var least = TimeSpan.MaxValue;
                for (var i = 0; i < 5; i++)
                {
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    SiteGen.Output.OutputUnits.Plan(site, "context");
                    var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                    if (used < least) least = used;
                }
                Console.WriteLine($"plan x5: least process CPU {least.TotalMilliseconds:0} ms");
            }
        }
        // What a build pays later for the objects made above (collections deferred during validation).
        Profile.Step("gen1 GC", () => { GC.Collect(1); return 0; });
        StepLog.Flush();
        Console.WriteLine($"peak working set {p.PeakWorkingSet64 / 1048576} MiB; GCs {GC.CollectionCount(0)}/" +
            $"{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen 0/1/2), paused {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms");
    }

    /// <summary>Validates and publishes as a build does, and lets the source model go (as a build does): only the
    /// public site is returned.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PublicSite? Publish(string inputDir, string cacheDir, bool clean, bool quiet = false)
    {
        if (quiet)
        {
            var q = Validator.Run(inputDir, null, cacheDir, clean);
            return q.CanPublish ? Publisher.Run(q).Site : null;
        }
        var v = Profile.Step("load+validate", () => Validator.Run(inputDir, null, cacheDir, clean));
        Console.WriteLine($"files {v.FilesChecked}, reused {v.FilesReused}, diagnostics {v.Diagnostics.Length}");
        return v.CanPublish ? Profile.Step("publish", () => Publisher.Run(v)).Site : null;
    }
}

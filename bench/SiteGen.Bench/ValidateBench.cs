using System.Diagnostics;
using SiteGen.Common;
using SiteGen.Publishing;
using SiteGen.Validation;

namespace SiteGen.Bench;

/// <summary>The load+validate and publish stages of a build alone, as Pipeline.Build calls them, with wall, CPU and
/// allocation per stage (docs/perf-notes-fastval.md). With SITEGEN_STEPLOG=1 the sub-steps follow.</summary>
public static class ValidateBench
{
    public static void Run(string inputDir, string cacheDir, bool clean)
    {
        var p = Process.GetCurrentProcess();
        var v = Profile.Step("load+validate", () => Validator.Run(inputDir, null, cacheDir, clean));
        Console.WriteLine($"files {v.FilesChecked}, reused {v.FilesReused}, diagnostics {v.Diagnostics.Length}");
        if (v.CanPublish)
        {
            var site = Profile.Step("publish", () => Publisher.Run(v)).Site;
            // The reuse stage's unit keys (what a one-edit build computes for every meeting and case).
            Profile.Step("plan", () => SiteGen.Output.OutputUnits.Plan(site, "context"));
            // Again, for a figure less at the mercy of a loaded machine: the least thread CPU of five runs.
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
                least = TimeSpan.MaxValue;
                for (var i = 0; i < 5; i++)
                {
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    Publisher.Run(v);
                    var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                    if (used < least) least = used;
                }
                Console.WriteLine($"publish x5: least process CPU {least.TotalMilliseconds:0} ms");
            }
        }
        // What a build pays later for the objects made above (collections deferred during validation).
        Profile.Step("gen1 GC", () => { GC.Collect(1); return 0; });
        StepLog.Flush();
        Console.WriteLine($"peak working set {p.PeakWorkingSet64 / 1048576} MiB; GCs {GC.CollectionCount(0)}/" +
            $"{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen 0/1/2), paused {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms");
    }
}

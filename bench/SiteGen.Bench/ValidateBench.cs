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
        if (v.CanPublish) Profile.Step("publish", () => Publisher.Run(v));
        // What a build pays later for the objects made above (collections deferred during validation).
        Profile.Step("gen1 GC", () => { GC.Collect(1); return 0; });
        StepLog.Flush();
        Console.WriteLine($"peak working set {p.PeakWorkingSet64 / 1048576} MiB; GCs {GC.CollectionCount(0)}/" +
            $"{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen 0/1/2), paused {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms");
    }
}

using System.Diagnostics;

namespace SiteGen.Common;

/// <summary>A build's memory between its stages (docs/perf-notes-mem.md).</summary>
public static class StageMemory
{
    /// <summary>For developers measuring a build's memory: when set, each build stage ends with one line on standard
    /// error: the managed heap before and after a full collection, and the process's resident memory now and at its
    /// peak. The forced collection changes what it measures (it lowers the peak): never set it for a timing.</summary>
    public const string LogVariable = "SITEGEN_MEMLOG";

    private static readonly bool LogOn = Environment.GetEnvironmentVariable(LogVariable) is { Length: > 0 };

    public static void Log(string stage)
    {
        if (!LogOn) return;
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        // Counted before the collection below (which adds one to each).
        var (gen0, gen1, gen2, pause) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
            GC.GetTotalPauseDuration());
        var live = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        Console.Error.WriteLine($"{LogVariable} {stage,-14} heap {heap >> 20,6} MB, live {live >> 20,6} MB, " +
            $"rss {process.WorkingSet64 >> 20,6} MB, peak rss {process.PeakWorkingSet64 >> 20,6} MB; collections so far " +
            $"gen0 {gen0}, gen1 {gen1}, gen2 {gen2}, paused {pause.TotalMilliseconds:F0} ms");
    }

    /// <summary>Collects everything that is garbage now and gives the freed memory back to the system: for a stage
    /// boundary where much was just let go and another process (Pagefind) is about to need memory. One full
    /// collection of what is still live.</summary>
    public static void Release() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}

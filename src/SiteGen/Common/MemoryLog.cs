using System.Diagnostics;

namespace SiteGen.Common;

/// <summary>For developers measuring a build's memory (docs/perf-notes-mem.md): with the environment variable
/// <c>SITEGEN_MEMLOG</c> set, each build stage ends with one line on standard error: the managed heap before and
/// after a full collection, and the process's resident memory now and at its peak. The forced collection changes
/// what it measures (it lowers the peak a little): never set it for a timing.</summary>
public static class MemoryLog
{
    public const string Variable = "SITEGEN_MEMLOG";

    private static readonly bool On = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 };

    public static void Stage(string stage)
    {
        if (!On) return;
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        var live = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        Console.Error.WriteLine($"{Variable} {stage,-14} heap {heap >> 20,6} MB, live {live >> 20,6} MB, " +
            $"rss {process.WorkingSet64 >> 20,6} MB, peak rss {process.PeakWorkingSet64 >> 20,6} MB");
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace SiteGen.Common;

/// <summary>For developers measuring the steps inside a stage (docs/perf-notes-frag.md, perf-notes-swap.md): when
/// <see cref="Variable"/> is set, <see cref="Flush"/> prints one line per step on standard error: its wall time and
/// the thread time spent in it (summed over threads for parallel steps). Off, it costs nothing but a flag test.
/// Named Step, not Time: a test reads every <c>Time("…")</c> in Pipeline.cs as a build stage.</summary>
public static class StepLog
{
    public const string Variable = "SITEGEN_STEPLOG";

    private static readonly bool On = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 };

    /// <summary>The runtime's reason of each full collection (on when <see cref="Variable"/> is set).</summary>
    private static readonly GcReasons? Reasons = On ? new GcReasons() : null;

    // Per step: wall, the calling thread's CPU, the process's CPU, the collections' pauses (ticks), the bytes the
    // process allocated (MB). On a shared machine the wall time of a step says little; the thread's CPU is the cost
    // of a step run on one thread, the process's of a parallel one. A collection runs on the thread that allocates (workstation, non-concurrent): its
    // pause is part of whichever step allocated last, whatever made the heap it walks.
    private static readonly ConcurrentDictionary<string, long[]> Ticks = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="work"/>, adding its elapsed time to <paramref name="step"/>.</summary>
    public static void Step(string step, Action work)
    {
        if (!On)
        {
            work();
            return;
        }
        var start = Stopwatch.GetTimestamp();
        var (thread, process, pause, allocated) = (ThreadCpu(), Environment.CpuUsage.TotalTime.Ticks,
            GC.GetTotalPauseDuration().Ticks, GC.GetTotalAllocatedBytes());
        work();
        long[] spent = [Stopwatch.GetElapsedTime(start).Ticks, ThreadCpu() - thread,
            Environment.CpuUsage.TotalTime.Ticks - process, GC.GetTotalPauseDuration().Ticks - pause,
            GC.GetTotalAllocatedBytes() - allocated];
        Ticks.AddOrUpdate(step, spent, (_, t) => [t[0] + spent[0], t[1] + spent[1], t[2] + spent[2], t[3] + spent[3],
            t[4] + spent[4]]);
    }

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>This thread's CPU time in ticks (Linux; 0 elsewhere).</summary>
    private static long ThreadCpu()
    {
        try
        {
            return ClockGetTime(3, out var t) == 0 ? t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100 : 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>As <see cref="Step(string, Action)"/>, the step named by the kind of file written (<see cref="Kind"/>).
    /// </summary>
    public static void StepFile(string writer, string path, Action work)
    {
        if (On) Step($"{writer} {Kind(path)}", work);
        else work();
    }

    public static T Step<T>(string step, Func<T> work)
    {
        T result = default!;
        Step(step, () => { result = work(); });
        return result;
    }

    private static readonly ConcurrentDictionary<string, int> Counts = new(StringComparer.Ordinal);

    /// <summary>Counts one event of <paramref name="what"/>.</summary>
    public static void Count(string what, int times = 1)
    {
        if (On) Counts.AddOrUpdate(what, times, (_, n) => n + times);
    }

    /// <summary>Prints and clears what was timed.</summary>
    public static void Flush()
    {
        if (!On) return;
        static string Ms(long ticks) => $"{TimeSpan.FromTicks(ticks).TotalMilliseconds,7:F0}";
        Console.Error.WriteLine(
            $"{Variable} {"step",-28} {"wall",7} {"thread",7} {"process",7} {"gc",7} (ms) {"alloc",7} (MB)");
        foreach (var (step, t) in Ticks.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Console.Error.WriteLine(
                $"{Variable} {step,-28} {Ms(t[0])} {Ms(t[1])} {Ms(t[2])} {Ms(t[3])}      {t[4] / 1_000_000,7}");
        foreach (var (what, n) in Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Console.Error.WriteLine($"{Variable} {what,-28} {n,7}");
        // Which collections the pauses are: a full (gen2) one walks the whole live heap, which in an incremental build
        // is mostly the model of the unchanged referater.
        Console.Error.WriteLine($"{Variable} {"collections so far",-28} gen0 {GC.CollectionCount(0)}, gen1 " +
            $"{GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, paused {Ms(GC.GetTotalPauseDuration().Ticks)} ms, allocated {GC.GetTotalAllocatedBytes() >> 20} MB");
        foreach (var line in Reasons?.Take() ?? [])
            Console.Error.WriteLine($"{Variable} {"full collection",-28} {line}");
        if (ChildrenCpu() is > 0 and var children)
            Console.Error.WriteLine($"{Variable} {"children CPU so far",-28} {"",7} {"",7} {Ms(children)}");
        Ticks.Clear();
        Counts.Clear();
    }

    /// <summary>The CPU time of the ended child processes waited for so far (Pagefind's runs; Linux: cutime + cstime
    /// of /proc/self/stat, in ticks), else null. The process's own figures leave it out, and the search stage's cost
    /// is mostly Pagefind's (docs/perf-notes-s8-pf.md).</summary>
    internal static long? ChildrenCpu()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields[0] is field 3 (state)
            // Fields 16 and 17, in USER_HZ (100 a second on Linux, whatever the kernel's own tick).
            return (long.Parse(fields[13]) + long.Parse(fields[14])) * (TimeSpan.TicksPerSecond / 100);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException
            or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>A file's kind for the log: its name, with a meeting's or case's folder left out.</summary>
    public static string Kind(string path)
    {
        var slash = path.Split('/');
        return slash.Length switch
        {
            1 => path,
            2 => slash[0] == "data" ? path : "<udvalg>/" + slash[1],
            _ when slash[0] == "data" && slash[1] == "sager" => "data/sager/*.json",
            _ when char.IsAsciiDigit(slash[^1][0]) => "*/<dato>" + Path.GetExtension(path),
            _ => "*/" + slash[^1],
        };
    }

    /// <summary>Listens to the runtime's GC start events and keeps the full (gen2) ones: when (ms since start), why
    /// (the runtime's reason: 0 small allocation, 1 induced, 4 large allocation, …) and the thread's step.</summary>
    private sealed class GcReasons : System.Diagnostics.Tracing.EventListener
    {
        private readonly ConcurrentQueue<string> _full = new();
        private readonly long _start = Stopwatch.GetTimestamp();

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Informational,
                    (System.Diagnostics.Tracing.EventKeywords)1); // GC
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
        {
            if (!e.EventName!.StartsWith("GCStart", StringComparison.Ordinal) || e.Payload is null) return;
            var names = e.PayloadNames!;
            var depth = Convert.ToInt32(e.Payload[names.IndexOf("Depth")]);
            if (depth < 2) return;
            var reason = Convert.ToInt32(e.Payload[names.IndexOf("Reason")]);
            _full.Enqueue($"at {Stopwatch.GetElapsedTime(_start).TotalMilliseconds,7:F0} ms, reason {reason}");
        }

        public List<string> Take()
        {
            var taken = new List<string>();
            while (_full.TryDequeue(out var line)) taken.Add(line);
            return taken;
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace SiteGen.Data;

/// <summary>For developers measuring the feeds+data stage: when <see cref="Variable"/> is set, the stage ends with one
/// line per writer on standard error: its wall time and the thread time spent in it (summed over threads for the
/// parallel writers). Off, it costs nothing but a flag test.</summary>
public static class StepLog
{
    public const string Variable = "SITEGEN_STEPLOG";

    private static readonly bool On = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 };

    private static readonly ConcurrentDictionary<string, long> Ticks = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="work"/>, adding its elapsed time to <paramref name="step"/>.</summary>
    public static void Time(string step, Action work)
    {
        if (!On)
        {
            work();
            return;
        }
        var start = Stopwatch.GetTimestamp();
        work();
        Ticks.AddOrUpdate(step, Stopwatch.GetElapsedTime(start).Ticks, (_, t) => t + Stopwatch.GetElapsedTime(start).Ticks);
    }

    public static T Time<T>(string step, Func<T> work)
    {
        T result = default!;
        Time(step, () => { result = work(); });
        return result;
    }

    /// <summary>Prints and clears what was timed.</summary>
    public static void Flush()
    {
        if (!On) return;
        foreach (var (step, ticks) in Ticks.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Console.Error.WriteLine($"{Variable} {step,-28} {TimeSpan.FromTicks(ticks).TotalMilliseconds,9:F0} ms");
        Ticks.Clear();
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
}

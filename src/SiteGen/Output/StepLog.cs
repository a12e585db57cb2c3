using System.Diagnostics;

namespace SiteGen.Output;

/// <summary>For developers profiling the reuse and swap stages (docs/perf-notes-swap.md): when
/// <see cref="Variable"/> is set, each timed step writes one line (name, wall milliseconds) on standard
/// error.</summary>
internal static class StepLog
{
    public const string Variable = "SITEGEN_STEPLOG";

    private static readonly bool On = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 };

    public static T Step<T>(string step, Func<T> work)
    {
        if (!On) return work();
        var clock = Stopwatch.StartNew();
        var result = work();
        Console.Error.WriteLine($"{Variable} {step,-24} {clock.Elapsed.TotalMilliseconds,9:F0} ms");
        return result;
    }

    public static void Step(string step, Action work) => Step(step, () =>
    {
        work();
        return 0;
    });
}

using System.Diagnostics;
using System.Runtime;

namespace SiteGen.Common;

/// <summary>Keeps a build's managed heap near what is live in it (issue 18: 100,000 meetings in ≤ 4 GB). Why: the
/// workstation GC lets generation 2 grow in proportion to what survives, and a build keeps its public model alive to
/// the end, so at 100,000 meetings the heap reached 4.0 GB while 1.7 GB was live (docs/performance.md). Every
/// <see cref="Interval"/> it looks at the heap; past <see cref="Floor"/> and a quarter more than was live after the
/// last full collection, it makes one full compacting collection (with half more, the 100,000-meeting build still
/// peaked at 3.6 GB, a Pagefind run beside it). So that it can never cost more than a share of the build, it then
/// waits (<see cref="Pause"/> × the collection's time) before the next one. Below the floor (10,000 meetings and
/// less) it does nothing.</summary>
public sealed class HeapCeiling : IDisposable
{
    /// <summary>Set to a number of MiB to change the floor (for measuring; 0 turns the ceiling off).</summary>
    public const string FloorVariable = "SITEGEN_HEAP_FLOOR_MB";

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Below this heap size the GC's own pace is left alone.</summary>
    public static readonly long Floor = Environment.GetEnvironmentVariable(FloorVariable) is { } mb
        && long.TryParse(mb, out var m) && m >= 0 ? m << 20 : 1L << 30;

    /// <summary>How much garbage is let grow before a collection: this share of what was live.</summary>
    private const double Growth = 0.25;

    /// <summary>After a collection of t seconds, none for Pause × t: forced collections take at most 1 / (Pause + 1)
    /// of the wall time (at 100,000 meetings with 0.5 and 4: 35 s of 2,300 s CPU).</summary>
    private const int Pause = 3;

    private readonly Timer? _timer;
    private readonly long _floor;
    private long _live;
    private long _quietUntil;
    private int _busy;

    public int Collections { get; private set; }

    /// <summary>A ceiling at <paramref name="floor"/> bytes, checked by a timer when <paramref name="timed"/>, else
    /// only when <see cref="Check"/> is called.</summary>
    internal HeapCeiling(long floor, bool timed)
    {
        _floor = floor;
        _timer = timed && floor > 0 ? new Timer(_ => Check(), null, Interval, Interval) : null;
    }

    public static HeapCeiling Start() => new(Floor, timed: true);

    /// <summary>The heap size that triggers a collection now.</summary>
    internal long Limit => Math.Max(_floor, _live + (long)(_live * Growth));

    internal void Check()
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1) return;
        try
        {
            // A paused GC (validation decoding the cache, see Validator) is left alone: a collection would end it.
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return;
            if (Stopwatch.GetTimestamp() < Volatile.Read(ref _quietUntil)) return;
            if (GC.GetTotalMemory(forceFullCollection: false) < Limit) return;
            var start = Stopwatch.GetTimestamp();
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            StepLog.Step("heap ceiling collection",
                () => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true));
            _live = GC.GetTotalMemory(forceFullCollection: false);
            var took = Stopwatch.GetTimestamp() - start;
            Volatile.Write(ref _quietUntil, Stopwatch.GetTimestamp() + Pause * took);
            Collections++;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public void Dispose()
    {
        if (_timer is null) return;
        using var done = new ManualResetEvent(false);
        // Waits for a running check: the build's result is not returned while a collection it started still runs.
        if (_timer.Dispose(done)) done.WaitOne();
    }
}

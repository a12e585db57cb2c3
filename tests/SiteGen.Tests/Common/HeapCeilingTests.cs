using System.Runtime.CompilerServices;
using SiteGen.Common;
using Xunit;

namespace SiteGen.Tests.Common;

/// <summary>The heap ceiling (issue 18: a 100,000-meeting build within 4 GB): garbage past the ceiling is collected,
/// what is live stays, and below the ceiling nothing is forced.</summary>
[CollectionDefinition(nameof(HeapCeilingTests), DisableParallelization = true)]
public class HeapCeilingAlone;

[Collection(nameof(HeapCeilingTests))] // alone: other tests' allocations would move the heap it measures
public class HeapCeilingTests
{
    private const long MiB = 1L << 20;

    /// <summary>Kept alive while made (so the GC keeps it, as a build's stage keeps its pieces), garbage once the
    /// list is dropped.</summary>
    private sealed class Garbage
    {
        public List<byte[]>? Pieces = [];

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Make(long bytes)
        {
            for (long made = 0; made < bytes; made += MiB) Pieces!.Add(new byte[MiB]);
        }
    }

    [Fact]
    public void Garbage_past_the_ceiling_is_collected_and_the_live_data_kept()
    {
        // The heap is the process's: a collection another thread causes (work left over from other tests) can take
        // the garbage before the check sees it, or a paused GC can make the check stand back. Such a round proves
        // nothing either way and is tried again; the assertions are on a round where the garbage lay past it.
        var live = Enumerable.Range(0, 16).Select(i => new byte[MiB]).ToArray();
        live[3][7] = 42;
        for (var round = 1; ; round++)
        {
            using var ceiling = new HeapCeiling(GC.GetTotalMemory(false) + 64 * MiB, timed: false);
            var limit = ceiling.Limit;
            var garbage = new Garbage();
            garbage.Make(128 * MiB);
            garbage.Pieces = null;
            var pastIt = GC.GetTotalMemory(false) >= limit
                && System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion;
            if (!pastIt && round < 5) continue;
            Assert.True(pastIt, "the garbage should lie past the ceiling");

            ceiling.Check();

            Assert.Equal(1, ceiling.Collections);
            Assert.True(GC.GetTotalMemory(false) < limit, "the garbage should be collected");
            Assert.Equal(42, live[3][7]);
            return;
        }
    }

    [Fact]
    public void Below_the_ceiling_nothing_is_forced()
    {
        using var ceiling = new HeapCeiling(GC.GetTotalMemory(false) + 4096 * MiB, timed: false);
        ceiling.Check();
        Assert.Equal(0, ceiling.Collections);
    }

    [Fact]
    public void A_floor_of_zero_turns_the_timer_off_and_disposing_is_safe_twice()
    {
        var ceiling = new HeapCeiling(0, timed: true);
        ceiling.Dispose();
        ceiling.Dispose();
        Assert.Equal(0, ceiling.Collections);
    }
}

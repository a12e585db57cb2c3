using System.Runtime;
using System.Runtime.CompilerServices;
using SiteGen.Common;
using SiteGen.Validation;
using Xunit;

namespace SiteGen.Tests.Common;

/// <summary>The collection pause an incremental build holds from the cache's decoding to its end: no collection while
/// it holds, one pause at a time, and ending a pause never ends another's.</summary>
[CollectionDefinition(nameof(CollectionPauseTests), DisableParallelization = true)]
public class CollectionPauseAlone;

[Collection(nameof(CollectionPauseTests))] // alone: the pause is the process's, and other tests collect
public class CollectionPauseTests
{
    private const long MiB = 1L << 20;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Allocate(long bytes)
    {
        long sum = 0;
        for (long made = 0; made < bytes; made += 64 * 1024) sum += new byte[64 * 1024 - 64].Length;
        return sum;
    }

    [Fact]
    public void No_collection_is_made_while_the_pause_holds_and_collections_resume_after()
    {
        using var pause = CollectionPause.Begin(256 * MiB);
        Assert.NotNull(pause);
        var collections = GC.CollectionCount(0);
        Allocate(64 * MiB);
        Assert.True(pause.Holds);
        Assert.Equal(collections, GC.CollectionCount(0));
        pause.Dispose();
        Assert.False(pause.Holds);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        pause.Dispose(); // twice: nothing more
    }

    [Fact]
    public void Only_one_pause_holds_at_a_time()
    {
        using var first = CollectionPause.Begin(64 * MiB);
        Assert.NotNull(first);
        Assert.Null(CollectionPause.Begin(64 * MiB));
        first.Dispose();
        using var next = CollectionPause.Begin(64 * MiB);
        Assert.NotNull(next);
        Assert.True(next.Holds);
    }

    [Fact]
    public void A_pause_the_runtime_ended_does_not_end_the_pause_begun_after_it()
    {
        var ended = CollectionPause.Begin(16 * MiB);
        Assert.NotNull(ended);
        Allocate(256 * MiB); // past what was asked: the runtime collects and ends the pause
        Assert.False(ended.Holds);
        using var later = CollectionPause.Begin(256 * MiB);
        Assert.NotNull(later);
        ended.Dispose();
        Assert.True(later.Holds);
    }

    [Fact]
    public void The_holder_ends_the_pause_it_keeps()
    {
        var holder = new CollectionPause.Holder();
        Assert.False(holder.Holds);
        holder.Keep(CollectionPause.Begin(64 * MiB)!);
        Assert.True(holder.Holds);
        holder.Dispose();
        Assert.False(holder.Holds);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void A_holder_for_a_process_that_ends_leaves_the_pause_to_the_end()
    {
        var holder = new CollectionPause.Holder(toProcessEnd: true);
        var pause = CollectionPause.Begin(64 * MiB)!;
        try
        {
            holder.Keep(pause);
            holder.Dispose();
            Assert.True(holder.Holds); // no collection of the whole heap just before the exit
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        finally
        {
            pause.Dispose();
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Theory]
    [InlineData(100, true, true)] // ≈ 5,000 meetings' checks, a build: held to its end
    [InlineData(500, true, false)] // 8 × would pass the 3 GB bound: paused for the decoding only
    [InlineData(100, false, false)] // serve: paused for the decoding only
    public void Validation_holds_the_pause_through_a_build_only_while_its_allocations_fit(int storedMb, bool build,
        bool held)
    {
        var (pause, kept) = Validator.PauseCollections(storedMb * MiB, build);
        using (pause)
        {
            Assert.NotNull(pause);
            Assert.Equal(held, kept);
            Assert.True(pause.Bytes <= (held ? Validator.HeldPauseBytes : 4L << 30));
        }
        Assert.Equal((null, false), Validator.PauseCollections(4 * MiB, build)); // a small archive: never
    }
}

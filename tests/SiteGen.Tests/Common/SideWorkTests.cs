using SiteGen.Common;

namespace SiteGen.Tests.Common;

/// <summary><see cref="SideWork"/>: what the side work reads is closed only after every task has ended, also when
/// the stage fails, and a task's failure is thrown where it is joined, as it was thrown.</summary>
public sealed class SideWorkTests
{
    private sealed class Resource : IDisposable
    {
        public volatile bool Disposed;
        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void What_it_owns_is_disposed_after_every_task_has_ended_even_when_the_stage_fails()
    {
        var resource = new Resource();
        var sawOpen = false;
        using var release = new ManualResetEventSlim();
        void Stage()
        {
            using var side = new SideWork();
            side.Own(resource);
            side.Run(() =>
            {
                release.Wait();
                Thread.Sleep(50); // still reading after the stage has failed
                sawOpen = !resource.Disposed;
            });
            release.Set();
            throw new InvalidOperationException("stage failed");
        }
        Assert.Throws<InvalidOperationException>(Stage);
        Assert.True(sawOpen);
        Assert.True(resource.Disposed);
    }

    [Fact]
    public void A_tasks_failure_is_thrown_where_it_is_joined_as_it_was_thrown()
    {
        using var side = new SideWork();
        var task = side.Run(() => throw new IOException("disk full"));
        var thrown = Assert.Throws<IOException>(() => SideWork.Join(task));
        Assert.Equal("disk full", thrown.Message);
        SideWork.Join(null); // nothing started: nothing to wait for
    }

    [Fact]
    public void Owned_resources_are_disposed_in_reverse_order_and_a_failed_task_does_not_stop_the_clean_up()
    {
        var order = new List<string>();
        var first = new Ordered("first", order);
        var second = new Ordered("second", order);
        var side = new SideWork();
        side.Own(first);
        side.Own<Ordered>(null);
        side.Own(second);
        side.Run(() => throw new InvalidOperationException("never joined"));
        side.Dispose();
        Assert.Equal(["second", "first"], order);
    }

    private sealed class Ordered(string name, List<string> order) : IDisposable
    {
        public void Dispose() => order.Add(name);
    }
}

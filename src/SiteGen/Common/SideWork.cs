namespace SiteGen.Common;

/// <summary>Work run beside a stage on threads of its own (not the pool's, which the stage's parallel loops use),
/// and what that work reads: <see cref="Dispose"/> first waits for every task started, then disposes what the stage
/// gave it to <see cref="Own"/>. So a file the side work reads is never closed under it, also when the stage or one
/// of the tasks fails; a failure is thrown where its task is joined (<see cref="Join"/>), unless another was thrown
/// first.</summary>
public sealed class SideWork : IDisposable
{
    private readonly List<Task> _tasks = [];
    private readonly List<IDisposable> _owned = [];

    /// <summary>Starts <paramref name="work"/> on a thread of its own.</summary>
    public Task Run(Action work)
    {
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        _tasks.Add(task);
        return task;
    }

    /// <summary>Disposed by <see cref="Dispose"/> after every task has ended (in reverse order of owning).</summary>
    public T? Own<T>(T? resource) where T : class, IDisposable
    {
        if (resource is not null) _owned.Add(resource);
        return resource;
    }

    /// <summary>Waits for <paramref name="task"/> (none: nothing) and throws its failure as it was thrown.</summary>
    public static void Join(Task? task) => task?.GetAwaiter().GetResult();

    public void Dispose()
    {
        foreach (var task in _tasks)
        {
            try { task.Wait(); }
            catch (AggregateException) { } // thrown where it is joined, or lost to the failure being thrown
        }
        for (var i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
    }
}

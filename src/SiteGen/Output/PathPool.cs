namespace SiteGen.Output;

/// <summary>One string per distinct site-relative path in the reuse stage of a build: the output units' files, the
/// manifest's and the put-aside folder's record name the same ≈ 30 files per meeting (3 million at 100,000
/// meetings, ≈ 110 bytes each), and without it each holds its own copy. Thread-safe; let go after the reuse stage
/// (the strings live on in what holds them).</summary>
public sealed class PathPool
{
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The pool's string equal to <paramref name="path"/> (<paramref name="path"/> itself the first
    /// time).</summary>
    public string Get(string path)
    {
        lock (_lock)
        {
            if (_paths.TryGetValue(path, out var known)) return known;
            _paths.Add(path);
            return path;
        }
    }
}

namespace SiteGen.Output;

/// <summary>One string per distinct site-relative path in the reuse stage of a build: the output units' files, the
/// manifest's and the put-aside folder's record name the same ≈ 30 files per meeting (3 million at 100,000
/// meetings, ≈ 110 bytes each), and without it each holds its own copy. Thread-safe; let go after the reuse stage
/// (the strings live on in what holds them).</summary>
public sealed class PathPool
{
    private readonly HashSet<string> _paths;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly Lock _lock = new();

    public PathPool()
    {
        _paths = new HashSet<string>(StringComparer.Ordinal);
        _byChars = _paths.GetAlternateLookup<ReadOnlySpan<char>>();
    }

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

    /// <summary>As <see cref="Get(string)"/> for a path given as UTF-8 (decoded as <see cref="BinaryReader"/>
    /// decodes it): no string is made for a path the pool has (the manifests of two builds name the same ≈ 300,000
    /// files at 10,000 meetings).</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        var rented = System.Buffers.ArrayPool<char>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            var chars = rented.AsSpan(0, System.Text.Encoding.UTF8.GetChars(utf8, rented));
            lock (_lock)
            {
                if (_byChars.TryGetValue(chars, out var known)) return known;
                var path = new string(chars);
                _paths.Add(path);
                return path;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }
    }
}

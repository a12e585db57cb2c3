namespace SiteGen.Output;

/// <summary>Build into a temporary sibling folder, then swap it in. A failed build deletes the
/// staging folder and leaves the previous output untouched. Only an absent or empty folder, or an earlier
/// output (with <see cref="OutputFolder.Marker"/>), is ever replaced.</summary>
public sealed class AtomicOutput : IDisposable
{
    private readonly string _target;
    private bool _committed;

    public AtomicOutput(string outputDir)
    {
        _target = Path.GetFullPath(outputDir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(_target)!;
        Directory.CreateDirectory(parent);
        // Same parent folder, so the final rename stays on one file system.
        StagingDir = Path.Combine(parent,
            $".{Path.GetFileName(_target)}.staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(StagingDir);
        // The marker goes in with the site, so an output is never without it (see OutputFolder).
        File.WriteAllText(Path.Combine(StagingDir, OutputFolder.Marker), OutputFolder.MarkerText);
    }

    public string StagingDir { get; }

    public void Commit()
    {
        // The command line refuses such a folder before any work; this is the last guard for every other caller.
        if (!OutputFolder.MayReplace(_target))
            throw new InvalidOperationException(
                $"'{_target}' er ikke et tidligere SiteGen-websted (ingen '{OutputFolder.Marker}'); " +
                "den blev ikke erstattet.");
        var old = _target + $".old-{Guid.NewGuid():N}";
        var hadOld = Directory.Exists(_target);
        if (hadOld) Directory.Move(_target, old);
        try
        {
            Directory.Move(StagingDir, _target);
        }
        catch
        {
            if (hadOld) Directory.Move(old, _target);
            throw;
        }
        _committed = true;
        if (hadOld) TryDelete(old);
    }

    public void Dispose()
    {
        if (!_committed) TryDelete(StagingDir);
    }

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

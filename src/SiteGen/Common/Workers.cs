namespace SiteGen.Common;

/// <summary>How many workers a build's parallel loops take.</summary>
public static class Workers
{
    /// <summary>One worker per core. Without a bound, Parallel.ForEach takes every thread the pool adds while its
    /// workers wait in the file system: 41 rendered at 10,000 meetings on 2 cores, which bought no speed, only
    /// lock waits, thread switches and longer pauses for the garbage collector (docs/perf-notes-s10-render.md); the
    /// feeds' and data's loops piled up the same way (`data */&lt;dato&gt;.json`: 34.8 s of CPU in 15 s).</summary>
    public static readonly ParallelOptions OnePerCore = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };
}

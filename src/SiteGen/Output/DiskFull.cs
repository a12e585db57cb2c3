using SiteGen.Diagnostics;

namespace SiteGen.Output;

/// <summary>A full disk met while the site is written (no bytes, or no inodes left, or over quota): the build stops
/// with a message that says so, instead of an internal error. Nothing is published then (the staging folder is
/// deleted as after any failed build); after the swap, only the cache can fail, and the build still succeeds.</summary>
public static class DiskFull
{
    // errno ENOSPC 28 and EDQUOT 122 (Linux); ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL (Windows, as HRESULTs).
    private static readonly int[] Errnos = [28, 122, unchecked((int)0x80070027), unchecked((int)0x80070070)];

    /// <summary>Whether <paramref name="e"/>, or one of the exceptions it wraps, is a full disk.</summary>
    public static bool Is(Exception? e) => e switch
    {
        null => false,
        IOException io when Errnos.Contains(io.HResult) => true,
        AggregateException a => a.InnerExceptions.Any(Is),
        _ => Is(e.InnerException),
    };

    /// <summary>The build's error: nothing was published.</summary>
    public static Diagnostic Stopped(string outputDir) => new(Diagnostics.Codes.DiskFull, Severity.Error,
        outputDir, 1, 1, "Disken er fuld: bygningen kunne ikke skrive flere filer ved output-mappen (der er ikke mere " +
        "plads, eller der kan ikke laves flere filer). Intet er udgivet, og det tidligere websted står urørt. Skaf " +
        "plads (se `df -h` og `df -i`), og byg igen.");

    /// <summary>The warning of a build that published its site but could not save its cache.</summary>
    public static Diagnostic CacheNotSaved(string cacheDir) => new(Diagnostics.Codes.DiskFullCache, Severity.Warning,
        cacheDir, 1, 1, "Webstedet er udgivet, men cachen kunne ikke gemmes, fordi disken er fuld. Næste bygning " +
        "bygger derfor alt forfra. Skaf plads (se `df -h` og `df -i`).");
}

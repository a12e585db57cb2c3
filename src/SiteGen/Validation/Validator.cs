using System.Collections.Concurrent;
using System.Collections.Immutable;
using SiteGen.Common;
using SiteGen.Content;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

public sealed record ValidationResult(
    SiteConfig? Config,
    ImmutableArray<Referat> Referater,
    ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Whether Publishing can run on this (no errors, site.yml read): lets callers downstream decide
    /// without touching the source model.</summary>
    public bool CanPublish => !HasErrors && Config is not null;

    /// <summary>How many referat files were read (also when some have errors).</summary>
    public int FilesChecked { get; init; }

    /// <summary>How many of them were not checked again: their check was taken from the build cache
    /// (<see cref="CheckStore"/>).</summary>
    public int FilesReused { get; init; }

    /// <summary>How many of the reused were not even read: their stamp (<see cref="FileStamp"/>) was the one kept
    /// with their content hash.</summary>
    internal int FilesStamped { get; init; }

    /// <summary>The referater of the files without errors, also when other files have errors: for the withheld
    /// report of a single file (<c>validate --report FILE</c>). Never published: only <see cref="Referater"/> is.
    /// </summary>
    public ImmutableArray<Referat> Valid { get; init; } = [];
}

/// <summary>Results of earlier runs per referat file, reused while the file's size and time are the same
/// (for <c>serve</c>, where one file changes at a time). Only valid while site.yml and the attachment files
/// are unchanged: whoever keeps it starts a new one when they change.</summary>
public sealed class ValidationCache
{
    internal ConcurrentDictionary<string, (long Length, DateTime Written, FileCheck Check)> Files { get; } =
        new(StringComparer.Ordinal);
}

public static class Validator
{
    /// <summary>Loads <c>site.yml</c> and every <c>referater/**/*.md</c> under <paramref name="inputDir"/>,
    /// checks spec §1–5 and returns the source model (empty when there are errors) with every diagnostic.
    /// Never throws for bad input.</summary>
    public static ValidationResult Run(string inputDir, ValidationCache? cache = null) =>
        Run(inputDir, cache, cacheDir: null, clean: false);

    /// <param name="cacheDir">when not null, the files' checks are kept in this folder between runs
    /// (<see cref="CheckStore"/>, used instead of <paramref name="cache"/>): a file whose bytes and other inputs are
    /// unchanged is not checked again. The result is the same as without.</param>
    /// <param name="clean">do not reuse the checks kept in <paramref name="cacheDir"/> (they are written afresh)
    /// </param>
    /// <param name="keepPause">a build that ends soon after (not serve): the collections paused while the cache is
    /// decoded stay paused through the rest of the build, and are ended by the holder (see
    /// <see cref="PauseCollections"/>)</param>
    public static ValidationResult Run(string inputDir, ValidationCache? cache, string? cacheDir, bool clean,
        CollectionPause.Holder? keepPause = null) =>
        Run(inputDir, cache, cacheDir, clean, CheckStore.StampMargin, keepPause);

    /// <param name="stampMargin">see <see cref="CheckStore.StampMargin"/> (tests)</param>
    internal static ValidationResult Run(string inputDir, ValidationCache? cache, string? cacheDir, bool clean,
        TimeSpan stampMargin, CollectionPause.Holder? keepPause = null)
    {
        var diagnostics = new List<Diagnostic>();
        var inputFull = Path.GetFullPath(inputDir);
        var sitePath = Path.Combine(inputFull, "site.yml");
        var config = SiteConfigValidator.Load(sitePath, Display.Path(sitePath), diagnostics);

        // The sections' text of the run, outside the managed heap: in the cache folder when there is one (it holds
        // closed text already), else in the temp folder; the file is unlinked as soon as it is made.
        var ctx = new RunContext(config, inputFull, new TextStore(cacheDir));
        var store = cacheDir is null ? null : CheckStore.Open(cacheDir, clean, inputFull, sitePath, config,
            stampMargin);
        // Files are independent, so they are checked on all cores; the results keep file order.
        List<FileCheck> checks;
        var (paused, held) = PauseCollections(store?.StoredBytes ?? 0, whole: keepPause is not null);
        try
        {
            var files = StepLog.Step("checks list", () => ReferatFiles(inputFull, diagnostics));
            checks = StepLog.Step("checks all", () => files.AsParallel().AsOrdered()
                .Select(file => store is not null ? store.Check(file, ctx)
                    : cache is null ? ReferatValidator.Check(file, ctx) : Cached(file, ctx, cache))
                .ToList());
            store?.Save();
        }
        finally
        {
            if (paused is not null && held) keepPause!.Keep(paused);
            else paused?.Dispose();
        }

        var duplicates = StepLog.Step("checks duplicates", () => Duplicates(checks));
        var referater = ImmutableArray.CreateBuilder<Referat>();
        foreach (var check in checks)
        {
            if (duplicates.TryGetValue(check, out var others))
            {
                var withDuplicate = new List<Diagnostic>(check.Diagnostics); // the check may be cached: copy
                withDuplicate.Insert(check.Claim!.Index,
                    MeetingValidator.Duplicate(check.Display, check.Claim, others));
                diagnostics.AddRange(withDuplicate);
                continue;
            }
            diagnostics.AddRange(check.Diagnostics);
            if (check.Referat is { } referat) referater.Add(referat);
        }

        var hasErrors = diagnostics.Any(d => d.IsError);
        return new ValidationResult(config, hasErrors ? [] : referater.ToImmutable(), [.. diagnostics])
        {
            FilesChecked = checks.Count,
            FilesReused = store?.Hits ?? 0,
            FilesStamped = store?.Stamped ?? 0,
            Valid = referater.ToImmutable(),
        };
    }

    /// <summary>Decoding the source model of a whole archive from the cache makes objects that all live on (hundreds of
    /// MB at 10,000 meetings): collecting while they are made would copy every one of them from generation to
    /// generation for nothing (≈ 20 % of the stage's CPU at 2,000 meetings). So no collection is made until about
    /// that much is allocated (3 × the bytes kept: the model in UTF-16 and its objects); past that, or when a run
    /// checks many files afresh (garbage), the runtime ends the pause by itself and collects as usual.</summary>
    /// <param name="whole">the pause may hold through the rest of the build (returned as held): an incremental build
    /// after a small edit allocates about 6 × the bytes kept in all (1,180 MB for 193 MB at 10,000 meetings), most
    /// of it the model of the unchanged referater, live to the end; collected as usual it made 6 full collections
    /// (≈ 1.1–1.6 s paused, half a second of them in the last, before Pagefind). So room for 8 × is asked when that
    /// is at most <see cref="HeldPauseBytes"/> (archives up to ≈ 18,000 meetings); a build that re-renders much runs
    /// past it and is then collected as usual. Such a build's memory grows to what it allocated (≈ 1.3 GB at 10,000
    /// meetings against ≈ 0.7 GB). A larger archive pauses for the decoding only, as without.</param>
    internal static (CollectionPause? Pause, bool Held) PauseCollections(long storedBytes, bool whole)
    {
        if (storedBytes < 8L << 20) return (null, false); // a small archive: nothing to gain
        var build = 8 * storedBytes + (256L << 20);
        if (whole && build <= HeldPauseBytes) return (CollectionPause.Begin(build), true);
        return (CollectionPause.Begin(Math.Min(3 * storedBytes + (64L << 20), 4L << 30)), false);
    }

    /// <summary>The most a pause held through a build may allow (<see cref="PauseCollections"/>).</summary>
    internal const long HeldPauseBytes = 3L << 30;

    /// <summary>Files that claim the same meeting (spec §5), each with the other files of its meeting. The error
    /// goes to the files whose name breaks the path rule when exactly one file follows it (the copy is to blame,
    /// whichever name sorts first), else to every file of the meeting.</summary>
    private static Dictionary<FileCheck, List<string>> Duplicates(List<FileCheck> checks)
    {
        var result = new Dictionary<FileCheck, List<string>>(ReferenceEqualityComparer.Instance);
        foreach (var meeting in checks.Where(c => c.Claim is not null)
                     .GroupBy(c => (c.Claim!.Udvalg.Slug, c.Claim.Dato)).Where(g => g.Count() > 1))
        {
            var files = meeting.ToList();
            var followers = files.Count(c => c.Claim!.PathOk);
            foreach (var c in files.Where(c => followers != 1 || !c.Claim!.PathOk))
                result[c] = files.Where(o => !ReferenceEquals(o, c)).Select(o => o.Display).ToList();
        }
        return result;
    }

    private static FileCheck Cached(string file, RunContext ctx, ValidationCache cache)
    {
        var info = new FileInfo(file);
        var (length, written) = info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, default);
        if (cache.Files.TryGetValue(file, out var known) && known.Length == length && known.Written == written)
            return known.Check;
        var check = ReferatValidator.Check(file, ctx);
        cache.Files[file] = (length, written, check);
        return check;
    }

    /// <summary>Every <c>.md</c> entry under <c>referater/</c>, sorted ordinally by path so runs are deterministic.
    /// Links are not followed: a linked <c>.md</c> file is listed (its check reports the link) and a linked folder
    /// is an error here, as it could bring in referater from outside the input. Pipes and devices named
    /// <c>.md</c> are listed too, and refused by their check without being opened.</summary>
    private static List<string> ReferatFiles(string inputFull, List<Diagnostic> diagnostics)
    {
        var dir = Path.Combine(inputFull, "referater");
        var files = new List<string>();
        try
        {
            switch (InputFiles.Kind(dir))
            {
                case FileKind.Missing: return [];
                case FileKind.Directory: Walk(dir, files, diagnostics); break;
                default: diagnostics.Add(LinkedFolder(dir)); return [];
            }
            return files.OrderBy(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new Diagnostic(Codes.Internal, Severity.Error, Display.Path(dir), 1, 1,
                "Mappen kunne ikke læses. Tjek at du har adgang til den."));
            return [];
        }
    }

    private static void Walk(string dir, List<string> files, List<Diagnostic> diagnostics)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
        {
            var kind = InputFiles.Kind(entry);
            var md = entry.EndsWith(".md", StringComparison.Ordinal);
            if (kind == FileKind.Directory) Walk(entry, files, diagnostics);
            else if (md) files.Add(entry);
            else if (kind == FileKind.Link && Directory.Exists(entry)) diagnostics.Add(LinkedFolder(entry));
        }
    }

    private static Diagnostic LinkedFolder(string path) => new(
        Codes.InputLink, Severity.Error, Display.Path(path), 1, 1,
        "Denne mappe er et symbolsk link (eller ikke en mappe). Links er ikke tilladt i input-mappen: " +
        "læg selve mappen der.");
}

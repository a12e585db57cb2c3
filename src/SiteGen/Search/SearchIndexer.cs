using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using SiteGen.Validation;
using SiteGen.Diagnostics;
using SiteGen.Publishing;

namespace SiteGen.Search;

/// <summary>Builds the Danish full-text index with the real Pagefind binary (npm package <c>pagefind</c>,
/// pinned in package.json). It runs over the freshly rendered pages in the staging folder, so a failure
/// here fails the build before the swap and the previous site stays live.</summary>
/// <remarks>Codes: SRCH001 Pagefind not installed (and could not be installed), SRCH002 the binary cannot
/// be started, SRCH003 Pagefind reported an error, SRCH004 Pagefind wrote no usable index, SRCH005 not enough free
/// room on the disk for it (checked before it starts, see <see cref="DiskRoom"/>).</remarks>
public static class SearchIndexer
{
    /// <summary>The index folder inside the site: <c>/pagefind/</c> (pagefind.js, wasm, index, fragments).</summary>
    public const string IndexFolder = "pagefind";

    /// <summary>Environment variable naming a Pagefind binary to use instead of node_modules (tests, unusual
    /// setups).</summary>
    public const string BinaryVariable = "SITEGEN_PAGEFIND";

    public const string InstallCommand = "npm ci --ignore-scripts";

    /// <summary>Meeting pages (<see cref="Urls.MeetingPagesGlob"/>): the only pages with
    /// <c>data-pagefind-body</c>. Pagefind then parses 2,000 files instead of 16,000 for a
    /// 2,000-meeting archive (same index, less than half the time).</summary>
    internal static readonly string MeetingPages = Urls.MeetingPagesGlob;

    /// <summary>How long one Pagefind run may take before it is killed. Seen (6 Dec 2026, Pagefind 1.6.0): a run that
    /// cannot create a file (a full file system, there: a tmpfs out of inodes) does not fail but waits for good, every
    /// thread idle, before its last files. A run that times out is tried once more, for a disk freed meanwhile (see
    /// <see cref="Index(string, string, string, string[], string, CancellationToken)"/>). Tests shorten it.</summary>
    internal static TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a running Pagefind's disks are checked (<see cref="DiskRoom.FullAt"/>).</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly Lock InstallLock = new();

    // Pagefind's ready-made UIs; the site uses its own accessible UI (assets/search.js) over pagefind.js,
    // so these are removed rather than published unused.
    private static readonly string[] UnusedBundles =
    [
        "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
        "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
    ];

    /// <summary>Runs Pagefind over the rendered pages in <paramref name="siteRoot"/> (the staging folder),
    /// writing the index to <c>pagefind/</c>. A failure is returned as a diagnostic and fails the build.</summary>
    /// <param name="inputDir">The input folder: node_modules is looked for above it (and above the working
    /// directory and the program), so the README's command works from the repository root.</param>
    /// <param name="binary">A Pagefind binary to use instead (else <see cref="BinaryVariable"/>, else
    /// node_modules).</param>
    /// <param name="attachments">open attachments with text: indexed into <see cref="AttachmentIndex.IndexFolder"/>
    /// by a second run (none: no attachment index)</param>
    /// <param name="cancel">stops a running Pagefind (its whole process tree): serve cancels a refresh it no longer
    /// needs, and must not leave Pagefind running when it stops</param>
    public static Diagnostic? Run(string siteRoot, TextWriter log, string? inputDir = null, string? binary = null,
        IReadOnlyList<AttachmentRecord>? attachments = null, CancellationToken cancel = default)
    {
        var (found, problem) = Find(log, inputDir, binary);
        if (problem is not null) return problem;
        return Index(found!, siteRoot, SearchShards.Whole, cancel)
            ?? (attachments is { Count: > 0 } ? IndexAttachments(found!, siteRoot, attachments) : null);
    }

    /// <summary>The Pagefind binary to run: <paramref name="binary"/>, else <see cref="BinaryVariable"/>, else
    /// node_modules (installed when missing, see <see cref="Locate"/>).</summary>
    public static (string? Binary, Diagnostic? Problem) Find(TextWriter log, string? inputDir, string? binary)
    {
        binary ??= Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } fromEnv ? fromEnv : null;
        if (binary is not null) return (binary, null);
        string[] from = inputDir is null
            ? [Directory.GetCurrentDirectory(), AppContext.BaseDirectory]
            : [inputDir, Directory.GetCurrentDirectory(), AppContext.BaseDirectory];
        return Locate(from, log);
    }

    /// <summary>The attachment records are written as pages to a temporary folder outside the site and indexed
    /// from there into the site's <c>pagefind-bilag/</c>: only the index is published.</summary>
    public static Diagnostic? IndexAttachments(string binary, string siteRoot,
        IReadOnlyList<AttachmentRecord> attachments)
    {
        var records = Path.Combine(Path.GetTempPath(), "sitegen-bilag-" + Guid.NewGuid().ToString("N"));
        if (DiskRoom.Check(Path.GetTempPath(), attachments.Count, 1) is { } full) return full; // its pages go there
        try
        {
            AttachmentIndex.WritePages(attachments, records);
            var outputDir = Path.Combine(siteRoot, AttachmentIndex.IndexFolder);
            return Index(binary, records, outputDir, ["--output-path", outputDir], "r/*/index.html");
        }
        finally
        {
            try { Directory.Delete(records, recursive: true); } catch (IOException) { } // a temp folder: best effort
        }
    }

    /// <summary>The Pagefind binary for this machine in the nearest node_modules above one of
    /// <paramref name="startDirs"/>. If there is none, runs <see cref="InstallCommand"/> once in the nearest
    /// folder whose package.json pins pagefind, then looks again.</summary>
    internal static (string? Binary, Diagnostic? Problem) Locate(IReadOnlyList<string> startDirs, TextWriter log)
    {
        var dirs = startDirs.SelectMany(Ancestors).Distinct(StringComparer.Ordinal).ToList();
        if (dirs.Select(BinaryIn).FirstOrDefault(b => b is not null) is { } existing) return (existing, null);
        lock (InstallLock) // two builds in one process must not run npm ci in the same folder at once
        {
            if (dirs.Select(BinaryIn).FirstOrDefault(b => b is not null) is { } meanwhile) return (meanwhile, null);

            var project = dirs.FirstOrDefault(PinsPagefind);
            if (project is null)
                return (null, Problem(Codes.SearchNotInstalled, "package.json",
                    $"Søgningen (Pagefind) er ikke installeret, og der er ingen package.json med Pagefind over " +
                    $"'{startDirs[0]}'. Kør `{InstallCommand}` i SiteGen-mappen (kræver Node.js), eller byg derfra."));

            log.WriteLine($"Søgningen (Pagefind) er ikke installeret: kører `{InstallCommand}` i '{project}' …");
            var (code, output, _, _) = Execute(OperatingSystem.IsWindows() ? "npm.cmd" : "npm",
                ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], project);
            if (BinaryIn(project) is { } installed) return (installed, null);
            var why = code is null ? "npm kunne ikke startes (er Node.js installeret?)"
                : $"npm sluttede med kode {code}: {Tail(output)}";
            return (null, Problem(Codes.SearchNotInstalled, Path.Combine(project, "package.json"),
                $"Søgningen (Pagefind) er ikke installeret, og `{InstallCommand}` mislykkedes: {why}. Installér " +
                    $"Node.js, og kør så `{InstallCommand}` i '{project}'."));
        }
    }

    /// <summary>Indexes one shard's meeting pages into its bundle folder (Pagefind adds files, never removes
    /// any, so the newest shard's bundle and the older ones' subfolders live side by side).</summary>
    public static Diagnostic? Index(string binary, string siteRoot, SearchShard shard,
        CancellationToken cancel = default) =>
        Index(binary, siteRoot, Path.Combine(siteRoot, shard.Folder), ["--output-subdir", shard.Folder], shard.Glob,
            cancel);

    /// <summary>As <see cref="Index(string, string, SearchShard)"/>, with the pages read from
    /// <paramref name="pagesRoot"/> (a copy of the shard's pages, see <see cref="ShardIndexer"/>) and the bundle
    /// written to <paramref name="bundle"/>.</summary>
    public static Diagnostic? Index(string binary, SearchShard shard, string pagesRoot, string bundle) =>
        Index(binary, pagesRoot, bundle, ["--output-path", bundle], shard.Glob);

    private static Diagnostic? Index(string binary, string siteRoot, string outputDir, string[] outputArgs,
        string glob, CancellationToken cancel = default)
    {
        // --silent: nothing on the console on success; errors come back in the diagnostic.
        string[] args = ["--site", siteRoot, "--glob", glob, .. outputArgs, "--silent"];
        // Pagefind waits for good on a full disk: the file systems it writes to are watched while it runs.
        string[] watch = [outputDir, siteRoot];
        var (code, output, timedOut, full) = Execute(binary, args, siteRoot, cancel, watch);
        if (full is not null) return DiskRoom.FilledUp(full);
        if (timedOut && !cancel.IsCancellationRequested)
        {
            // A run that hung, once more. What the first run wrote is written again under the same names (Pagefind
            // names its files by their content), and the output folder may hold other shards' bundles: not deleted.
            (code, output, timedOut, full) = Execute(binary, args, siteRoot, cancel, watch);
            if (full is not null) return DiskRoom.FilledUp(full);
            if (timedOut)
                return Problem(Codes.SearchFailed, binary, $"Søgeprogrammet Pagefind blev ikke færdigt inden for " +
                    $"{Timeout.TotalMinutes:0.##} minutter, to gange, og blev stoppet. Pagefind hænger, når disken er " +
                    "fuld, også når der ikke kan laves flere filer på den: se efter ledig plads (`df -h` og `df -i`) " +
                    $"ved output-mappen. Byg så igen; sker det igen, så kør `{InstallCommand}` i SiteGen-mappen.");
        }
        if (code is null)
            return Problem(Codes.SearchCannotStart, binary, $"Søgeprogrammet Pagefind kan ikke startes: {output}. " +
                $"Kør `{InstallCommand}` i SiteGen-mappen for at installere det igen.");
        // Pagefind 1.6 either waits for good on a full disk (above) or ends with a panic: the same message for both.
        if (code is not null && code != 0 && (DiskRoom.FullAt(watch) ?? (output.Contains("No space left on device",
                StringComparison.Ordinal) ? outputDir : null)) is { } filled)
            return DiskRoom.FilledUp(filled);
        if (code != 0)
            return Problem(Codes.SearchFailed, binary,
                $"Søgeindekset kunne ikke bygges (Pagefind sluttede med kode {code}): {Tail(output)}");

        var entry = Path.Combine(outputDir, "pagefind-entry.json");
        if (!File.Exists(entry) || !File.Exists(Path.Combine(outputDir, "pagefind.js")))
            return Problem(Codes.SearchNoIndex, binary,
                $"Pagefind sluttede, men skrev intet søgeindeks i '{outputDir}': {Tail(output)}");
        foreach (var unused in UnusedBundles)
            File.Delete(Path.Combine(outputDir, unused));
        return null;
    }

    /// <summary>Runs a program without a shell; returns its exit code (null if it could not be started,
    /// timed out, was cancelled or filled the disk: then it and its children are killed) and its combined output.
    /// With <paramref name="watch"/>, the file systems of those folders are checked every half second, and the
    /// program is stopped when one of them is full twice in a row (<see cref="DiskRoom.FullAt"/>): the folder is
    /// returned as <c>Full</c>.</summary>
    private static (int? Code, string Output, bool TimedOut, string? Full) Execute(string file,
        IReadOnlyList<string> args, string workingDir, CancellationToken cancel = default,
        IReadOnlyList<string>? watch = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        var output = new StringBuilder();
        try
        {
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) =>
                { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.Start();
            using var stop = cancel.Register(() => Kill(process));
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            var fullOnce = false;
            while (!process.WaitForExit(watch is null ? Timeout : Poll))
            {
                var full = watch is null ? null : DiskRoom.FullAt(watch);
                if (full is not null && fullOnce)
                {
                    Kill(process);
                    process.WaitForExit();
                    return (null, "disken er fuld", false, full);
                }
                fullOnce = full is not null;
                if (clock.Elapsed < Timeout) continue;
                Kill(process);
                process.WaitForExit();
                return (null, $"det blev ikke færdigt inden for {Timeout.TotalMinutes:0.##} minutter", true, null);
            }
            if (cancel.IsCancellationRequested)
            {
                process.WaitForExit();
                return (null, "it was stopped", false, null);
            }
            process.WaitForExit(); // drain the output events
            lock (output) return (process.ExitCode, output.ToString(), false, null);
        }
        catch (Exception ex)
            when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return (null, ex.Message, false, null);
        }
    }

    private static void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception) { } // gone
    }

    private static IEnumerable<string> Ancestors(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            yield return dir.FullName;
    }

    /// <summary>node_modules/@pagefind/&lt;os&gt;-&lt;arch&gt;/bin/pagefind_extended (1.6 ships only the
    /// extended binary; plain <c>pagefind</c> is accepted too).</summary>
    private static string? BinaryIn(string dir)
    {
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin"
            : OperatingSystem.IsFreeBSD() ? "freebsd" : "linux";
        var arch = RuntimeInformation.OSArchitecture switch { Architecture.Arm64 => "arm64", _ => "x64" };
        var exe = OperatingSystem.IsWindows() ? ".exe" : "";
        var bin = Path.Combine(dir, "node_modules", "@pagefind", $"{os}-{arch}", "bin");
        return new[] { "pagefind_extended", "pagefind" }.Select(n => Path.Combine(bin, n + exe))
            .FirstOrDefault(File.Exists);
    }

    private static bool PinsPagefind(string dir)
    {
        var package = Path.Combine(dir, "package.json");
        return File.Exists(package) && File.Exists(Path.Combine(dir, "package-lock.json"))
            && File.ReadAllText(package).Contains("\"pagefind\"", StringComparison.Ordinal);
    }

    private static string Tail(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(intet output)" : string.Join(" | ", lines.TakeLast(6));
    }

    private static Diagnostic Problem(string code, string file, string message) =>
        new(code, Severity.Error, Shown(file), 1, 1, message);

    private static string Shown(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }
}

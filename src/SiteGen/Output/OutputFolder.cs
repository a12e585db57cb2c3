using SiteGen.Common;

namespace SiteGen.Output;

/// <summary>Where a build may write. A build replaces its output folder as a whole, so a wrong <c>--output</c>
/// (the input, the project, the current folder, a folder of other files) would destroy data: such folders are
/// refused before any work. Every output carries <see cref="Marker"/>, so a rebuild knows the folder is its
/// own.</summary>
public static class OutputFolder
{
    /// <summary>The marker file at the top of every output (written into the staging folder with the site).</summary>
    public const string Marker = ".sitegen-output";

    public const string MarkerText =
        "This folder was written by SiteGen (sitegen build). The next build replaces all of it.\n";

    /// <summary>Why <paramref name="output"/> must not be written, or null when it may. Links are resolved, so a
    /// link to the input folder counts as the input folder.</summary>
    public static string? Problem(string output, string input, string currentDirectory)
    {
        var cwd = Path.GetFullPath(currentDirectory);
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output, cwd));
        var real = RealPath(target);
        var inputReal = RealPath(Path.GetFullPath(input, cwd));
        var cwdReal = RealPath(cwd);
        if (InputFiles.IsInside(real, inputReal))
            return real == inputReal
                ? $"--output '{output}' is the input folder: the build would replace the referater with the site"
                : $"--output '{output}' is inside the input folder '{input}': the site must be written outside it";
        if (InputFiles.IsInside(inputReal, real))
            return $"--output '{output}' contains the input folder '{input}': the build would replace it with the site";
        if (InputFiles.IsInside(cwdReal, real))
            return $"--output '{output}' is the current folder or a folder above it: " +
                   "the build would replace it with the site";
        foreach (var project in ProjectRoots(inputReal, cwdReal))
            if (InputFiles.IsInside(project, real))
                return $"--output '{output}' is the project folder '{project}' or a folder above it: " +
                       "the build would replace it";

        switch (InputFiles.Kind(target))
        {
            case FileKind.Missing:
                return null;
            case FileKind.Link:
                return $"--output '{output}' is a symbolic link: give the folder itself";
            case FileKind.Directory:
                if (!Directory.EnumerateFileSystemEntries(target).Any()) return null;
                if (InputFiles.Kind(Path.Combine(target, Marker)) == FileKind.Regular) return null;
                return $"--output '{output}' is a folder with other files in it, not an earlier SiteGen output " +
                       $"(it has no '{Marker}' file): the build would replace all of them. " +
                       "Choose an empty or new folder, or delete this one first if it really is an old site";
            default:
                return $"--output '{output}' is an existing file, not a folder";
        }
    }

    /// <summary>Whether a folder SiteGen is about to replace is absent, empty or an earlier output (the last check
    /// before the swap; <see cref="Problem"/> is the one that explains).</summary>
    public static bool MayReplace(string folder) => InputFiles.Kind(folder) switch
    {
        FileKind.Missing => true,
        FileKind.Directory => !Directory.EnumerateFileSystemEntries(folder).Any()
                              || InputFiles.Kind(Path.Combine(folder, Marker)) == FileKind.Regular,
        _ => false,
    };

    /// <summary>Why <paramref name="report"/> (the withheld report, which lists closed content) must not be written
    /// there, or null. It must not land in the published site nor in the input, also not through a link.</summary>
    public static string? ReportProblem(string report, string input, string? output)
    {
        var real = RealPath(report);
        if (output is not null && InputFiles.IsInside(real, RealPath(output)))
            return $"--report '{report}' is inside the output folder '{output}': the report lists closed content and " +
                   "must never be published. Write it elsewhere, or use '--report -'";
        if (InputFiles.IsInside(real, RealPath(input)))
            return $"--report '{report}' is inside the input folder '{input}': write it elsewhere, or use '--report -'";
        if (InputFiles.Kind(real) == FileKind.Directory)
            return $"--report '{report}' is a folder: give a file name";
        return null;
    }

    /// <summary>The folders holding a git repository (<c>.git</c>) at or above the input and the current
    /// folder.</summary>
    private static IEnumerable<string> ProjectRoots(params string[] from)
    {
        foreach (var start in from)
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
                if (InputFiles.Kind(Path.Combine(dir, ".git")) != FileKind.Missing)
                {
                    yield return dir;
                    break;
                }
    }

    /// <summary>The full path with every symbolic link in it resolved (as far as the path exists).</summary>
    public static string RealPath(string path) => RealPath(path, 0);

    private static string RealPath(string path, int depth)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.GetPathRoot(full)!;
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            var next = Path.Combine(current, part);
            if (depth < 40 && InputFiles.Kind(next) == FileKind.Link && new FileInfo(next).LinkTarget is { } target)
                next = RealPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target), depth + 1);
            current = next;
        }
        return Path.TrimEndingDirectorySeparator(current);
    }
}

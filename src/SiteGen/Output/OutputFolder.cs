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
        "Denne mappe er skrevet af SiteGen (sitegen build). Næste build erstatter hele mappen.\n";

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
                ? $"--output '{output}' er input-mappen: webstedet ville erstatte referaterne"
                : $"--output '{output}' ligger i input-mappen '{input}': webstedet skal skrives uden for den";
        if (InputFiles.IsInside(inputReal, real))
            return $"--output '{output}' indeholder input-mappen '{input}': webstedet ville erstatte den";
        if (InputFiles.IsInside(cwdReal, real))
            return $"--output '{output}' er den aktuelle mappe eller en mappe over den: " +
                   "webstedet ville erstatte den";
        foreach (var project in ProjectRoots(inputReal, cwdReal))
            if (InputFiles.IsInside(project, real))
                return $"--output '{output}' er projektmappen '{project}' eller en mappe over den: " +
                       "webstedet ville erstatte den";

        switch (InputFiles.Kind(target))
        {
            case FileKind.Missing:
                return null;
            case FileKind.Link:
                return $"--output '{output}' er et symbolsk link: angiv selve mappen";
            case FileKind.Directory:
                if (!Directory.EnumerateFileSystemEntries(target).Any()) return null;
                if (InputFiles.Kind(Path.Combine(target, Marker)) == FileKind.Regular) return null;
                return $"--output '{output}' er en mappe med andre filer i, ikke et tidligere SiteGen-websted " +
                       $"(den har ingen fil '{Marker}'): de ville alle blive erstattet. " +
                       "Vælg en tom eller ny mappe, eller slet denne først, hvis den virkelig er et gammelt websted";
            default:
                return $"--output '{output}' er en fil, ikke en mappe";
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
            return $"--report '{report}' ligger i output-mappen '{output}': rapporten viser lukket indhold og må " +
                   "aldrig udgives. Skriv den et andet sted, eller brug '--report -'";
        if (InputFiles.IsInside(real, RealPath(input)))
            return $"--report '{report}' ligger i input-mappen '{input}': skriv den et andet sted, " +
                   "eller brug '--report -'";
        if (InputFiles.Kind(real) == FileKind.Directory)
            return $"--report '{report}' er en mappe: angiv et filnavn";
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

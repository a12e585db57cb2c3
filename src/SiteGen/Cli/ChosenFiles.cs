using SiteGen.Common;
using SiteGen.Diagnostics;
using SiteGen.Output;
using SiteGen.Validation;

namespace SiteGen.Cli;

/// <summary>The files named on <c>validate FILE...</c>: each must be a referat file under
/// <c>&lt;input&gt;/referater</c> (the whole archive is still validated, for the rules across files; only the
/// diagnostics that concern the named files are shown).</summary>
internal static class ChosenFiles
{
    /// <summary>Why <paramref name="file"/> cannot be checked (in Danish, for a usage error), or null.</summary>
    public static string? Problem(string input, string file)
    {
        var shown = Diagnostic.Visible(file);
        if (file.Length == 0) return "et tomt filnavn kan ikke kontrolleres";
        if (file.Contains('\0')) return $"'{shown}' er et ugyldigt filnavn";
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(file));
        var referater = Path.GetFullPath(Path.Combine(input, "referater"));
        var where = Diagnostic.Visible(Path.Combine(input, "referater"));
        if (!InputFiles.IsInside(full, referater) || full == Path.TrimEndingDirectorySeparator(referater))
            return $"'{shown}' ligger ikke i referat-mappen '{where}'. Nævn en referat-fil derfra, " +
                $"fx {where}/2024/2024-11-13-direktionen.md";
        switch (InputFiles.Kind(full))
        {
            case FileKind.Missing:
                return $"filen '{shown}' findes ikke. Tjek stavemåden (og mappen for året)";
            case FileKind.Directory:
                return $"'{shown}' er en mappe, ikke en referat-fil. Nævn filerne i den, eller nævn ingen filer for " +
                    "at kontrollere alle referater";
        }
        if (!full.EndsWith(".md", StringComparison.Ordinal))
            return $"'{shown}' er ikke en referat-fil: et referat er en .md-fil";
        // A linked folder on the way is refused by validate as a whole (the file would never be read).
        var parent = Path.GetDirectoryName(full)!;
        var expected = Path.Combine(OutputFolder.RealPath(referater), Path.GetRelativePath(referater, parent));
        if (OutputFolder.RealPath(parent) != Path.TrimEndingDirectorySeparator(Path.GetFullPath(expected)))
            return $"'{shown}' nås gennem et symbolsk link til en mappe. Links er ikke tilladt i input-mappen";
        return null;
    }

    /// <summary>The file as diagnostics show it (relative to the current folder).</summary>
    public static string Shown(string file) =>
        Diagnostic.Visible(Display.Path(Path.TrimEndingDirectorySeparator(Path.GetFullPath(file))));

    /// <summary>The diagnostics of the chosen files, those of other files that name one of them (a duplicate
    /// meeting), and those of site.yml (which every file depends on).</summary>
    public static IEnumerable<Diagnostic> Concerning(IEnumerable<Diagnostic> all, IReadOnlyCollection<string> chosen,
        string input)
    {
        var site = Display.Path(Path.GetFullPath(Path.Combine(input, "site.yml")));
        return all.Where(d => chosen.Contains(d.File) || d.File == site
            || chosen.Any(c => d.Message.Contains(c, StringComparison.Ordinal)));
    }
}

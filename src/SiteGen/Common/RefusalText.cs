namespace SiteGen.Common;

/// <summary>The one Danish wording for an input file that is refused before it is read (see
/// <see cref="InputFiles.Check"/>): used for referater, site.yml, templates, assets and attachment files alike.
/// </summary>
public static class RefusalText
{
    /// <param name="what">the file, in Danish with its article: "referatet", "site.yml", "skabelonen",
    /// "filen til bilag 2 til punkt 3".</param>
    /// <param name="shown">the path as shown to the user, or null when it must not be shown (a closed
    /// attachment's file name).</param>
    /// <param name="limit">the size limit that applies to this kind of file.</param>
    public static string Describe(Refusal refusal, string what, string? shown, long limit)
    {
        var subject = Cap(what) + (shown is null ? "" : $" ('{shown}')");
        return refusal.Problem switch
        {
            InputProblem.Link => $"{subject} er et symbolsk link. Links er ikke tilladt i input-mappen: " +
                "læg selve filen eller mappen der.",
            InputProblem.NotRegular => $"{subject} er ikke en almindelig fil (det er en navngiven pipe, en enhed " +
                "eller en socket). Erstat den med selve filen.",
            InputProblem.TooLarge => $"{subject} er større end {InputFiles.Megabytes(limit)}, som er det mest " +
                "SiteGen læser. Tjek at det er den rigtige fil; del den op eller gør den mindre.",
            InputProblem.Missing => $"{subject} blev ikke fundet" +
                (refusal.Detail.Length > 0 ? $" ({refusal.Detail})" : "") + ". Tjek stavningen og at filen ligger der.",
            _ => $"{subject} kunne ikke læses" + (refusal.Detail.Length > 0 ? $" ({refusal.Detail})" : "") +
                ". Tjek at filen ikke er åben i et andet program, og at du har adgang til den.",
        };
    }

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

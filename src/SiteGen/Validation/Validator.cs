using System.Collections.Immutable;
using SiteGen.Content;

namespace SiteGen.Validation;

public sealed record ValidationResult(
    SiteConfig? Config,
    ImmutableArray<Referat> Referater,
    ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

public static class Validator
{
    /// <summary>Loads <c>site.yml</c> and every <c>referater/**/*.md</c> under <paramref name="inputDir"/>,
    /// checks spec §1–5 and returns the source model (empty when there are errors) with every diagnostic.
    /// Never throws for bad input.</summary>
    public static ValidationResult Run(string inputDir)
    {
        throw new NotImplementedException("Content + validation: issue 2");
    }
}

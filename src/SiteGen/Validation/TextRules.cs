using SiteGen.Content;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>Reports what the text of a file may not hold (characters, character references) and what its YAML
/// may not use (restricted YAML), with file positions.</summary>
internal static class TextRules
{
    /// <summary>How many bad characters are reported one by one; the rest in one line.</summary>
    private const int MaxReported = 20;

    /// <param name="bodyFirstLine">the first line of the Markdown body: a form feed from there on is read as a space
    /// (a warning); anywhere else it is an error like any control character.</param>
    /// <param name="site">site.yml: SITE codes, and no Markdown.</param>
    public static void Check(SourceText source, Report r, int bodyFirstLine, bool site = false)
    {
        var reported = 0;
        foreach (var bad in source.BadCharacters)
        {
            if (reported == MaxReported)
            {
                r.Error(site ? Codes.SiteBadCharacter : Codes.BadCharacter, bad.At,
                    $"Herfra følger {source.BadCharacterCount - reported} tegn mere, som aldrig er tilladt " +
                    "(styretegn eller koder, der ikke er tegn). Fjern dem, fx ved at skrive teksten igen.");
                break;
            }
            reported++;
            if (bad.CodePoint == CharacterRules.FormFeed && bad.At.Line >= bodyFirstLine && !site)
            {
                r.Warning(Codes.FormFeed, bad.At, "Et sideskift-tegn (form feed, kommer ofte med fra en PDF) " +
                    "læses som et mellemrum. Fjern det, hvis det ikke skal stå der.");
                continue;
            }
            r.Error(site ? Codes.SiteBadCharacter : Codes.BadCharacter, bad.At,
                $"Teksten indeholder {CharacterRules.Describe(bad.CodePoint)}, som aldrig er tilladt (det er " +
                "usynligt i de fleste editorer og ville ødelægge de offentliggjorte sider og feeds). Fjern det, fx " +
                "ved at skrive teksten omkring her igen.");
        }
        if (site) return;
        var references = 0;
        foreach (var (index, _, cp) in CharacterRules.FindBadReferences(source.Text))
        {
            if (++references > MaxReported) break;
            r.Error(Codes.BadCharacter, source.At(index), $"Tegnkoden '&#...;' her står for " +
                $"{CharacterRules.Describe(cp)}, som aldrig er tilladt. Fjern den.");
        }
    }

    /// <summary>Loads front matter or site.yml: the common slips (YamlSlips) are reported first, each with its own
    /// code and fix; the parser's objections only when no slip explains them. The result is Rejected (reported)
    /// or Ok (maybe loaded from the repaired text: the slips are errors, so it is never published).</summary>
    public static YamlLoader.Result LoadYaml(string yaml, Report r, bool site)
    {
        var (slips, text) = YamlSlips.FindCharacters(yaml, site);
        var loaded = YamlLoader.Load(text);
        if (loaded is YamlLoader.Result.Rejected first && first.Problems.Any(p => p.Kind == YamlProblemKind.Syntax))
        {
            var (more, repaired) = YamlSlips.FindStructure(text, site);
            if (more.Count > 0)
            {
                slips.AddRange(more);
                loaded = YamlLoader.Load(repaired);
            }
        }
        else if (yaml.Contains("\n -", StringComparison.Ordinal) || yaml.Contains("  -", StringComparison.Ordinal))
        {
            // Readable, but a list item out of line would silently join the item above.
            var (more, repaired) = YamlSlips.FindStructure(text, site);
            if (more.Any(s => s.EvenIfReadable))
            {
                slips.AddRange(more.Where(s => s.EvenIfReadable));
                loaded = YamlLoader.Load(repaired);
            }
        }
        foreach (var slip in slips.OrderBy(s => s.Line).ThenBy(s => s.Column))
        {
            var (refCode, siteCode) = slip.Kind switch
            {
                YamlSlipKind.TabIndent => Codes.TabIndent,
                YamlSlipKind.Invisible => Codes.Invisible,
                YamlSlipKind.CurlyQuotes => Codes.CurlyQuotes,
                YamlSlipKind.ColonInValue => Codes.ColonInValue,
                _ => Codes.ListIndent,
            };
            r.Error(site ? siteCode : refCode, r.AtYaml(slip.Line, slip.Column), slip.Message);
        }
        if (loaded is not YamlLoader.Result.Rejected rejected) return loaded;
        // A slip explains the parser's objection (which points at where the parser gave up, often a line later).
        var problems = slips.Count == 0 ? rejected.Problems
            : rejected.Problems.Where(p => p.Kind != YamlProblemKind.Syntax).ToList();
        if (problems.Count > 0) ReportYaml(new YamlLoader.Result.Rejected(problems), r, site);
        return rejected;
    }

    /// <summary>The loader's problems, each with the code of its kind.</summary>
    public static void ReportYaml(YamlLoader.Result.Rejected rejected, Report r, bool site)
    {
        foreach (var p in rejected.Problems)
        {
            var at = r.AtYaml(p.Line, p.Column);
            var code = (p.Kind, site) switch
            {
                (YamlProblemKind.AnchorOrAlias, false) => Codes.YamlAnchorOrAlias,
                (YamlProblemKind.AnchorOrAlias, true) => Codes.SiteYamlAnchorOrAlias,
                (YamlProblemKind.Tag, false) => Codes.YamlTag,
                (YamlProblemKind.Tag, true) => Codes.SiteYamlTag,
                (YamlProblemKind.MergeKey, false) => Codes.YamlMergeKey,
                (YamlProblemKind.MergeKey, true) => Codes.SiteYamlMergeKey,
                (YamlProblemKind.ComplexKey, false) => Codes.YamlComplexKey,
                (YamlProblemKind.ComplexKey, true) => Codes.SiteYamlComplexKey,
                (YamlProblemKind.Character, false) => Codes.BadCharacter,
                (YamlProblemKind.Character, true) => Codes.SiteBadCharacter,
                (_, false) => Codes.YamlSyntax,
                (_, true) => Codes.SiteYamlSyntax,
            };
            var message = p.Kind == YamlProblemKind.Syntax
                ? (site ? "site.yml kan ikke læses: " : "Mødeoplysningerne kan ikke læses: ") + p.Message
                  + " Tjek indrykning, koloner og anførselstegn omkring her."
                : p.Message;
            r.Error(code, at, message);
        }
    }
}

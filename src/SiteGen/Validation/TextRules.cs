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
                    $"{source.BadCharacterCount - reported} more characters that are never allowed follow from here " +
                    "(control characters or codes that are not characters). Remove them, e.g. by retyping the text.");
                break;
            }
            reported++;
            if (bad.CodePoint == CharacterRules.FormFeed && bad.At.Line >= bodyFirstLine && !site)
            {
                r.Warning(Codes.FormFeed, bad.At, "A page break character (form feed, often pasted from a PDF) is " +
                    "read as a space. Remove it if it is not meant to be there.");
                continue;
            }
            r.Error(site ? Codes.SiteBadCharacter : Codes.BadCharacter, bad.At,
                $"The text contains {CharacterRules.Describe(bad.CodePoint)}, which is never allowed (it is " +
                "invisible in most editors and would break the published pages and feeds). Remove it, e.g. by " +
                "retyping the text around here.");
        }
        if (site) return;
        var references = 0;
        foreach (var (index, _, cp) in CharacterRules.FindBadReferences(source.Text))
        {
            if (++references > MaxReported) break;
            r.Error(Codes.BadCharacter, source.At(index), $"The character reference '&#...;' here stands for " +
                $"{CharacterRules.Describe(cp)}, which is never allowed. Remove it.");
        }
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
                ? (site ? "YAML syntax error: " : "YAML syntax error in the front matter: ") + p.Message
                  + " Check indentation, colons and quotes around here."
                : p.Message;
            r.Error(code, at, message);
        }
    }
}

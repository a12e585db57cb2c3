using System.Collections.Immutable;
using SiteGen.Common;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>Checks the text of open attachment files (<see cref="AttachmentTexts"/>): the personal-data check that
/// guards referat text (CPR number → error, e-mail and phone → warning), and a warning for each file whose text
/// cannot be read. The diagnostic names the file; for a PDF its line is the page ("side N" in the message), for
/// a text file the line.</summary>
public static class AttachmentChecks
{
    public static ImmutableArray<Diagnostic> Check(IEnumerable<AttachmentText> texts)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var t in texts)
        {
            var file = Display.Path(t.SourcePath);
            if (Problem(t, file) is { } problem) diagnostics.Add(problem);
            foreach (var page in t.Pages)
                foreach (var hit in PersonalData.Find(page.Text))
                    diagnostics.Add(PersonalDataHit(t, file, page, hit));
        }
        return diagnostics.ToImmutable();
    }

    private static Diagnostic? Problem(AttachmentText t, string file)
    {
        var (code, message) = t.Problem switch
        {
            TextProblem.Unreadable => (Codes.BilagTextUnreadable, t.IsPdf
                ? "Bilagsfilen kan ikke læses som PDF (den er beskadiget eller ikke en PDF). Den offentliggøres, " +
                  "men dens tekst kan ikke søges. Gem den som PDF igen, eller tjek at det er den rigtige fil."
                : "Bilagsfilen kan ikke læses. Den offentliggøres, men dens tekst kan ikke søges."),
            TextProblem.Encrypted => (Codes.BilagTextEncrypted,
                "PDF-filen er krypteret (beskyttet med adgangskode), så dens tekst kan ikke læses eller søges. " +
                "Gem den uden adgangskode, hvis den må være offentlig."),
            TextProblem.NoText => (Codes.BilagTextNone, t.IsPdf
                ? "PDF-filen har ingen tekst (fx en scannet side, kun billeder), så den kan ikke findes ved " +
                  "søgning. Kør tekstgenkendelse (OCR) på den, og gem den igen."
                : "Tekstfilen er tom."),
            TextProblem.Truncated => (Codes.BilagTextTruncated,
                $"Kun begyndelsen af bilagets tekst kan søges: grænsen på {t.Detail} blev nået."),
            TextProblem.TooLarge => (Codes.BilagTextTooLarge,
                $"Bilagsfilen er større end {t.Detail}, så dens tekst læses ikke og kan ikke søges. " +
                "Filen offentliggøres som altid."),
            _ => ((string?)null, ""),
        };
        return code is null ? null : new Diagnostic(code, Severity.Warning, file, 1, 1, message);
    }

    private static Diagnostic PersonalDataHit(AttachmentText t, string file, TextPage page, PersonalDataHit hit)
    {
        // A PDF's page is its line; a text file's line is counted.
        var line = t.IsPdf ? page.Nr : 1 + page.Text.AsSpan(0, hit.Index).Count('\n');
        var lineStart = t.IsPdf ? 0 : page.Text.LastIndexOf('\n', Math.Max(0, hit.Index - 1)) + 1;
        var column = t.IsPdf ? 1 : hit.Index - lineStart + 1;
        var where = t.IsPdf ? $"Bilagsfilen indeholder på side {page.Nr}" : "Bilagsfilen indeholder";
        return hit.Kind switch
        {
            PersonalDataKind.Cpr => new Diagnostic(Codes.Cpr, Severity.Error, file, line, column,
                $"{where} noget, der ligner et CPR-nummer ('{TextChecks.Mask(hit.Text)}'). CPR-numre må aldrig " +
                "offentliggøres: fjern det fra filen, eller gør bilaget lukket."),
            PersonalDataKind.Email => new Diagnostic(Codes.Email, Severity.Warning, file, line, column,
                $"{where} en e-mailadresse ('{hit.Text}'), som bliver offentliggjort. Fjern den, medmindre den " +
                "skal være offentlig."),
            _ => new Diagnostic(Codes.Phone, Severity.Warning, file, line, column,
                $"{where} noget, der ligner et telefonnummer ('{hit.Text}'), som bliver offentliggjort. Fjern det, " +
                "medmindre det skal være offentligt."),
        };
    }
}

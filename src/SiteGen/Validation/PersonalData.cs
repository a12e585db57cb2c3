using System.Text.RegularExpressions;

namespace SiteGen.Validation;

public enum PersonalDataKind { Cpr, Email, Phone }

public sealed record PersonalDataHit(PersonalDataKind Kind, int Index, string Text);

/// <summary>Finds CPR numbers, e-mail addresses and Danish phone numbers in text that will be published.
/// Tuned to leave document numbers (108223/24), case numbers (24/7615), years, dates and times alone.</summary>
public static partial class PersonalData
{
    // ddmmyy-nnnn, or ten digits in a row; not part of a longer number or a slash/dot-separated number.
    [GeneratedRegex(@"(?<![\d/.,-])(\d{2})(\d{2})(\d{2})(-?)(\d{4})(?![\d/,]|[.,]\d|-\d)")]
    private static partial Regex CprPattern();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    // 8 digits starting 2–9 (Danish numbers do), optionally +45 / 0045, grouped 2-2-2-2 or 4-4 or not at all.
    [GeneratedRegex(@"(?<![\d/.,:\-+])(?:(?:\+|00)45[ \u00A0]?)?([2-9]\d(?:[ \u00A0]?\d{2}){3}|[2-9]\d{3}[ \u00A0]\d{4})(?![\d/]|[.,:\-]\d)")]
    private static partial Regex PhonePattern();

    public static IEnumerable<PersonalDataHit> Find(string text)
    {
        var cprSpans = new List<(int Start, int End)>();
        foreach (Match m in CprPattern().Matches(text))
        {
            if (!IsDate(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)) continue;
            cprSpans.Add((m.Index, m.Index + m.Length));
            yield return new PersonalDataHit(PersonalDataKind.Cpr, m.Index, m.Value);
        }
        foreach (Match m in EmailPattern().Matches(text))
            yield return new PersonalDataHit(PersonalDataKind.Email, m.Index, m.Value);
        foreach (Match m in PhonePattern().Matches(text))
        {
            if (cprSpans.Any(s => m.Index < s.End && m.Index + m.Length > s.Start)) continue;
            var digits = new string(m.Groups[1].Value.Where(char.IsAsciiDigit).ToArray());
            if (LooksLikeYears(m.Groups[1].Value)) continue;
            if (digits.Length == 8 && !m.Value.Contains(' ') && !m.Value.Contains('+') && IsCompactDate(digits)) continue;
            yield return new PersonalDataHit(PersonalDataKind.Phone, m.Index, m.Value);
        }
    }

    private static bool IsDate(string dd, string mm, string yy)
    {
        var d = int.Parse(dd); var mo = int.Parse(mm); var y = 2000 + int.Parse(yy);
        return mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo);
    }

    // "2023 2024" is two years, not a phone number.
    private static bool LooksLikeYears(string s)
    {
        var parts = s.Split([' ', '\u00A0']);
        return parts.Length == 2 && parts.All(p => p.Length == 4 && (p.StartsWith("19", StringComparison.Ordinal) || p.StartsWith("20", StringComparison.Ordinal)));
    }

    // 20241113 (yyyymmdd) is a date.
    private static bool IsCompactDate(string d) =>
        d.StartsWith("20", StringComparison.Ordinal) && int.Parse(d[4..6]) is >= 1 and <= 12 && int.Parse(d[6..8]) is >= 1 and <= 31;
}

using System.Buffers;
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

    // NonBacktracking: linear time even on a long line of "a.a.a.a…" (no lookarounds needed here).
    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}",
        RegexOptions.NonBacktracking)]
    private static partial Regex EmailPattern();

    // 8 digits starting 2–9 (Danish numbers do), optionally +45 / 0045, grouped 2-2-2-2 or 4-4 or not at all.
    [GeneratedRegex(@"(?<![\d/.,:\-+])(?:(?:\+|00)45[ \u00A0]?)?" +
        @"([2-9]\d(?:[ \u00A0]?\d{2}){3}|[2-9]\d{3}[ \u00A0]\d{4})(?![\d/]|[.,:\-]\d)")]
    private static partial Regex PhonePattern();

    [Flags]
    private enum Kinds { None = 0, Cpr = 1, Email = 2, Phone = 4, All = Cpr | Email | Phone }

    public static IEnumerable<PersonalDataHit> Find(string text)
    {
        // Most texts have no long number and no '@': one pass over the characters instead of three regex scans.
        var kinds = Candidates(text);
        return kinds == Kinds.None ? [] : Find(text, kinds);
    }

    /// <summary>The same search with every pattern run, whatever the text (tests compare the two).</summary>
    internal static IEnumerable<PersonalDataHit> FindWithoutPrefilter(string text) => Find(text, Kinds.All);

    /// <summary>Which patterns can match anywhere in <paramref name="text"/>. Each condition is implied by its
    /// pattern, so a pattern that is skipped has no match (checks never get weaker):
    /// CPR needs ten digits in a row, or six digits, '-', four digits; an e-mail address needs '@';
    /// a phone number needs eight digits with nothing but spaces or no-break spaces between them.
    /// Digits are what the patterns' <c>\d</c> means: any Unicode decimal digit (<see
    /// cref="char.IsDigit(char)"/>).</summary>
    private static Kinds Candidates(string text)
    {
        var s = text.AsSpan();
        // Every decimal digit beyond 0–9 is at U+0660 or above: without such characters the ASCII search does.
        var digitOrAt = s.ContainsAnyInRange('\u0660', char.MaxValue) ? DigitOrAt : AsciiDigitOrAt;
        var kinds = Kinds.None;
        var afterCprDate = false;  // the next run follows "dddddd-" directly
        var phoneDigits = 0;       // digits since the last character that is neither a digit nor a (no-break) space
        var i = 0;
        while (kinds != Kinds.All)
        {
            // Jump to the next digit or '@' (vectorized: most of a text is neither).
            var next = s[i..].IndexOfAny(digitOrAt);
            if (next < 0) break;
            if (next > 0 && phoneDigits > 0 && s.Slice(i, next).ContainsAnyExcept(' ', '\u00A0')) phoneDigits = 0;
            if (next != 1) afterCprDate = false;
            i += next;
            if (s[i] == '@')
            {
                kinds |= Kinds.Email;
                afterCprDate = false;
                phoneDigits = 0;
                i++;
                continue;
            }
            var start = i;
            while (i < s.Length && char.IsDigit(s[i])) i++;
            var run = i - start;
            if (run >= 10 || (afterCprDate && run >= 4)) kinds |= Kinds.Cpr;
            phoneDigits += run;
            if (phoneDigits >= 8) kinds |= Kinds.Phone;
            afterCprDate = run >= 6 && i < s.Length && s[i] == '-';
        }
        return kinds;
    }

    private static readonly SearchValues<char> AsciiDigitOrAt = SearchValues.Create("0123456789@");

    /// <summary>Every character that <c>\d</c> matches, and '@'.</summary>
    private static readonly SearchValues<char> DigitOrAt = SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(c => c == '@' || char.IsDigit(c)).ToArray());

    private static IEnumerable<PersonalDataHit> Find(string text, Kinds kinds)
    {
        List<(int Start, int End)>? cprSpans = null;
        if ((kinds & Kinds.Cpr) != 0)
        {
            foreach (Match m in CprPattern().Matches(text))
            {
                if (!IsDate(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)) continue;
                (cprSpans ??= []).Add((m.Index, m.Index + m.Length));
                yield return new PersonalDataHit(PersonalDataKind.Cpr, m.Index, m.Value);
            }
        }
        if ((kinds & Kinds.Email) != 0)
            foreach (Match m in EmailPattern().Matches(text))
                yield return new PersonalDataHit(PersonalDataKind.Email, m.Index, m.Value);
        if ((kinds & Kinds.Phone) != 0)
        {
            foreach (Match m in PhonePattern().Matches(text))
            {
                if (cprSpans is not null && Overlaps(cprSpans, m.Index, m.Index + m.Length)) continue;
                var number = m.Groups[1].ValueSpan;
                if (LooksLikeYears(number)) continue;
                if (!m.ValueSpan.ContainsAny(' ', '+') && IsCompactDate(number)) continue;
                yield return new PersonalDataHit(PersonalDataKind.Phone, m.Index, m.Value);
            }
        }
    }

    private static bool Overlaps(List<(int Start, int End)> spans, int start, int end)
    {
        foreach (var s in spans)
            if (start < s.End && end > s.Start) return true;
        return false;
    }

    // By digit value: \d also matches other decimal digits (Arabic-Indic "٠١…"), which int.Parse refuses; such a
    // number is judged like its 0–9 twin instead of failing the file with an internal error.
    private static bool IsDate(string dd, string mm, string yy)
    {
        var d = Value(dd); var mo = Value(mm); var y = 2000 + Value(yy);
        return mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo);

        static int Value(string digits)
        {
            var n = 0;
            foreach (var c in digits) n = n * 10 + (int)char.GetNumericValue(c);
            return n;
        }
    }

    // "2023 2024" is two years, not a phone number.
    private static bool LooksLikeYears(ReadOnlySpan<char> s)
    {
        var gap = s.IndexOfAny(' ', '\u00A0');
        return gap == 4 && s.Length == 9 && IsYear(s[..4]) && IsYear(s[5..]);

        static bool IsYear(ReadOnlySpan<char> p) => p.StartsWith("19") || p.StartsWith("20");
    }

    // 20241113 (yyyymmdd) is a date: its digits 0–9 (other digits and no-break spaces left out) are eight,
    // with a month and a day where they belong.
    private static bool IsCompactDate(ReadOnlySpan<char> number)
    {
        Span<char> d = stackalloc char[8];
        var n = 0;
        foreach (var c in number)
        {
            if (!char.IsAsciiDigit(c)) continue;
            if (n == 8) return false;
            d[n++] = c;
        }
        if (n != 8) return false;
        var month = (d[4] - '0') * 10 + (d[5] - '0');
        var day = (d[6] - '0') * 10 + (d[7] - '0');
        return d.StartsWith("20") && month is >= 1 and <= 12 && day is >= 1 and <= 31;
    }
}

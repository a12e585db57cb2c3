using System.Globalization;
using System.Text.RegularExpressions;

namespace SiteGen.Import;

/// <summary>How certainly a status word was read: "Åben"/"Lukket" exactly, or something close to one of them
/// (a conversion error such as "Åb3n" or "Lukke"), which the importer never trusts.</summary>
public enum StatusReading { Aaben, Lukket, Uncertain }

/// <summary>Small text helpers shared by the recogniser: a line's plain words without Markdown/HTML decoration,
/// Danish dates and times, status words and the edit distance used for near misses.</summary>
public static partial class ExportWords
{
    private static readonly string[] Months =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
            "december"];

    /// <summary>The line without heading marks, emphasis, HTML tags, a trailing colon and surrounding
    /// whitespace: "#### **Beslutning i Direktionen den 13-11-2024**" → "Beslutning i Direktionen den 13-11-2024".
    /// </summary>
    public static string Plain(string line) => Plain(line, keepColon: false);

    public static string Plain(string line, bool keepColon)
    {
        var s = Tags().Replace(line, " ");
        s = s.Replace('\t', ' ').Trim();
        s = HeadingMarks().Replace(s, "");
        s = s.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal).Trim();
        if (s.Length > 2 && s[0] == '*' && s[^1] == '*') s = s[1..^1].Trim();
        s = Spaces().Replace(s, " ");
        return keepColon ? s.Trim() : s.TrimEnd(':', ' ').Trim();
    }

    /// <summary>A page-number line: "12", "Side 3", "Side 3 af 12", "3/12", "- 3 -".</summary>
    public static bool IsPageNumber(string text) => PageNumber().IsMatch(text.Trim());

    public static bool IsMarkdownHeading(string line) => HeadingMarks().IsMatch(line.TrimStart());

    /// <summary>"Onsdag den 6. september 2023", "6. sep. 2023", "06-09-2023", "6/9 2023", "2023-09-06".</summary>
    public static DateOnly? Date(string text)
    {
        var m = LongDate().Match(text);
        if (m.Success)
        {
            var word = m.Groups[2].Value.ToLowerInvariant().TrimEnd('.');
            var month = Array.FindIndex(Months, x => word.Length >= 3 && x.StartsWith(word, StringComparison.Ordinal));
            if (month >= 0 && Make(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), month + 1,
                    int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)) is { } d) return d;
        }
        m = IsoDate().Match(text);
        if (m.Success) return Make(Int(m, 1), Int(m, 2), Int(m, 3));
        m = NumericDate().Match(text);
        if (m.Success) return Make(Int(m, 3), Int(m, 2), Int(m, 1));
        return null;
    }

    /// <summary>The weekday named in <paramref name="text"/> (Danish), or null.</summary>
    public static DayOfWeek? Weekday(string text)
    {
        string[] days = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];
        var lower = text.ToLowerInvariant();
        for (var i = 0; i < days.Length; i++)
            if (Regex.IsMatch(lower, $@"\b{days[i]}\b")) return (DayOfWeek)i;
        return null;
    }

    /// <summary>"9:00", "9.00", "kl. 09:00", "9" → 09:00; the n-th time in the text.</summary>
    public static TimeOnly? Time(string text, int index = 0)
    {
        var matches = TimeOfDay().Matches(text);
        if (matches.Count <= index) return null;
        var m = matches[index];
        var h = Int(m, 1);
        var min = m.Groups[2].Success ? Int(m, 2) : 0;
        return h is >= 0 and <= 23 && min is >= 0 and <= 59 ? new TimeOnly(h, min) : null;
    }

    /// <summary>A status word: exactly åben/åbent/lukket (any case), close to one of them (uncertain), or not a
    /// status word at all (null).</summary>
    public static StatusReading? Status(string word)
    {
        var w = word.Trim().TrimEnd('.', ':', ',').ToLowerInvariant();
        // "Aaben" is the Danish spelling without "å" (older systems, plain-ASCII exports), not a misreading.
        if (w is "åben" or "åbent" or "åbne" or "aaben" or "aabent") return StatusReading.Aaben;
        if (w is "lukket" or "lukkede") return StatusReading.Lukket;
        if (w.Length is < 3 or > 9) return null;
        if (Distance(w, "åben") <= 2 || Distance(w, "åbent") <= 2 || Distance(w, "lukket") <= 2)
            return StatusReading.Uncertain;
        return null;
    }

    /// <summary>Levenshtein distance, as the validator's "did you mean" uses it.</summary>
    public static int Distance(string a, string b) => Validation.Suggest.Distance(a, b);

    /// <summary>Text for a report line: at most 70 characters, one line.</summary>
    public static string Quote(string text)
    {
        var s = Spaces().Replace(text.Replace('\t', ' '), " ").Trim();
        return "“" + (s.Length > 70 ? s[..67] + "…" : s) + "”";
    }

    private static DateOnly? Make(int year, int month, int day) =>
        year is >= 1900 and <= 2200 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    private static int Int(Match m, int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"</?[A-Za-z][^<>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"^#{1,6}\s*")]
    private static partial Regex HeadingMarks();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(?:-\s*)?(?:[Ss]ide\s+)?\d{1,4}(?:\s*(?:af|/)\s*\d{1,4})?(?:\s*-)?$")]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"\b(\d{1,2})\.\s*([A-Za-zæøåÆØÅ]{3,9}\.?)\s+(\d{4})\b")]
    private static partial Regex LongDate();

    [GeneratedRegex(@"\b(\d{4})-(\d{2})-(\d{2})\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(\d{1,2})[-./](\d{1,2})[-./ ](\d{4})\b")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b([01]?\d|2[0-3])(?:[:.]([0-5]\d))\b")]
    private static partial Regex TimeOfDay();
}

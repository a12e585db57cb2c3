using System.Globalization;
using System.Text.RegularExpressions;
using SiteGen.Content;
using SiteGen.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace SiteGen.Validation;

/// <summary>What a secretary most likely meant by a value written the way one writes it in a letter: a time
/// "kl. 9.30", a date "6. september 2023", a status "aaben". Only used to say what to write instead: the value
/// itself stays an error (a status in particular is never guessed).</summary>
internal static partial class Slips
{
    [GeneratedRegex(@"^(?:kl\.?\s*)?(\d{1,2})(?:\s*[.:,]\s*(\d{2}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex TimeLike();

    [GeneratedRegex(@"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})$")]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"^(\d{4})-(\d{1,2})-(\d{1,2})$")]
    private static partial Regex ShortIso();

    [GeneratedRegex(@"^(\d{1,2})\.?\s*([a-zæøå]+)\.?\s*(\d{4})$", RegexOptions.IgnoreCase)]
    private static partial Regex DayNameYear();

    private static readonly string[] Months =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
            "december"];

    /// <summary>"09:00" for <c>9.00</c>, <c>9:00</c>, <c>kl. 9</c>, <c>kl 9.30</c>, <c>09.00</c>; null when it is
    /// no time.</summary>
    public static string? Time(string value)
    {
        var m = TimeLike().Match(value.Trim());
        if (!m.Success) return null;
        var hours = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var minutes = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        return hours <= 23 && minutes <= 59 ? $"{hours:00}:{minutes:00}" : null;
    }

    /// <summary>"2023-09-06" for <c>6/9-2023</c>, <c>6-9-2023</c>, <c>6.9.2023</c>, <c>6. september 2023</c>,
    /// <c>2023-9-6</c>; null when it is no real date.</summary>
    public static string? Date(string value)
    {
        var v = value.Trim();
        int day, month, year;
        if (DayMonthYear().Match(v) is { Success: true } a)
            (day, month, year) = (Int(a.Groups[1]), Int(a.Groups[2]), Int(a.Groups[3]));
        else if (ShortIso().Match(v) is { Success: true } b)
            (year, month, day) = (Int(b.Groups[1]), Int(b.Groups[2]), Int(b.Groups[3]));
        else if (DayNameYear().Match(v) is { Success: true } c && MonthOf(c.Groups[2].Value) is { } named)
            (day, month, year) = (Int(c.Groups[1]), named, Int(c.Groups[3]));
        else return null;
        return year is >= 1900 and <= 2999 && month is >= 1 and <= 12 && day >= 1
            && day <= DateTime.DaysInMonth(year, month)
            ? $"{year:0000}-{month:00}-{day:00}" : null;
    }

    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    /// <summary>A Danish month name or its common short form (sep, sept, okt …).</summary>
    private static int? MonthOf(string name)
    {
        var n = name.ToLowerInvariant();
        if (n.Length < 3) return null;
        for (var i = 0; i < Months.Length; i++)
            if (Months[i].StartsWith(n, StringComparison.Ordinal) || (n == "sept" && i == 8)) return i + 1;
        return null;
    }

    /// <summary>The valid status a misspelt one most likely stands for (<c>aaben</c>, <c>aben</c>, <c>åbent</c>,
    /// <c>open</c> → åben; <c>lukket.</c>, <c>lukke</c>, <c>closed</c> → lukket), or null.</summary>
    public static string? Status(string value)
    {
        var letters = new string(value.Where(char.IsLetter).ToArray()).ToLowerInvariant().Replace("aa", "å",
            StringComparison.Ordinal);
        if (letters.Length == 0) return null;
        if (letters is "open" or "opened" or "public" or "offentlig" or "åbn" or "åbne" or "åbent") return "åben";
        if (letters is "closed" or "close" or "lukt" or "luk" or "lukke" or "lukkede" or "fortrolig") return "lukket";
        var toAaben = Suggest.Distance(letters, "åben");
        var toLukket = Suggest.Distance(letters, "lukket");
        if (toAaben <= 2 && toAaben < toLukket) return "åben";
        if (toLukket <= 2 && toLukket < toAaben) return "lukket";
        return null;
    }

    /// <summary>The placeholders <c>sitegen new</c> writes (Scaffold.Placeholders) are errors until replaced: in any
    /// value of the front matter and in any item heading.</summary>
    public static void CheckPlaceholders(YamlNode? root, RawBody body, Report r)
    {
        if (root is not null)
            foreach (var node in root.AllNodes)
                if (node is YamlScalarNode { Value: { } v } && Placeholder(v) is { } p) Report(r, r.At(node), p);
        foreach (var item in body.Items)
            if (Placeholder(item.Heading) is { } p) Report(r, r.AtOffset(item.TitleOffset), p);
    }

    private static (string Text, string Meaning)? Placeholder(string text)
    {
        foreach (var p in Scaffold.Placeholders)
            if (text.Contains(p.Text, StringComparison.Ordinal)) return p;
        return null;
    }

    private static void Report(Report r, Pos at, (string Text, string Meaning) p) =>
        r.Error(Codes.Placeholder, at, $"Her står stadig pladsholderen '{p.Text}' fra 'sitegen new'. Skriv " +
            $"{p.Meaning} i stedet, før referatet kan offentliggøres.");
}

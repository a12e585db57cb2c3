using System.Globalization;

namespace SiteGen.Common;

/// <summary>Counts in Danish with the right form: "1 fejl", "2 fejl", "1 advarsel", "2 advarsler".</summary>
public static class Antal
{
    public static string Af(int n, string one, string many) =>
        $"{n.ToString(CultureInfo.InvariantCulture)} {(n == 1 ? one : many)}";

    public static string Fejl(int n) => Af(n, "fejl", "fejl");

    public static string Advarsler(int n) => Af(n, "advarsel", "advarsler");

    public static string Referater(int n) => Af(n, "referat", "referater");

    /// <summary>A decimal number as Danes write it (comma): "1,5".</summary>
    public static string Tal(double value, string format) => value.ToString(format, Danish.Culture);
}

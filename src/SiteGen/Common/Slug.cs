using System.Text;

namespace SiteGen.Common;

public static class Slug
{
    /// <summary>Spec §1: lower-case, æ→ae, ø→oe, å→aa, other runs of non-letters/digits → '-',
    /// trimmed.</summary>
    public static string From(string name)
    {
        var sb = new StringBuilder(name.Length);
        var dash = false;
        foreach (var ch in name.ToLowerInvariant())
        {
            string? part = ch switch
            {
                'æ' => "ae",
                'ø' => "oe",
                'å' => "aa",
                _ when ch is >= 'a' and <= 'z' or >= '0' and <= '9' => ch.ToString(),
                _ => null,
            };
            if (part is null) { dash = true; continue; }
            if (dash && sb.Length > 0) sb.Append('-');
            dash = false;
            sb.Append(part);
        }
        return sb.ToString();
    }
}

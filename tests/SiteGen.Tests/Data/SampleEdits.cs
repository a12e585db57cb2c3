namespace SiteGen.Tests.Data;

/// <summary>Edits of the sample referater that the cache tests make: a sentence in a decision, the first item
/// closed.</summary>
public static class SampleEdits
{
    private const string Decision = "### Beslutning";

    /// <summary>The first referat of <paramref name="year"/> in <paramref name="input"/>.</summary>
    public static string Referat(string input, int year) =>
        Directory.GetFiles(Path.Combine(input, "referater", $"{year}"))[0];

    /// <summary>Puts <paramref name="sentence"/> in the first decision of <paramref name="file"/> (item 1's).
    /// </summary>
    public static void InDecision(string file, string sentence)
    {
        var text = File.ReadAllText(file);
        var at = text.IndexOf(Decision, StringComparison.Ordinal) + Decision.Length;
        File.WriteAllText(file, text.Insert(at, $"\n\n{sentence}\n"));
    }

    /// <summary>Closes the first item of <paramref name="file"/>'s front matter (item 1).</summary>
    public static void CloseFirstItem(string file)
    {
        var text = File.ReadAllText(file);
        var status = text.IndexOf("status: åben", StringComparison.Ordinal);
        File.WriteAllText(file, text[..status] + "status: lukket" + text[(status + "status: åben".Length)..]);
    }
}

using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Validation;

namespace SiteGen.Tests.Publishing;

/// <summary>The sections' text lives in a store outside the model (<see cref="SiteGen.Common.TextStore"/>), yet a
/// meeting's unit key (what an incremental build decides to keep by) still covers its content: an edit of one
/// section's text gives a new key, and the same text gives the same key whichever store or run it came from. With the
/// build cache a meeting is named by its check's fingerprint (the stored check holds the text), the same whether the
/// check was made or decoded; without it, by its walked model (the text's content hash).</summary>
public sealed class SectionTextKeyTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("sitegen-textkey-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }

    private static Dictionary<string, string> Keys(ValidationResult validation)
    {
        Assert.False(validation.HasErrors, string.Join("\n", validation.Diagnostics));
        var site = Publisher.Run(validation, today: new DateOnly(2026, 12, 1)).Site;
        return OutputUnits.Plan(site, "context").Meetings.ToDictionary(m => m.Key.Url, m => m.Value.Key);
    }

    [Fact]
    public void An_edit_of_one_sections_text_changes_its_meetings_key_and_equal_text_keeps_it()
    {
        var input = Path.Combine(_work, "input");
        TestPaths.CopyDirectory(TestPaths.SampleInput, input);
        var cache = Path.Combine(_work, "cache");
        var cold = Keys(Validator.Run(input));
        Assert.Equal(3, cold.Count);
        Assert.Equal(cold, Keys(Validator.Run(input))); // another run, another store
        var stored = Keys(Validator.Run(input, null, cache, clean: true));
        var warm = Validator.Run(input, null, cache, clean: false);
        Assert.Equal(3, warm.FilesReused); // the text decoded from checks.bin into the store
        Assert.Equal(stored, Keys(warm));
        // Decoded text walked (hashed when first asked): the key without the cache.
        Assert.Equal(cold, Keys(warm with { Referater = [.. warm.Referater.Select(r => r with { Fingerprint = null })] }));

        var file = Path.Combine(input, "referater", "2024", "2024-11-13-direktionen.md");
        var text = File.ReadAllText(file);
        var at = text.IndexOf("Rul november", StringComparison.Ordinal);
        File.WriteAllText(file, text[..at] + "Rul December" + text[(at + "Rul november".Length)..]);
        var edited = Keys(Validator.Run(input, null, cache, clean: false));
        var meeting = Assert.Single(cold.Keys, url => url.Contains("2024-11-13", StringComparison.Ordinal));
        Assert.NotEqual(stored[meeting], edited[meeting]);
        Assert.NotEqual(cold[meeting], Keys(Validator.Run(input))[meeting]);

        File.WriteAllText(file, text); // back as it was: the key it had
        Assert.Equal(stored, Keys(Validator.Run(input, null, cache, clean: false)));
        Assert.Equal(cold, Keys(Validator.Run(input)));
    }
}

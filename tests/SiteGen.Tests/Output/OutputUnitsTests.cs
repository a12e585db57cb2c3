using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Validation;

namespace SiteGen.Tests.Output;

/// <summary>Unit keys (<see cref="OutputUnits"/>) change exactly where a page could change: a field deep inside a
/// meeting changes its key, its neighbours' (they link it) and its cases' keys, and nothing else. Run without a
/// build cache (each meeting's model walked) and, in <see cref="OutputUnitsFingerprintTests"/>, with one (meetings
/// named by their check's fingerprint).</summary>
public class OutputUnitsTests() : SampleWorkspace("sitegen-units-")
{
    /// <summary>The validation the keys are planned from.</summary>
    protected virtual ValidationResult Validate(string input) => Validator.Run(input);

    /// <summary>Each meeting's key by its date, each case's by its number.</summary>
    private (Dictionary<string, string> Meetings, Dictionary<string, string> Sager) Keys()
    {
        var site = Publisher.Run(Validate(Input)).Site;
        var units = OutputUnits.Plan(site, "context");
        return (site.Meetings.ToDictionary(m => $"{m.Dato:yyyy}", m => units.Meetings[m].Key),
            site.Sager.ToDictionary(s => s.Sagsnr, s => units.Sager[s].Key));
    }

    private void Edit(int year, string from, string to)
    {
        var file = Directory.GetFiles(Path.Combine(Input, "referater", $"{year}"))[0];
        var text = File.ReadAllText(file);
        Assert.Contains(from, text);
        File.WriteAllText(file, text.Replace(from, to));
    }

    [Fact]
    public void Keys_are_the_same_for_the_same_input()
    {
        var (meetings, sager) = Keys();
        Assert.Equal(meetings, Keys().Meetings);
        Assert.Equal(sager, Keys().Sager);
        Assert.Equal(3, meetings.Values.Distinct().Count());
    }

    [Fact]
    public void An_attachment_title_in_an_item_changes_its_meeting_and_the_neighbours_that_link_it()
    {
        var (before, sagerBefore) = Keys();
        // 2024 is the middle meeting of the committee: 2023 links it as newer, 2025 as older.
        Edit(2024, "titel: Norddjurs Kommune organisering af beredskab",
            "titel: Norddjurs Kommune organisering af beredskab (rettet)");
        var (after, sagerAfter) = Keys();
        Assert.NotEqual(before["2024"], after["2024"]);
        Assert.NotEqual(before["2023"], after["2023"]);
        Assert.NotEqual(before["2025"], after["2025"]);
        Assert.Equal(sagerBefore, sagerAfter); // the case is treated only in 2025
    }

    [Fact]
    public void A_nested_change_in_a_cases_item_changes_the_case_key_and_only_where_it_shows()
    {
        var (before, sagerBefore) = Keys();
        Edit(2025, "titel: Udmøntningsplan 2025-2028 - Status på tværg til DIR",
            "titel: Udmøntningsplan 2025-2028 - Status på tværs til DIR");
        var (after, sagerAfter) = Keys();
        Assert.NotEqual(sagerBefore["24/7615"], sagerAfter["24/7615"]);
        Assert.NotEqual(before["2025"], after["2025"]);
        Assert.NotEqual(before["2024"], after["2024"]); // its neighbour
        Assert.Equal(before["2023"], after["2023"]); // not linked to 2025
    }

    [Fact]
    public void A_change_in_a_linked_neighbour_only_changes_the_key_of_the_meeting_that_links_it()
    {
        var (before, sagerBefore) = Keys();
        Edit(2023, "sted: ", "sted: Et andet sted, ");
        var (after, sagerAfter) = Keys();
        Assert.NotEqual(before["2023"], after["2023"]);
        Assert.NotEqual(before["2024"], after["2024"]); // links 2023 as its older meeting
        Assert.Equal(before["2025"], after["2025"]);
        Assert.Equal(sagerBefore, sagerAfter);
    }
}

/// <summary><see cref="OutputUnitsTests"/> with the build cache: every meeting has a fingerprint (its check made
/// and stored on the first run, decoded from the cache on the next), so the keys are assembled from fingerprints.
/// </summary>
public sealed class OutputUnitsFingerprintTests : OutputUnitsTests
{
    protected override ValidationResult Validate(string input)
    {
        var result = Validator.Run(input, null, Cache, clean: false);
        Assert.All(result.Referater, r => Assert.NotNull(r.Fingerprint));
        return result;
    }
}

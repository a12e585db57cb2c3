namespace SiteGen.Tests.Output;

/// <summary>A case (sag) treated at several meetings: its unit key and the keys of the meetings whose items link it
/// are made from each treatment's meeting hash and place (<see cref="SiteGen.Output.OutputUnits.CaseHash"/>), so a
/// change in one meeting must reach the case and the unchanged meetings that show it.</summary>
public sealed partial class BuildCacheTests
{
    /// <summary>Gives item 1 of the 2023 meeting the case number of the 2025 meeting's item 1: one case, two
    /// treatments, at meetings that are not neighbours (the 2024 meeting lies between them), so the 2025 meeting's
    /// key sees the 2023 meeting only through the case.</summary>
    private void ShareOneCase()
    {
        const string item1 = "  - nr: 1\n    status: åben\n";
        var file = Referat(2023);
        var text = File.ReadAllText(file);
        var at = text.IndexOf(item1, StringComparison.Ordinal);
        Assert.True(at >= 0);
        File.WriteAllText(file, text.Insert(at + item1.Length, "    sagsnr: 24/7615\n"));
    }

    [Fact]
    public void An_item_closed_in_one_meeting_of_a_shared_case_leaves_no_trace_in_the_unchanged_meetings_or_the_case()
    {
        ShareOneCase();
        var y2023 = Referat(2023);
        var text = File.ReadAllText(y2023);
        var heading = text.IndexOf("\n## 1. ", StringComparison.Ordinal);
        File.WriteAllText(y2023, text.Insert(heading + "\n## 1. ".Length, "Kvaegsentinel "));
        Build(Output, Cache);
        var same = BuildBothAndCompare();
        Assert.Equal(same.Units, same.UnitsReused);
        AssertTrace();
        var casePage = Path.Combine(Output, "sager", "24-7615", "index.html");
        Assert.Contains("2023-09-06", File.ReadAllText(casePage));

        // Item 1 of 2023 closed: the case loses a treatment, and the 2025 meeting's item, whose check is reused and
        // which is no neighbour of 2023, shows a case that changed: made again, equal to a clean build, no trace of
        // the closed item.
        CloseAndCheck(y2023, text => text.IndexOf("status: åben", StringComparison.Ordinal));
        Assert.DoesNotContain("2023-09-06", File.ReadAllText(casePage));
        var after = BuildBothAndCompare();
        Assert.Equal(after.Units, after.UnitsReused);

        // Opened again: the treatment is back, the same as a clean build.
        File.WriteAllText(y2023, File.ReadAllText(y2023).Replace("status: lukket\n    sagsnr: 24/7615",
            "status: åben\n    sagsnr: 24/7615"));
        var reopened = BuildBothAndCompare();
        Assert.InRange(reopened.UnitsReused, 0, reopened.Units - 3); // the case, 2023, its neighbour, 2025
        Assert.Contains("2023-09-06", File.ReadAllText(casePage));
        AssertTrace();
    }

    [Fact]
    public void A_title_changed_in_one_meeting_of_a_shared_case_changes_the_case_and_the_meetings_that_link_it()
    {
        ShareOneCase();
        Build(Output, Cache);
        BuildBothAndCompare();
        var y2023 = Referat(2023);
        var text = File.ReadAllText(y2023);
        var heading = text.IndexOf("\n## 1. ", StringComparison.Ordinal);
        Assert.True(heading >= 0);
        File.WriteAllText(y2023, text.Insert(heading + "\n## 1. ".Length, "Rettet: "));
        var edited = BuildBothAndCompare();
        Assert.InRange(edited.UnitsReused, 1, edited.Units - 3); // 2023, its neighbour, the case
        Assert.Contains("Rettet: ", File.ReadAllText(Path.Combine(Output, "sager", "24-7615", "index.html")));
    }
}

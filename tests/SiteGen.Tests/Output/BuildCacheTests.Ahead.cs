using System.Text.RegularExpressions;
using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary>The render's setup and overview models are made ahead, beside the reuse stage, once the put-aside folder
/// is checked (<see cref="SiteGen.Rendering.PageRenderer.PlanAhead"/>). Whatever the reuse stage finds (a folder to
/// take, a record cut short or forged, none), and whatever changed (templates, site.yml, an item closed), the render
/// uses the models of this build's input, and the output is the clean build's.</summary>
public sealed partial class BuildCacheTests
{
    private string Record => Path.Combine(Cache, StaleBuffer.RecordFile);

    [Fact]
    public void With_the_put_aside_record_cut_short_or_forged_a_template_and_site_change_give_the_clean_build()
    {
        Build(Output, Cache);
        BuildBothAndCompare();
        BuildBothAndCompare(); // a folder is put aside now, with its record

        // The record cut short: no folder is taken (the check finds nothing), the render is still planned ahead.
        var record = File.ReadAllBytes(Record);
        File.WriteAllBytes(Record, record[..(record.Length / 2)]);
        var moede = Path.Combine(Input, "templates", "moede.sbn-html");
        File.WriteAllText(moede, File.ReadAllText(moede) + "\n<!-- ændret skabelon -->\n");
        Assert.Equal(0, BuildBothAndCompare().UnitsInPlace);
        Assert.Contains("ændret skabelon", File.ReadAllText(Directory.GetFiles(Path.Combine(Output, "direktionen",
            "2024-11-13"), "index.html")[0]));

        // The record forged (one byte changed): not trusted; site.yml changed, on every overview page.
        BuildBothAndCompare();
        record = File.ReadAllBytes(Record);
        record[record.Length / 3] ^= 0x01;
        File.WriteAllBytes(Record, record);
        var site = Path.Combine(Input, "site.yml");
        File.WriteAllText(site, Regex.Replace(File.ReadAllText(site), "(?m)^(titel: *)(.*)$", "$1$2 (ny)"));
        Assert.Equal(0, BuildBothAndCompare().UnitsInPlace);
        Assert.Contains("(ny)", File.ReadAllText(Path.Combine(Output, "index.html")));
        Assert.Contains("(ny)", File.ReadAllText(Path.Combine(Output, "aar", "2024", "index.html")));

        // The record gone.
        File.Delete(Record);
        BuildBothAndCompare();
    }

    [Fact]
    public void An_item_closed_while_the_put_aside_folder_is_taken_leaves_no_trace_in_any_file()
    {
        var file = Referat(2023);
        PlantSentinel(file);
        BuildBothAndCompare();
        BuildBothAndCompare(); // the sentinel is in the output and in the folder put aside
        AssertTrace();
        CloseAndCheck(file, text => text.IndexOf("status: åben", StringComparison.Ordinal));
        Assert.True(BuildBothAndCompare().UnitsInPlace > 0);
        AssertNoTrace();
    }
}

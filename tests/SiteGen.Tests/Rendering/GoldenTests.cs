namespace SiteGen.Tests.Rendering;

public sealed class SmallSite() : IDisposable
{
    public BuiltSite Site { get; } = new("site-small");
    public void Dispose() => Site.Dispose();
}

/// <summary>The &lt;main&gt; of a meeting page and an item page of Fixtures/site-small, compared with
/// reviewed files in Rendering/Golden. After an intended change, regenerate them with
/// <c>SITEGEN_UPDATE_GOLDEN=1 dotnet test --filter GoldenTests</c> and review the diff.</summary>
public sealed class GoldenTests(SmallSite fixture) : IClassFixture<SmallSite>
{
    private static readonly string GoldenDir = Path.Combine(Repo.Root, "tests", "SiteGen.Tests", "Rendering", "Golden");

    [Theory]
    [InlineData("direktionen/2024-11-13/index.html", "moede.html")]
    [InlineData("direktionen/2024-11-13/punkt-2/index.html", "punkt.html")]
    public void Main_element_matches_the_golden_file(string page, string golden)
    {
        Assert.True(fixture.Site.Result.Succeeded, string.Join("\n", fixture.Site.Result.Diagnostics));
        var actual = fixture.Site.Page(page).QuerySelector("main")!.OuterHtml.Replace("\r\n", "\n") + "\n";
        var path = Path.Combine(GoldenDir, golden);
        if (Environment.GetEnvironmentVariable("SITEGEN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"{path} is missing; run with SITEGEN_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
    }
}

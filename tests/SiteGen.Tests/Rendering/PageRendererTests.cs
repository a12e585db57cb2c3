namespace SiteGen.Tests.Rendering;

public sealed class PageRendererTests : IDisposable
{
    private readonly RenderFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Smoke()
    {
        var (diags, writer) = _f.Render(_f.SampleSite());
        Assert.Empty(diags);
        foreach (var f in writer.Files.Order()) Console.WriteLine(f);
        Console.WriteLine(_f.Read("direktionen/2024-11-13/index.html"));
    }
}

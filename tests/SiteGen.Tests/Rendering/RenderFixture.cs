using System.Collections.Immutable;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using SiteGen.Content;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Rendering;
using SiteGen.Validation;
using static SiteGen.Tests.Publishing.SampleSource;
using SiteGen.Diagnostics;

namespace SiteGen.Tests.Rendering;

public static class Repo
{
    /// <summary>The folder holding SiteGen.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Templates => Path.Combine(Root, "input", "templates");
    public static string Assets => Path.Combine(Root, "input", "assets");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "SiteGen.sln"))) return d.FullName;
        throw new InvalidOperationException("SiteGen.sln not found above " + AppContext.BaseDirectory);
    }

    public static void CopyDir(string from, string to)
    {
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target, overwrite: true);
        }
    }

    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);
}

/// <summary>Renders a small site built in code with the repository's real templates into a temp folder.</summary>
public sealed class RenderFixture : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("sitegen-render-").FullName;
    public string Out => Path.Combine(Dir, "out");

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    public PublicSite SampleSite()
    {
        var bilagDir = Directory.CreateDirectory(Path.Combine(Dir, "src-bilag")).FullName;
        var pdf = Path.Combine(bilagDir, "Organisering af beredskab.pdf");
        File.WriteAllBytes(pdf, new byte[245_000]);
        var (dir, oek, kultur) = (U("Direktionen"), U("Økonomiudvalget", "Udvalget for kommunens økonomi"), U("Kultur- og Fritidsudvalget"));
        var section = S("Sagsfremstilling", "Rul november: ØK d. 12/11 2024\n\n#### Møder\n\n- Gruppeformandsmøde\n- Økonomiudvalgsmøde\n\n| Post | Beløb |\n|:--|--:|\n| Drift | 1.000 |\n");
        return Publisher.Publish(Config(dir, oek, kultur), [
            Referat(dir, new(2024, 11, 13), [
                Open(1, "Beslutningsprotokoller og dagsordener") with { Sektioner = [section, S("Indstilling", "Det indstilles, at dagsordenerne gennemgås."), S("Beslutning", "Punkterne blev behandlet.")] },
                Closed(2, "Personalesag", "Direktionen godkendte indstillingen."),
                Open(3, "Punkter til behandling", OpenBilag(1, "Norddjurs Kommune organisering af beredskab", pdf), ClosedBilag(2), OpenBilag(3, "Notat uden fil", null, "91141/23")),
                Closed(4),
            ], rettelser: [new Rettelse(new(2024, 11, 20), "Punkt 3: beløbet er rettet fra 10.000 til 1.000 kr.")]),
            Referat(dir, new(2023, 9, 6), [Open(1, "Økonomi")]),
            Referat(oek, new(2024, 12, 3), [Open(1, "Budgetopfølgning") with { Sektioner = [S("Sagsfremstilling", "Budgettet følges op.")] }], ReferatType.Dagsorden),
        ]);
    }

    public (ImmutableArray<Diagnostic> Diagnostics, SiteWriter Writer) Render(PublicSite site, string? templates = null, string? assets = null)
    {
        var writer = new SiteWriter(Out);
        return (PageRenderer.Render(site, templates ?? Repo.Templates, assets ?? Repo.Assets, writer), writer);
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Out, relative));

    public IHtmlDocument Page(string relative) => Repo.Parse(Read(relative));
}

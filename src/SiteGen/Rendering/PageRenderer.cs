using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Diagnostics;

namespace SiteGen.Rendering;

public static class PageRenderer
{
    /// <summary>Page templates every build needs (besides layout.sbn-html and the partials they include).</summary>
    public static readonly ImmutableArray<string> PageTemplates = ["index", "aar", "udvalg", "moede", "punkt", "om", "404", "soeg"];

    public const string Stylesheet = "site.css";

    /// <summary>Renders every HTML page of <paramref name="site"/> with the Scriban templates in
    /// <paramref name="templatesDir"/>, copies <paramref name="assetsDir"/> and open attachment files.
    /// Template problems come back as diagnostics naming the template file and line.</summary>
    /// <param name="meetingPagesWritten">When given, every meeting page is written first and this is called (once,
    /// and only when they all rendered) before the item pages are made: the build starts the search index over the
    /// meeting pages then, so indexing overlaps the rest of the work.</param>
    public static ImmutableArray<Diagnostic> Render(PublicSite site, string templatesDir, string assetsDir, SiteWriter writer,
        Action? meetingPagesWritten = null)
    {
        var (templates, problems) = TemplateSet.Load(templatesDir, PageTemplates);
        var (assets, assetProblems) = PlanAssets(assetsDir);
        if (templates is null || assetProblems.Length > 0) return problems.AddRange(assetProblems);

        var css = "/" + assets[Stylesheet].File;
        var assetUrls = assets.ToImmutableDictionary(kv => kv.Key, kv => "/" + kv.Value.File);
        var failures = new ConcurrentDictionary<string, Diagnostic>(StringComparer.Ordinal);
        void RenderPage(Page page, StringBuilder buffer)
        {
            if (templates.Render(page.Template, page.Model, page.Side, buffer) is { } problem)
                failures.TryAdd(problem.ToString(), problem); // one per template spot, not per page
            else writer.WriteText(page.Path, buffer);
        }
        // Each worker renders its share of the items' pages into one buffer of its own.
        void RenderEach<T>(IEnumerable<T> items, ParallelOptions options, Func<T, IEnumerable<Page>> pages) =>
            Parallel.ForEach(items, options, NewBuffer, (item, _, buffer) =>
            {
                foreach (var page in pages(item)) RenderPage(page, buffer);
                return buffer;
            }, _ => { });
        var allCores = new ParallelOptions();
        if (meetingPagesWritten is null)
        {
            var (overview, meetingPages) = Pages.Plan(site, css, assetUrls);
            RenderEach(overview, allCores, page => [page]);
            // Meeting by meeting, on all cores: a meeting's page models (with its sections' HTML) are made, rendered
            // and written, and are garbage before the next ones, so memory does not grow with the archive.
            RenderEach(site.Meetings, allCores, meetingPages);
        }
        else
        {
            // Meeting pages first, then the item pages: their sections' Markdown is made into HTML a second time
            // (cheap), instead of keeping every meeting's HTML in memory between the two rounds.
            var (overview, meetingPage, itemPages) = Pages.PlanInTwo(site, css, assetUrls);
            RenderEach(site.Meetings, allCores, m => [meetingPage(m)]);
            if (failures.IsEmpty) meetingPagesWritten();
            // The index is the longest part of the build from here on: the rest of the render takes one core and
            // leaves the others to Pagefind (measured: the whole build is faster than with both cores here).
            var oneCore = new ParallelOptions { MaxDegreeOfParallelism = 1 };
            RenderEach(overview, oneCore, page => [page]);
            RenderEach(site.Meetings, oneCore, itemPages);
        }
        if (!failures.IsEmpty) return failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value).ToImmutableArray();

        foreach (var (_, asset) in assets.OrderBy(a => a.Key, StringComparer.Ordinal))
            writer.CopyFile(asset.Source, asset.File);
        foreach (var file in OpenFiles(site))
            writer.CopyFile(file.SourcePath, file.OutputPath);
        return [];
    }

    private static StringBuilder NewBuffer() => new(64 * 1024);

    /// <summary>Files of open attachments of open items: the only source files that are ever copied.</summary>
    public static IEnumerable<PublishedFile> OpenFiles(PublicSite site) => site.Meetings
        .SelectMany(m => m.Punkter.OfType<OpenPunkt>())
        .SelectMany(p => p.Bilag.OfType<OpenBilag>())
        .Select(b => b.Fil).OfType<PublishedFile>()
        .DistinctBy(f => f.OutputPath);

    /// <summary>Each asset gets a content hash in its name (assets/site.1a2b3c4d.css), so it can be cached for good.</summary>
    internal static (Dictionary<string, (string Source, string File)> Assets, ImmutableArray<Diagnostic> Problems) PlanAssets(string dir)
    {
        var assets = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (Directory.Exists(dir))
            foreach (var source in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var rel = Path.GetRelativePath(dir, source).Replace('\\', '/');
                var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source)))[..8];
                var ext = Path.GetExtension(rel);
                assets[rel] = (source, $"assets/{rel[..^ext.Length]}.{hash}{ext}");
            }
        if (assets.ContainsKey(Stylesheet)) return (assets, []);
        var missing = Path.Combine(dir, Stylesheet);
        return (assets, [new Diagnostic(Codes.StylesheetMissing, Severity.Error, TemplateSet.Shown(missing), 1, 1,
            $"The stylesheet '{Stylesheet}' is missing from '{TemplateSet.Shown(dir)}'.")]);
    }
}

using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SiteGen.Common;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Diagnostics;

namespace SiteGen.Rendering;

/// <summary>What every page render needs: the templates, the assets (source and hashed output file), the
/// stylesheet's URL and every asset's URL.</summary>
internal sealed record RenderSetup(TemplateSet Templates, Dictionary<string, (string Source, string File)> Assets,
    string Css, ImmutableDictionary<string, string> AssetUrls);

/// <summary>A render's problems, or (none) its setup and the overview pages with the HTML written.</summary>
internal sealed record Rendered(ImmutableArray<Diagnostic> Problems, RenderSetup? Setup, ImmutableArray<Page> Overview,
    ImmutableDictionary<string, string> OverviewHtml);

public static class PageRenderer
{
    /// <summary>Page templates every build needs (besides layout.sbn-html and the partials they include).</summary>
    public static readonly ImmutableArray<string> PageTemplates = ["index", "aar", "udvalg", "moede", "punkt", "om",
        "404", "soeg", "sager", "sag"];

    public const string Stylesheet = "site.css";

    /// <summary>Renders every HTML page of <paramref name="site"/> with the Scriban templates in
    /// <paramref name="templatesDir"/>, copies <paramref name="assetsDir"/> and open attachment files.
    /// Template problems come back as diagnostics naming the template file and line.</summary>
    public static ImmutableArray<Diagnostic> Render(PublicSite site, string templatesDir, string assetsDir,
        SiteWriter writer) => RenderAll(site, templatesDir, assetsDir, writer).Problems;

    /// <summary>As <see cref="Render"/>, with what serve keeps for its next builds: the loaded templates and
    /// assets, and the overview pages with the HTML written.</summary>
    /// <param name="kept">the meetings whose pages, and the other pages (by path), that are in the staging folder
    /// already (hard-linked from the previous output, <see cref="BuildCache"/>): never rendered nor written</param>
    /// <param name="keepHtml">keep the overview pages' HTML (serve); a build does not: it is as large as the case
    /// pages, which grow with the archive (docs/perf-notes-mem.md)</param>
    /// <param name="whole">overview pages kept from the previous build when their key (template, view model and
    /// <see cref="WholeFiles.Context"/>) is unchanged</param>
    /// <param name="meetingsWritten">called once every meeting page is written (and none failed), before the other
    /// pages are rendered: the build starts its search index on them then</param>
    /// <param name="ahead">the setup and overview models made before (<see cref="PlanAhead"/>), or null to make
    /// them here</param>
    internal static Rendered RenderAll(PublicSite site, string templatesDir, string assetsDir, SiteWriter writer,
        (Func<PublicMeeting, bool> Meeting, Func<string, bool> Page)? kept = null,
        bool keepHtml = true, WholeFiles? whole = null, Action? meetingsWritten = null,
        Task<RenderPlan>? ahead = null)
    {
        var (setup, problems, planned) = ahead is null ? PlanOf(site, templatesDir, assetsDir)
            : StepLog.Step("render plan wait", () => ahead.GetAwaiter().GetResult());
        if (setup is null) return new Rendered(problems, null, [], ImmutableDictionary<string, string>.Empty);

        var templates = setup.Templates;
        var failures = new ConcurrentDictionary<string, Diagnostic>(StringComparer.Ordinal);
        var overviewHtml = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // Each worker renders its share into one buffer of its own.
        // The overview pages that are not a case's (a case's page is part of its output unit, see BuildCache) may be
        // kept whole from the last build.
        void RenderEach<T>(IEnumerable<T> items, Func<T, IEnumerable<Page>> pages, bool overview = false) =>
            Parallel.ForEach(items, Workers.OnePerCore, NewBuffer, (item, _, buffer) =>
            {
                foreach (var page in pages(item))
                {
                    var key = overview && whole is not null && page.Template != "sag" ? Key(whole, page) : null;
                    if (key is not null && whole!.TryKeep(page.Path, key)) continue;
                    if (templates.Render(page.Template, page.Model, page.Side, buffer) is { } problem)
                        failures.TryAdd(problem.ToString(), problem); // one per template spot, not per page
                    else
                    {
                        writer.WriteText(page.Path, buffer);
                        if (key is not null) whole!.Made(page.Path, key);
                        if (keepHtml && overview) overviewHtml[page.Path] = buffer.ToString();
                    }
                }
                return buffer;
            }, _ => { });
        var (overview, meetingPages, sager, sagPage) = Pages.Plan(planned!, site, kept?.Page);
        // Meeting by meeting, on all cores: a meeting's page models (with its sections' HTML) are made, rendered
        // and written, and are garbage before the next ones, so memory does not grow with the archive. First: the
        // search index is made from the meeting pages alone, and may start on them while the rest is rendered.
        StepLog.Step("render meetings", () => RenderEach(kept is { } km ? site.Meetings.Where(m => !km.Meeting(m))
            : site.Meetings, meetingPages));
        if (failures.IsEmpty) meetingsWritten?.Invoke();
        StepLog.Step("render overview", () => RenderEach(overview, page => [page], overview: true));
        // A case's page as a meeting's: its model (with its decisions' HTML) made, rendered, written, let go.
        StepLog.Step("render cases", () => RenderEach(sager, s => [sagPage(s)], overview: true));
        if (!failures.IsEmpty)
            return new Rendered([.. failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value)], null,
                [], ImmutableDictionary<string, string>.Empty);

        StepLog.Step("render copy", () =>
        {
            foreach (var (_, asset) in setup.Assets.OrderBy(a => a.Key, StringComparer.Ordinal))
                writer.CopyFile(asset.Source, asset.File, InputFiles.MaxTextBytes);
            foreach (var file in OpenFiles(site))
                writer.CopyFile(file.SourcePath, file.OutputPath);
        });
        return new Rendered([], setup, overview, overviewHtml.ToImmutableDictionary(StringComparer.Ordinal));
    }

    /// <summary>The render's setup and the overview pages' models (<see cref="Pages.Models"/>), or the problems
    /// that stop a render: a function of the public model, the templates and the assets alone.</summary>
    internal sealed record RenderPlan(RenderSetup? Setup, ImmutableArray<Diagnostic> Problems, PlannedPages? Pages);

    /// <summary>Starts making <see cref="RenderPlan"/> on a thread of its own, for <see cref="RenderAll"/>: the
    /// reuse stage of a build with a cache leaves a core idle once the put-aside folder is checked, while it matches
    /// the units and prepares the folder (one thread, ≈ 0.4 s at 10,000 meetings), and the plan (≈ 0.25 s, one
    /// thread) needs nothing of it.</summary>
    internal static Task<RenderPlan> PlanAhead(PublicSite site, string templatesDir, string assetsDir) =>
        Task.Factory.StartNew(() => PlanOf(site, templatesDir, assetsDir), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static RenderPlan PlanOf(PublicSite site, string templatesDir, string assetsDir)
    {
        var (setup, problems) = StepLog.Step("render prepare", () => Prepare(templatesDir, assetsDir));
        return setup is null ? new RenderPlan(null, problems, null)
            : new RenderPlan(setup, problems, StepLog.Step("render plan", () => Pages.Models(site, setup.Css,
                setup.AssetUrls)));
    }

    /// <summary>The templates and hashed assets of <paramref name="templatesDir"/> and <paramref name="assetsDir"/>,
    /// or null with the problems that stop a render.</summary>
    internal static (RenderSetup? Setup, ImmutableArray<Diagnostic> Problems) Prepare(string templatesDir,
        string assetsDir)
    {
        var (templates, problems) = TemplateSet.Load(templatesDir, PageTemplates);
        var (assets, assetProblems) = PlanAssets(assetsDir);
        if (templates is null || assetProblems.Length > 0) return (null, problems.AddRange(assetProblems));
        return (new RenderSetup(templates, assets, "/" + assets[Stylesheet].File,
            assets.ToImmutableDictionary(kv => kv.Key, kv => "/" + kv.Value.File)), problems);
    }

    private static StringBuilder NewBuffer() => new(64 * 1024);

    /// <summary>An overview page's key: everything its bytes depend on (the templates and assets are in the
    /// context).</summary>
    private static string Key(WholeFiles whole, Page page)
    {
        using var key = new KeyHash(whole.Context, page.Path);
        return key.Add(page.Template).Add(ModelHash.Of(page.Model)).Add(ModelHash.Of(page.Side)).Done();
    }

    /// <summary>Files of open attachments of open items: the only source files that are ever copied.</summary>
    public static IEnumerable<PublishedFile> OpenFiles(PublicSite site) => site.Meetings
        .SelectMany(m => m.Punkter.OfType<OpenPunkt>())
        .SelectMany(p => p.Bilag.OfType<OpenBilag>())
        .Select(b => b.Fil).OfType<PublishedFile>()
        .DistinctBy(f => f.OutputPath);

    /// <summary>Each asset gets a content hash in its name (assets/site.1a2b3c4d.css), so it can be cached for good.
    /// Assets are regular files inside the assets folder: a link (to a file or a folder) or a pipe is an error,
    /// never followed or copied.</summary>
    internal static (Dictionary<string, (string Source, string File)> Assets,
        ImmutableArray<Diagnostic> Problems) PlanAssets(string dir)
    {
        var assets = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var problems = ImmutableArray.CreateBuilder<Diagnostic>();
        void Refuse(string path, Refusal refusal) => problems.Add(new Diagnostic(Codes.AssetRefused, Severity.Error,
            TemplateSet.Shown(path), 1, 1, RefusalText.Describe(refusal, "filen i assets-mappen", null,
                InputFiles.MaxTextBytes)));
        void Walk(string folder)
        {
            foreach (var source in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
            {
                switch (InputFiles.Kind(source))
                {
                    case FileKind.Directory: Walk(source); continue;
                    case FileKind.Link: Refuse(source, new Refusal(InputProblem.Link, source)); continue;
                    case FileKind.Regular: break;
                    case FileKind.Missing: continue; // removed meanwhile
                    default:
                        Refuse(source, new Refusal(InputProblem.NotRegular, source));
                        continue;
                }
                var (bytes, refusal) = InputFiles.Read(folder, source, InputFiles.MaxTextBytes);
                if (bytes is null)
                {
                    Refuse(source, refusal!);
                    continue;
                }
                var rel = Path.GetRelativePath(dir, source).Replace('\\', '/');
                var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..8];
                var ext = Path.GetExtension(rel);
                assets[rel] = (source, $"assets/{rel[..^ext.Length]}.{hash}{ext}");
            }
        }
        switch (InputFiles.Kind(dir))
        {
            case FileKind.Directory: Walk(dir); break;
            case FileKind.Missing: break;
            default: Refuse(dir, new Refusal(InputProblem.Link, dir)); break;
        }
        if (problems.Count > 0) return (assets, problems.ToImmutable());
        if (assets.ContainsKey(Stylesheet)) return (assets, []);
        var missing = Path.Combine(dir, Stylesheet);
        return (assets, [new Diagnostic(Codes.StylesheetMissing, Severity.Error, TemplateSet.Shown(missing), 1, 1,
            $"Stylesheetet '{Stylesheet}' mangler i '{TemplateSet.Shown(dir)}'.")]);
    }
}

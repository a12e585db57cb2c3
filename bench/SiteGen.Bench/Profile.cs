using System.Diagnostics;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Rendering;
using SiteGen.Validation;

namespace SiteGen.Bench;

/// <summary>Where the time of a build goes, single stages timed with CPU and allocation figures
/// (dotnet-counters is not available everywhere; this needs nothing).</summary>
public static class Profile
{
    /// <summary>Runs <paramref name="work"/> and prints its wall time, the process's CPU time and the bytes allocated.
    /// </summary>
    public static T Step<T>(string name, Func<T> work)
    {
        var p = Process.GetCurrentProcess();
        var cpu = p.TotalProcessorTime;
        var alloc = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        var result = work();
        p.Refresh();
        Console.WriteLine($"{name,-14} wall {clock.ElapsedMilliseconds,6} ms  cpu {(p.TotalProcessorTime - cpu).TotalMilliseconds,7:0} ms  alloc {(GC.GetTotalAllocatedBytes() - alloc) / 1048576,6} MiB");
        return result;
    }

    public static void Run(string inputDir, string outputDir)
    {
        var p = Process.GetCurrentProcess();
        var v = Step("validate", () => Validator.Run(inputDir));
        var site = Step("publish", () => Publisher.Publish(v.Config!, v.Referater));
        var sections = site.Meetings.SelectMany(m => m.Punkter.OfType<OpenPunkt>()).SelectMany(o => o.Sektioner).Select(s => s.Markdown.Read()).ToList();
        Step("markdown", () => sections.Sum(s => Markdig.Markdown.ToHtml(s).Length));
        Step("safe-markdown", () => sections.Sum(s => SafeMarkdown.ToHtml(s, 3).Length));
        Step("open data", () => SiteGen.Data.OpenDataWriter.Files(site).Sum(f => (long)f.Bytes().Length)); // one thread
        if (Directory.Exists(outputDir)) Directory.Delete(outputDir, true);
        Directory.CreateDirectory(outputDir);
        var writer = new SiteWriter(outputDir);
        var (templates, problems) = Step("load templates",
            () => TemplateSet.Load(Path.Combine(inputDir, "templates"), PageRenderer.PageTemplates));
        if (templates is null) throw new InvalidOperationException(string.Join("\n", problems));
        var pages = Step("page models", () => Pages.Build(site, "/assets/site.css", System.Collections.Immutable.ImmutableDictionary<string, string>.Empty));
        var html = Step("templates", () => pages.AsParallel().AsOrdered().Select(pg => templates!.Render(pg.Template, pg.Model, pg.Side).Html!).ToList());
        var w = new SiteWriter(outputDir + "-w");
        Step("write", () => { Parallel.For(0, pages.Length, i => w.WriteText(pages[i].Path, html[i])); return 0; });
        Step("render", () => PageRenderer.Render(site, Path.Combine(inputDir, "templates"), Path.Combine(inputDir, "assets"), writer));
        // The feeds+data stage, part by part (after the render: the word list and the sitemap read its pages).
        Step("feeds bytes", () => SiteGen.Feeds.FeedWriter.Files(site).Sum(f => (long)f.Bytes().Length)); // one thread
        Step("feeds", () => { SiteGen.Feeds.FeedWriter.Write(site, writer); return 0; });
        Step("open data", () => { SiteGen.Data.OpenDataWriter.Write(site, writer); return 0; });
        Step("filters", () => { SiteGen.Search.SearchFilters.Write(site, writer, wordList: true); return 0; });
        Step("word list", () => { SiteGen.Search.WordList.Write(site, writer); return 0; });
        Console.WriteLine($"peak working set {p.PeakWorkingSet64 / 1048576} MiB");
    }

    /// <summary>One part of the feeds+data stage, repeated (for a profiler: `perf record`), after one render.</summary>
    public static void Part(string inputDir, string outputDir, string part, int reps)
    {
        var v = Validator.Run(inputDir);
        var site = Publisher.Publish(v.Config!, v.Referater);
        if (Directory.Exists(outputDir)) Directory.Delete(outputDir, true);
        var writer = new SiteWriter(outputDir);
        PageRenderer.Render(site, Path.Combine(inputDir, "templates"), Path.Combine(inputDir, "assets"), writer);
        var p = Process.GetCurrentProcess();
        for (var i = 0; i < reps; i++)
        {
            p.Refresh();
            var cpu = p.TotalProcessorTime;
            var alloc = GC.GetTotalAllocatedBytes();
            var clock = Stopwatch.StartNew();
            if (part is "feeds" or "all") SiteGen.Feeds.FeedWriter.Write(site, writer);
            if (part is "data" or "all") SiteGen.Data.OpenDataWriter.Write(site, writer);
            if (part is "words" or "all") SiteGen.Search.WordList.Write(site, writer);
            p.Refresh();
            Console.WriteLine($"{part,-8} wall {clock.ElapsedMilliseconds,6} ms  cpu {(p.TotalProcessorTime - cpu).TotalMilliseconds,7:0} ms  alloc {(GC.GetTotalAllocatedBytes() - alloc) / 1048576,6} MiB");
        }
    }
}

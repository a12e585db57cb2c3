using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Rendering;

namespace SiteGen.Tests.Rendering;

/// <summary>The render's setup and overview models made ahead, on a thread of their own while the reuse stage runs
/// (<see cref="PageRenderer.PlanAhead"/>): the render writes the same files, leaves out the same kept pages and
/// stops with the same problems as when it makes them itself.</summary>
public sealed class RenderPlanAheadTests : IDisposable
{
    private readonly RenderFixture _f = new();

    public void Dispose() => _f.Dispose();

    /// <summary>The files a render writes into a new folder, made ahead or not.</summary>
    private (Dictionary<string, byte[]> Files, string Problems) Render(PublicSite site, bool ahead,
        string? templates = null, (Func<PublicMeeting, bool>, Func<string, bool>)? kept = null)
    {
        var root = Path.Combine(_f.Dir, (ahead ? "ahead-" : "inline-") + Guid.NewGuid().ToString("N"));
        var writer = new SiteWriter(root);
        templates ??= Repo.Templates;
        var plan = ahead ? PageRenderer.PlanAhead(site, templates, Repo.Assets) : null;
        var rendered = PageRenderer.RenderAll(site, templates, Repo.Assets, writer, kept, keepHtml: false,
            ahead: plan);
        return (Directory.Exists(root) ? SiteFiles.Read(root) : [], string.Join("\n", rendered.Problems));
    }

    [Fact]
    public void A_render_planned_ahead_writes_the_same_files()
    {
        var site = _f.SampleSite();
        var (inline, none) = Render(site, ahead: false);
        var (ahead, alsoNone) = Render(site, ahead: true);
        Assert.Equal("", none);
        Assert.Equal("", alsoNone);
        Assert.Contains("index.html", inline.Keys);
        SiteFiles.AssertSame(inline, ahead);
    }

    [Fact]
    public void Kept_pages_are_left_out_of_a_plan_made_before_they_were_known()
    {
        // The plan is made before the reuse stage knows what it keeps: the overview pages and cases kept are left
        // out when the render takes it, as when it plans itself.
        var site = _f.SampleSite();
        var keptPages = new HashSet<string>(["index.html", "om/index.html",
            Urls.File(site.Sager[0].Url)], StringComparer.Ordinal);
        var oldest = site.Meetings[^1];
        (Func<PublicMeeting, bool>, Func<string, bool>) kept = (m => m == oldest, keptPages.Contains);
        var (inline, _) = Render(site, ahead: false, kept: kept);
        var (ahead, _) = Render(site, ahead: true, kept: kept);
        SiteFiles.AssertSame(inline, ahead);
        Assert.DoesNotContain("index.html", ahead.Keys);
        Assert.DoesNotContain("om/index.html", ahead.Keys);
        Assert.DoesNotContain(Urls.File(site.Sager[0].Url), ahead.Keys);
        Assert.DoesNotContain(Urls.MeetingFile(oldest), ahead.Keys);
        Assert.Contains("soeg/index.html", ahead.Keys);
    }

    /// <summary>A render of the sample with a copy of the templates changed by <paramref name="change"/>, made
    /// ahead and not: both must stop with the same problems and write nothing.</summary>
    private string BothStop(Action<string> change)
    {
        var templates = Path.Combine(_f.Dir, "templates");
        Repo.CopyDir(Repo.Templates, templates);
        change(templates);
        var site = _f.SampleSite();
        var (inline, problems) = Render(site, ahead: false, templates);
        var (ahead, aheadProblems) = Render(site, ahead: true, templates);
        Assert.NotEqual("", problems);
        Assert.Equal(problems, aheadProblems);
        Assert.Empty(inline);
        Assert.Empty(ahead);
        return problems;
    }

    [Fact]
    public void A_broken_template_read_ahead_stops_the_render_with_the_same_problems() =>
        Assert.Contains("TPL002", BothStop(templates =>
        {
            var om = Path.Combine(templates, "om.sbn-html");
            File.WriteAllText(om, "<p>{{ if side.titel }}</p>\n" + File.ReadAllText(om));
        }));

    [Fact]
    public void A_template_missing_when_read_ahead_stops_the_render_as_it_would_in_it() =>
        BothStop(templates => File.Delete(Path.Combine(templates, "punkt.sbn-html")));
}

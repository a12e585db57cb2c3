using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO.Enumeration;
using System.Text;
using SiteGen.Common;
using SiteGen.Data;
using SiteGen.Feeds;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Rendering;
using SiteGen.Search;
using SiteGen.Validation;
using SiteGen.Diagnostics;

namespace SiteGen.Preview;

/// <summary>The builds behind <c>serve</c>. The first build, and any after a change to site.yml, templates,
/// assets or attachment files, is the normal atomic build (<see cref="Pipeline"/>). After that a saved referat
/// only costs what it changes: unchanged files keep their validation, and only the pages that can differ are
/// rendered again: the changed meetings' own pages, those of their neighbours (older/newer links), and the
/// overview pages. Feeds and data are written again in full. Pages of items or attachments that are no longer
/// open are deleted. Everything is checked and rendered before the first byte is written, so a build with
/// errors leaves the served site as it was.</summary>
internal sealed class IncrementalBuild(string inputDir, string siteDir)
{
    private readonly string _input = Path.GetFullPath(inputDir);
    private string? _fingerprint;
    private ValidationCache _cache = new();
    private State? _state;

    /// <param name="OtherKeys">what each overview page was made from (see <see cref="OverviewKeys"/>)</param>
    /// <param name="OtherPages">the overview pages, with the HTML last written (most stay the same when one
    /// meeting's text changes, and are then not written again)</param>
    private sealed record State(TemplateSet Templates, string Css, ImmutableDictionary<string, string> Assets,
        Publication Published, Dictionary<(string, DateOnly), MeetingState> Meetings,
        ImmutableDictionary<string, string?> OtherPages,
        ImmutableDictionary<string, object[]> OtherKeys);

    /// <summary>What a meeting's pages were made from: the version of its file and its neighbours' files (never
    /// the source model: Preview holds no closed text), and the public meeting.</summary>
    /// <param name="Followed">its items whose case has other treatments ("Sagens forløb" links), which another
    /// meeting's file can change</param>
    private sealed record MeetingState(SourceVersion Source, SourceVersion? Older, SourceVersion? Newer,
        PublicMeeting Meeting, string Followed = "")
    {
        /// <summary>The files this meeting puts on the site: its pages and its open attachments.</summary>
        public IEnumerable<string> Files() => Meeting.Punkter.OfType<OpenPunkt>().Select(p => Urls.ItemFile(Meeting, p))
            .Concat(Meeting.Punkter.OfType<OpenPunkt>().SelectMany(p => p.Bilag.OfType<OpenBilag>())
                .Select(b => b.Fil?.OutputPath).OfType<string>())
            .Append(Urls.MeetingFile(Meeting));
    }

    /// <summary>Whether the last build was incremental (for the log).</summary>
    public bool LastWasIncremental { get; private set; }

    /// <summary>Whether the last build found nothing to change after a good build (a save's trailing file
    /// events, or a file saved unchanged): then nothing was written and browsers need no reload.</summary>
    public bool LastChangedNothing { get; private set; }

    private bool _lastSucceeded;

    /// <summary>Leave the feeds, calendars, data and sitemap of an incremental build to <see
    /// cref="StartDeferred"/>.</summary>
    public bool DeferFeeds { get; init; }

    /// <summary>What the feeds, calendars, data and sitemap must be made from: the last good build's site.</summary>
    private Derived? _target;
    private readonly DerivedFiles _derived = new();
    private Task _deferred = Task.CompletedTask;
    private CancellationTokenSource _deferredCts = new();

    /// <summary>For tests: called after each feed or data file the deferred work writes.</summary>
    internal Action<string>? AfterDeferredFile { get; init; }

    /// <summary>The deferred work started last (for tests: wait for the site to be complete).</summary>
    internal Task Deferred => _deferred;

    /// <summary>Brings the feeds, calendars, data and sitemap up to date with the last good build, in the background
    /// and outside any build: only the files whose meetings changed are made again, and the next <see cref="Run"/>
    /// stops it between two files (it never waits for it). Runs after the previous deferred work has stopped; what
    /// that one did not get to is done here, because each file is compared with what was last written.</summary>
    /// <param name="done">told how it went (files written and deleted, time, or why it stopped)</param>
    public void StartDeferred(Action<string>? done = null)
    {
        if (_target is not { } target) return;
        var previous = _deferred;
        var cts = _deferredCts = new CancellationTokenSource();
        _deferred = Task.Run(async () =>
        {
            try { await previous; } catch (Exception) { /* reported by that run */ }
            if (cts.IsCancellationRequested) return;
            var clock = Stopwatch.StartNew();
            try
            {
                var (written, deleted, finished) = _derived.Update(target, new SiteWriter(siteDir), cts.Token,
                    AfterDeferredFile);
                // Only news is told: after most saves no feed or data file changes.
                if (!finished)
                    done?.Invoke($"Feeds og data: stoppet efter {Antal.Af(written, "fil", "filer")}, fordi du gemte " +
                        "igen; resten skrives næste gang.");
                else if (written + deleted > 0)
                    done?.Invoke($"Feeds og data opdateret: {Antal.Af(written, "fil", "filer")} skrevet, " +
                        $"{deleted} slettet ({clock.ElapsedMilliseconds} ms).");
            }
            catch (Exception ex)
            {
                // Reported, never thrown into nowhere: the next save tries again (every file is compared anew).
                done?.Invoke($"sitegen serve: feeds og data blev ikke skrevet: {ex.Message}");
            }
        });
    }

    /// <summary>Stops the deferred work between two files and waits until it has (before a full build swaps the folder,
    /// and at exit).</summary>
    public void StopDeferred()
    {
        _deferredCts.Cancel();
        try { _deferred.Wait(); }
        catch (AggregateException) { }
    }

    public BuildResult Run()
    {
        // A new save never waits for the previous one's feeds and data: they stop between two files, and
        // StartDeferred makes up for it from the newer model.
        _deferredCts.Cancel();
        var fingerprintClock = Stopwatch.StartNew();
        var fingerprint = Fingerprint();
        var fingerprintTime = fingerprintClock.Elapsed;
        LastWasIncremental = fingerprint == _fingerprint && _state is not null;
        LastChangedNothing = false;
        if (LastWasIncremental)
        {
            var partial = Partial(fingerprintTime);
            _lastSucceeded = partial.Succeeded;
            return partial;
        }

        StopDeferred(); // a full build replaces the whole folder

        _cache = new ValidationCache(); // its results depend on site.yml and the attachment files
        _state = null;
        var result = Pipeline.Build(new BuildOptions(_input, siteDir, Search: false, Cache: _cache) { KeepMade = true },
            TextWriter.Null);
        _lastSucceeded = result.Succeeded;
        if (result.Made is { } made && Remember(made.Publication, made.Rendered) is { } state)
        {
            _state = state;
            _fingerprint = fingerprint;
        }
        return result;
    }

    /// <summary>What the next builds start from: the full build's own publication, templates and overview pages
    /// (with the HTML it wrote, so the next build rewrites only those that change).</summary>
    private State? Remember(Publication publication, Rendered rendered)
    {
        if (rendered.Setup is not { } setup) return null;
        var site = publication.Site;
        var other = rendered.OverviewHtml
            .ToImmutableDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal);
        var meetings = MeetingStates(publication);
        // What the full build just wrote as feeds and data: the deferred work starts from there.
        _target = new Derived(site, meetings, other);
        _derived.Reset(_target);
        return new State(setup.Templates, setup.Css, setup.AssetUrls, publication, meetings, other,
            OverviewKeys(site, meetings, rendered.Overview));
    }

    private static (string, DateOnly) Key(PublicMeeting m) => (m.Udvalg.Slug, m.Dato);

    private static Dictionary<(string, DateOnly), MeetingState> MeetingStates(Publication publication)
    {
        var sources = publication.Referater.ToDictionary(r => Key(r.Meeting), r => r.Version);
        var followed = publication.Site.Sager.Where(s => s.Behandlinger.Length > 1)
            .Select(s => s.Sagsnr).ToHashSet(StringComparer.Ordinal);
        string Followed(PublicMeeting m) => string.Join(",", m.Punkter.OfType<OpenPunkt>()
            .Where(p => p.Sagsnr is not null && followed.Contains(p.Sagsnr)).Select(p => p.Nr));
        var states = new Dictionary<(string, DateOnly), MeetingState>();
        foreach (var group in publication.Site.Meetings.GroupBy(m => m.Udvalg.Slug, StringComparer.Ordinal))
        {
            var list = group.ToList(); // newest first
            for (var i = 0; i < list.Count; i++)
            {
                var m = list[i];
                states[Key(m)] = new MeetingState(sources[Key(m)],
                    i + 1 < list.Count ? sources[Key(list[i + 1])] : null,
                    i > 0 ? sources[Key(list[i - 1])] : null,
                    m, Followed(m));
            }
        }
        return states;
    }

    private BuildResult Partial(TimeSpan fingerprintTime)
    {
        var state = _state!;
        var total = Stopwatch.StartNew();
        var stages = ImmutableArray.CreateBuilder<StageTiming>();
        stages.Add(new StageTiming("fingerprint", fingerprintTime));
        var clock = Stopwatch.StartNew();
        void Stage(string name) { stages.Add(new StageTiming(name, clock.Elapsed)); clock.Restart(); }

        var validation = Validator.Run(_input, _cache);
        Stage("load+validate");
        if (!validation.CanPublish) return new BuildResult(validation.Diagnostics, null);
        var publication = Publisher.Run(validation, state.Published);
        var site = publication.Site;
        var meetings = MeetingStates(publication);
        var changed = meetings.Where(kv => !state.Meetings.TryGetValue(kv.Key, out var before)
                || before.Source != kv.Value.Source
                || before.Older != kv.Value.Older || before.Newer != kv.Value.Newer
                || before.Followed != kv.Value.Followed)
            .Select(kv => kv.Key).ToHashSet();
        Stage("publish");

        var pages = Pages.Build(site, state.Css, state.Assets, m => changed.Contains(Key(m)));
        var html = new string?[pages.Length];
        // An overview page made from the same meetings as last time is the HTML written last time: not rendered.
        var keys = OverviewKeys(site, meetings, pages);
        for (var i = 0; i < pages.Length; i++)
            if (keys.TryGetValue(pages[i].Path, out var key)
                && state.OtherKeys.TryGetValue(pages[i].Path, out var lastKey)
                && Same(key, lastKey) && state.OtherPages.TryGetValue(pages[i].Path, out var lastHtml))
                html[i] = lastHtml;
        var failures = new ConcurrentDictionary<string, Diagnostic>(StringComparer.Ordinal);
        Parallel.For(0, pages.Length, i =>
        {
            if (html[i] is not null) return;
            var (text, problem) = state.Templates.Render(pages[i].Template, pages[i].Model, pages[i].Side);
            if (problem is not null) failures.TryAdd(problem.ToString(), problem);
            html[i] = text;
        });
        Stage("render");
        if (!failures.IsEmpty)
            return new BuildResult(validation.Diagnostics.AddRange(failures.OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => f.Value)), null);

        // Nothing was written before this point: from here on the input is known to be good.
        var writer = new SiteWriter(siteDir);
        var written = 0;
        var meetingFiles = changed.SelectMany(k => meetings[k].Files()).ToHashSet(StringComparer.Ordinal);
        var other = ImmutableDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < pages.Length; i++)
        {
            var path = pages[i].Path;
            if (!meetingFiles.Contains(path))
            {
                other[path] = html[i];
                // unchanged: not rewritten
                if (state.OtherPages.TryGetValue(path, out var last) && last == html[i]) continue;
            }
            writer.WriteText(path, html[i]!);
            written++;
        }
        var changedSite = site with { Meetings = site.Meetings.Where(m => changed.Contains(Key(m)))
            .ToImmutableArray() };
        foreach (var file in PageRenderer.OpenFiles(changedSite))
            writer.CopyFile(file.SourcePath, file.OutputPath);
        var gone = state.Meetings
            .Where(kv => !meetings.TryGetValue(kv.Key, out var now) || changed.Contains(kv.Key))
            .SelectMany(kv => meetings.TryGetValue(kv.Key, out var now) ? kv.Value.Files().Except(now.Files())
                : kv.Value.Files())
            .Concat(state.OtherPages.Keys.Where(p => !other.ContainsKey(p)));
        var deleted = 0;
        foreach (var path in gone) { Delete(writer, path); deleted++; }
        // Feeds, calendars, data and the sitemap: the page is what the person saving looks at. serve has them
        // written after the browser reloads (StartDeferred), in the background; otherwise now.
        var otherPages = other.ToImmutable();
        _target = new Derived(site, meetings, otherPages);
        if (!DeferFeeds) _derived.Update(_target, writer, CancellationToken.None, null);
        Stage("write");

        _state = state with { Published = publication, Meetings = meetings, OtherPages = otherPages, OtherKeys = keys };
        LastChangedNothing = _lastSucceeded && changed.Count == 0 && written == 0 && deleted == 0;
        return new BuildResult(validation.Diagnostics, new BuildSummary(site.Meetings.Length, pages.Length,
            writer.Files.Count, writer.Bytes, publication.ClosedItems, publication.ClosedAttachments, total.Elapsed,
            stages.ToImmutable()));
    }

    /// <summary>A good build's site, its meetings' sources and its pages: what feeds and data are made from.</summary>
    private sealed record Derived(PublicSite Site, Dictionary<(string, DateOnly), MeetingState> Meetings,
        ImmutableDictionary<string, string?> OtherPages)
    {
        /// <summary>Every page on the site, ordered: made in the background, when first needed.</summary>
        private ImmutableArray<string> Pages => _pages ??= [.. Meetings.Values.SelectMany(m => m.Files())
            .Where(f => f.EndsWith(".html", StringComparison.Ordinal)).Concat(OtherPages.Keys)
                .Order(StringComparer.Ordinal)];
        private ImmutableArray<string>? _pages;

        /// <summary>Every feed, calendar and data file (and the sitemap), each with a key of what it is made from:
        /// the file version of each of its meetings (site.yml and attachments do not change between incremental
        /// builds).</summary>
        public IEnumerable<(string Path, object[] Key, Func<byte[]> Bytes)> Files()
        {
            foreach (var f in FeedWriter.Files(Site).Concat(OpenDataWriter.Files(Site))
                .Append(SearchFilters.File(Site)))
                yield return (f.Path, f.From.Select(m => (object)Meetings[Key(m)].Source).ToArray(), f.Bytes);
            // The sitemap lists the pages with their meetings' latest change; a changed text leaves it as it is.
            yield return (Urls.File(Urls.Sitemap), [.. Pages, .. Site.Meetings.Select(m =>
                (object)(m.Url, m.Modified))], () => Sitemap.Xml(Site, Pages));
        }
    }

    /// <summary>The feeds, calendars, data and sitemap as serve last wrote them: for each file, the key of what it
    /// was made from. Used by one deferred run at a time.</summary>
    private sealed class DerivedFiles
    {
        private readonly Dictionary<string, object[]> _written = new(StringComparer.Ordinal);

        public void Reset(Derived target)
        {
            _written.Clear();
            foreach (var (path, key, _) in target.Files()) _written[path] = key;
        }

        /// <summary>Writes the files whose key differs from what was written, and deletes those no longer made
        /// (a removed meeting's data). Each file is replaced whole (never seen half-written); stops between files
        /// when cancelled, and what was written is remembered file by file.</summary>
        public (int Written, int Deleted, bool Finished) Update(Derived target, SiteWriter writer, CancellationToken ct,
            Action<string>? afterFile)
        {
            int written = 0, deleted = 0;
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, key, bytes) in target.Files())
            {
                wanted.Add(path);
                if (_written.TryGetValue(path, out var last) && Same(last, key)) continue;
                if (ct.IsCancellationRequested) return (written, deleted, false);
                var content = bytes();
                if (ct.IsCancellationRequested) return (written, deleted, false);
                writer.ReplaceBytes(path, content);
                _written[path] = key;
                written++;
                afterFile?.Invoke(path);
            }
            foreach (var path in _written.Keys.Where(p => !wanted.Contains(p)).ToList())
            {
                if (ct.IsCancellationRequested) return (written, deleted, false);
                Delete(writer, path);
                _written.Remove(path);
                deleted++;
            }
            return (written, deleted, true);
        }

    }

    /// <summary>Whether two keys of what a file is made from are the same: texts and values (file versions, paths,
    /// dates) by value, anything else by reference.</summary>
    private static bool Same(object[] a, object[] b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (!(a[i] is string or ValueType ? a[i].Equals(b[i]) : ReferenceEquals(a[i], b[i]))) return false;
        return true;
    }

    /// <summary>What each overview page is made from, besides the site's settings (fixed between incremental
    /// builds): a committee's page from its meetings, a year's page from that year's meetings and every year's
    /// count, about/search/404 from nothing else. The front page (the newest meetings, all counts) has no key
    /// and is always rendered.</summary>
    private static ImmutableDictionary<string, object[]> OverviewKeys(PublicSite site,
        Dictionary<(string, DateOnly), MeetingState> meetings, ImmutableArray<Page> pages)
    {
        object Source(PublicMeeting m) => meetings[Key(m)].Source;
        var counts = site.Meetings.GroupBy(m => m.Dato.Year).Select(g => (object)(g.Key, g.Count())).ToArray();
        var udvalgPages = site.Udvalg.ToDictionary(u => Urls.File(u.Url), u => u.Slug, StringComparer.Ordinal);
        var keys = ImmutableDictionary.CreateBuilder<string, object[]>(StringComparer.Ordinal);
        foreach (var p in pages)
        {
            switch (p.Model)
            {
                case SimpleModel:
                    keys[p.Path] = [];
                    break;
                case UdvalgModel when udvalgPages.TryGetValue(p.Path, out var slug):
                    keys[p.Path] = [.. site.Meetings.Where(m => m.Udvalg.Slug == slug).Select(Source)];
                    break;
                case AarModel a:
                    keys[p.Path] = [.. counts, .. site.Meetings.Where(m => m.Dato.Year == a.Aar).Select(Source)];
                    break;
            }
        }
        return keys.ToImmutable();
    }

    /// <summary>A stale page that cannot be removed (held open by a viewer on some systems) is left for the next
    /// build.</summary>
    private static void Delete(SiteWriter writer, string relativePath)
    {
        try { writer.Delete(relativePath); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Size and time of every input file except the referater themselves: when one of them changes,
    /// the next build is a full one.</summary>
    private string Fingerprint()
    {
        var sb = new StringBuilder();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true,
            AttributesToSkip = 0 };
        var referater = Path.Combine(_input, "referater");
        // The referater (thousands) are skipped while enumerating: no object, no stat for each.
        var files = new FileSystemEnumerable<(string Path, long Length, long Ticks)>(_input,
            (ref FileSystemEntry e) => (e.ToFullPath(), e.Length, e.LastWriteTimeUtc.Ticks), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory
                && !(e.FileName.EndsWith(".md", StringComparison.Ordinal) && IsUnder(e.Directory, referater))
                && !e.FileName.StartsWith('.') && !e.FileName.EndsWith('~'), // editors' swap and backup files
            // A linked folder is an error for the build; never followed here (a link to a parent would loop).
            ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        foreach (var f in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            sb.Append(f.Path).Append('|').Append(f.Length).Append('|').Append(f.Ticks).Append('\n');
        return sb.ToString();
    }

    private static bool IsUnder(ReadOnlySpan<char> dir, string folder) =>
        dir.StartsWith(folder, StringComparison.Ordinal)
        && (dir.Length == folder.Length || dir[folder.Length] == Path.DirectorySeparatorChar);
}

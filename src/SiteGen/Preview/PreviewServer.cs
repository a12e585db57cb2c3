using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SiteGen.Common;
using SiteGen.Output;
using SiteGen.Search;
using SiteGen.Validation;
using SiteGen.Diagnostics;

namespace SiteGen.Preview;

/// <param name="Timings">also log each rebuild's stages and waits (for developers and the benchmark; English)</param>
/// <param name="PagefindBinary">another Pagefind binary than node_modules' (tests; see SearchIndexer)</param>
public sealed record PreviewOptions(string InputDir, int Port = 0, string NetlifyToml = "netlify.toml",
    bool Timings = false, string? PagefindBinary = null);

/// <summary>Every port serve tried is taken by another program; the message says which option chooses another.
/// </summary>
public sealed class PortsInUseException(string message) : Exception(message);

/// <summary>The secretariat's local preview: builds the site into a private folder, serves it on
/// 127.0.0.1 with the production headers, rebuilds on every change under input/ and reloads the
/// open page. A build with errors keeps the last good site and shows the errors as an overlay.
/// Search is re-indexed in the background after a rebuild, so a page change is visible at once.</summary>
public sealed class PreviewServer : IAsyncDisposable
{
    private const string ReloadScriptPath = "/_sitegen/reload.js";
    private const string OverlayCssPath = "/_sitegen/overlay.css";
    private const string EventsPath = "/_sitegen/events";

    // One save raises several events (truncate, write, close); they are gathered into one build. Events
    // that come after it find nothing changed (IncrementalBuild.LastChangedNothing) and cause no reload.
    private const int DebounceMs = 30;

    // The search index is refreshed when the input has been quiet this long, so it never competes
    // with the rebuilds while someone is editing.
    private static readonly TimeSpan SearchQuiet = TimeSpan.FromSeconds(2);

    private readonly PreviewOptions _options;
    private readonly TextWriter _log;
    private readonly string _work;
    private readonly string _siteDir;
    private readonly string _searchDir;
    private readonly NetlifyHeaders _headers;
    private readonly IncrementalBuild _builder;
    private readonly FileExtensionContentTypeProvider _types = ContentTypes();
    private readonly SemaphoreSlim _buildLock = new(1, 1);
    private readonly object _stateLock = new();
    private readonly List<StreamWriterClient> _clients = [];
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;
    private WebApplication? _app;
    private CancellationTokenSource _searchCts = new();
    private Task _search = Task.CompletedTask; // the latest refresh of the search index
    private string _lastEvent = "";
    private int _port;
    private readonly HashSet<string> _saved = new(StringComparer.Ordinal); // files changed since the last build
    private long _firstEvent; // Stopwatch timestamp of the first file event not yet built, 0 if none

    /// <summary>A busy port: serve tries the next ones, as Hugo does (only when a port was asked for).</summary>
    private const int PortsToTry = 10;

    public string Url { get; private set; } = "";

    /// <summary>Completed builds since start (for tests and the terminal).</summary>
    public int BuildCount { get; private set; }

    public IReadOnlyList<Diagnostic> LastDiagnostics { get; private set; } = [];

    private PreviewServer(PreviewOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        _work = NewWorkFolder();
        _siteDir = Path.Combine(_work, "site");
        if (OutputFolder.Problem(_siteDir, options.InputDir, Environment.CurrentDirectory) is { } problem)
            throw new InvalidOperationException(problem);
        _searchDir = Path.Combine(_work, "pagefind");
        Directory.CreateDirectory(_work);
        _headers = NetlifyHeaders.Load(options.NetlifyToml);
        _builder = new IncrementalBuild(options.InputDir, _siteDir) { DeferFeeds = true };
    }

    /// <summary>serve writes only into a new private folder under the system's temporary folder.</summary>
    private static string NewWorkFolder() =>
        Path.Combine(Path.GetTempPath(), $"sitegen-preview-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>Why serve must not write where it would (the same rules as build's --output; only when the
    /// temporary folder is inside the input or above the current folder), or null.</summary>
    public static string? WorkFolderProblem(string inputDir) =>
        OutputFolder.Problem(Path.Combine(NewWorkFolder(), "site"), inputDir, Environment.CurrentDirectory) is { } p
            ? $"forhåndsvisningens midlertidige mappe ({Path.GetTempPath()}) kan ikke bruges: {p}. Sæt TMPDIR til en " +
                "anden mappe"
            : null;

    /// <summary>Content types as Netlify sends them for what the site contains (Pagefind's index, feeds,
    /// calendars).</summary>
    internal static FileExtensionContentTypeProvider ContentTypes()
    {
        var types = new FileExtensionContentTypeProvider();
        foreach (var ext in new[] { ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter" })
            types.Mappings[ext] = "application/octet-stream";
        types.Mappings[".ics"] = "text/calendar; charset=utf-8";
        types.Mappings[".xml"] = "application/xml; charset=utf-8";
        types.Mappings[".wasm"] = "application/wasm";
        return types;
    }

    public static async Task<PreviewServer> StartAsync(PreviewOptions options, TextWriter log,
        CancellationToken ct = default)
    {
        var server = new PreviewServer(options, log);
        try
        {
            server.Rebuild();
            await server.StartWebAsync(ct);
        }
        catch
        {
            await server.DisposeAsync(); // its temporary folder too
            throw;
        }
        server.Watch();
        return server;
    }

    private async Task StartWebAsync(CancellationToken ct)
    {
        // An empty content root: ASP.NET Core watches its content root recursively for appsettings changes,
        // and with the current folder as root (a repository, a benchmark archive) that exhausted the system's
        // file watches and silently stopped serve from seeing saved referater.
        var root = Directory.CreateDirectory(Path.Combine(_work, "content-root")).FullName;
        var last = _options.Port == 0 ? 0 : Math.Min(65535, _options.Port + PortsToTry - 1);
        for (var port = _options.Port; ; port++)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root });
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            _app = builder.Build();
            _app.Run(HandleAsync);
            try
            {
                await _app.StartAsync(ct);
                if (port != _options.Port)
                    _log.WriteLine($"Port {_options.Port} er optaget af et andet program; forhåndsvisningen bruger " +
                        $"port {port} i stedet. Vælg selv en port med --port <n>.");
                break;
            }
            catch (IOException) when (port < last)
            {
                await _app.DisposeAsync(); // taken: try the next one
            }
            catch (IOException)
            {
                await _app.DisposeAsync();
                _app = null;
                throw new PortsInUseException(_options.Port == 0
                    ? "der er ingen ledig port til forhåndsvisningen."
                    : $"port {_options.Port}{(last > _options.Port ? $"–{last}" : "")} er optaget af andre " +
                        "programmer. " +
                        "Vælg en anden port med --port <n>, eller --port 0 for en tilfældig ledig port.");
            }
        }
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .TrimEnd('/');
        _port = new Uri(Url).Port;
    }

    private void Watch()
    {
        _debounce = new Timer(_ => Rebuild(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(Path.GetFullPath(_options.InputDir))
        {
            IncludeSubdirectories = true,
            NotifyFilter =
                NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        FileSystemEventHandler changed = (_, e) => Changed(e.FullPath);
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Deleted += changed;
        _watcher.Renamed += (_, e) => Changed(e.FullPath);
        // Without this a watcher the system refuses (Linux limits the number of watched folders) would
        // leave the preview silently stale; say so, and what to do.
        _watcher.Error += (_, e) => WatchFailed(e.GetException());
        try { _watcher.EnableRaisingEvents = true; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            WatchFailed(ex);
        }
    }

    private void Changed(string path)
    {
        lock (_saved) _saved.Add(path);
        // The first event of a save, for the timings: how long the debounce and any wait took.
        Interlocked.CompareExchange(ref _firstEvent, Stopwatch.GetTimestamp(), 0);
        _debounce!.Change(DebounceMs, Timeout.Infinite);
    }

    private void WatchFailed(Exception ex) => _log.WriteLine(
        $"sitegen serve: kan ikke holde øje med ændringer i '{_options.InputDir}' ({ex.Message}). Det, du gemmer, " +
        "vises ikke, før serve startes igen. På Linux: luk andre programmer, der holder øje med mange filer, eller " +
        "hæv fs.inotify.max_user_watches / fs.inotify.max_user_instances.");

    /// <summary>Builds the pages (without search) into the served folder; on success reloads the
    /// browsers and refreshes the search index in the background.</summary>
    public void Rebuild()
    {
        var debounced = Stopwatch.GetTimestamp();
        var firstEvent = Interlocked.Exchange(ref _firstEvent, 0);
        _buildLock.Wait();
        try
        {
            var clock = Stopwatch.StartNew();
            string[] saved;
            lock (_saved) { saved = [.. _saved.Select(DisplayPath)]; _saved.Clear(); }
            var result = _builder.Run();
            LastDiagnostics = result.Diagnostics;
            var shown = SavedFirst(result.Diagnostics, saved);
            foreach (var line in shown.Lines) _log.WriteLine(line);
            if (shown.Folded is { } folded) _log.WriteLine(folded);
            if (result.Succeeded && _builder.LastChangedNothing)
            {
                _log.WriteLine($"Ingen ændringer ({clock.ElapsedMilliseconds} ms).");
            }
            else if (result.Succeeded)
            {
                // The address is printed once serve listens; the first build comes before that.
                _log.WriteLine($"Opdateret på {clock.ElapsedMilliseconds} ms." + (Url.Length > 0 ? $" {Url}/" : ""));
                if (_options.Timings) _log.WriteLine(Timings(result.Summary!, firstEvent, debounced, clock.Elapsed));
                BuildCount++;
                Broadcast("reload", "{}");
                RefreshSearchInBackground();
            }
            else
            {
                var errors = Antal.Fejl(result.Diagnostics.Count(d => d.IsError));
                _log.WriteLine(BuildCount == 0
                    ? $"Der er {errors}; der er endnu ingen udgave at vise. Ret fejlene, og gem igen."
                    : $"Der er {errors}; forhåndsvisningen viser stadig den sidste gode udgave.");
                Broadcast("diagnostics", JsonSerializer.Serialize(new { lines = shown.Lines, folded = shown.Folded }));
            }
        }
        catch (Exception ex)
        {
            _log.WriteLine($"sitegen serve: opdateringen mislykkedes uventet: {ex.Message}");
        }
        finally
        {
            // Feeds and data, after the page the person is looking at, in the background: the next save stops
            // them and does not wait. Also after a failed build, which may have stopped them half-way.
            _builder.StartDeferred(_log.WriteLine);
            _buildLock.Release();
        }
    }

    private string Timings(BuildSummary summary, long firstEvent, long debounced, TimeSpan build)
    {
        var how = _builder.LastWasIncremental
            ? "changed pages only: " + string.Join(", ", summary.Stages.Select(s =>
                $"{s.Stage} {s.Elapsed.TotalMilliseconds:0} ms"))
            : "full build";
        var debounceMs = Stopwatch.GetElapsedTime(firstEvent, debounced).TotalMilliseconds;
        var waitMs = Stopwatch.GetElapsedTime(debounced).TotalMilliseconds - build.TotalMilliseconds;
        return string.Create(CultureInfo.InvariantCulture, $"  timings: {how}.") + (firstEvent == 0 ? ""
            : string.Create(CultureInfo.InvariantCulture, $" From the first file event: {debounceMs:0} ms to the " +
                $"end of the debounce, {waitMs:0} ms waiting for the previous build."));
    }

    /// <summary>What the terminal and the overlay show: the diagnostics of the files just saved first, then the
    /// errors of other files (they stop the build too); the warnings of other files are one line.</summary>
    internal static (List<string> Lines, string? Folded) SavedFirst(IReadOnlyList<Diagnostic> diagnostics,
        IReadOnlyCollection<string> saved)
    {
        // In file order, as validate prints them.
        var sorted = diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column)
            .ToList();
        var own = sorted.Where(d => saved.Contains(d.File)).Select(d => d.ToString());
        var otherErrors = sorted.Where(d => !saved.Contains(d.File) && d.IsError).Select(d => d.ToString());
        var otherWarnings = diagnostics.Where(d => !saved.Contains(d.File) && !d.IsError).ToList();
        var files = otherWarnings.Select(d => d.File).Distinct(StringComparer.Ordinal).Count();
        var where = saved.Count > 0 ? "andre filer" : Antal.Af(files, "fil", "filer");
        var folded = otherWarnings.Count == 0 ? null
            : $"{Antal.Advarsler(otherWarnings.Count)} i {where} (kør 'sitegen validate' for at se dem).";
        return ([.. own, .. otherErrors], folded);
    }

    private static string DisplayPath(string full) =>
        Diagnostic.Visible(Path.GetRelativePath(Environment.CurrentDirectory, full).Replace('\\', '/'));

    private void RefreshSearchInBackground()
    {
        _searchCts.Cancel();
        var cts = _searchCts = new CancellationTokenSource();
        var first = BuildCount <= 1; // the first index is wanted at once
        _search = Task.Run(async () =>
        {
            if (!first)
            {
                try { await Task.Delay(SearchQuiet, cts.Token); }
                catch (OperationCanceledException) { return; } // another save came first
            }
            var snapshot = Path.Combine(_work, $"index-{Guid.NewGuid():N}");
            try
            {
                // Index a copy of the pages, so a rebuild meanwhile cannot disturb Pagefind.
                foreach (var file in Directory.EnumerateFiles(_siteDir, "*.html", SearchOption.AllDirectories))
                {
                    var target = Path.Combine(snapshot, Path.GetRelativePath(_siteDir, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(file, target);
                }
                if (cts.IsCancellationRequested) return;
                if (SearchIndexer.Run(snapshot, TextWriter.Null, binary: _options.PagefindBinary,
                        cancel: cts.Token) is { } problem)
                {
                    if (cts.IsCancellationRequested) return; // stopped: a newer refresh, or serve is stopping
                    _log.WriteLine(problem.ToString());
                    return;
                }
                var fresh = Path.Combine(snapshot, "pagefind");
                if (cts.IsCancellationRequested || !Directory.Exists(fresh)) return;
                // One bundle in the preview; search.js reads the same shard list as on the published site.
                File.WriteAllText(Path.Combine(snapshot, SearchShards.ListFile),
                    SearchShards.ListJson([SearchShards.Whole]));
                lock (_stateLock)
                {
                    var old = _searchDir + $".old-{Guid.NewGuid():N}";
                    if (Directory.Exists(_searchDir)) Directory.Move(_searchDir, old);
                    Directory.Move(fresh, _searchDir);
                    TryDelete(old);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _log.WriteLine($"sitegen serve: søgeindekset blev ikke opdateret: {ex.Message}");
            }
            finally
            {
                TryDelete(snapshot);
            }
        });
    }

    private async Task HandleAsync(HttpContext context)
    {
        // DNS rebinding: a web page the secretary visits could point its own host name at 127.0.0.1 and read the
        // preview. Such requests carry that host name; only the loopback names are answered.
        if (!IsLoopbackHost(context.Request.Host))
        {
            await WriteAsync(context, 403, "text/plain; charset=utf-8",
                "Forbudt: SiteGens forhåndsvisning svarer kun på http://127.0.0.1 og http://localhost.");
            return;
        }
        var path = context.Request.Path.Value ?? "/";
        if (path == EventsPath) { await EventsAsync(context); return; }
        foreach (var (k, v) in _headers.For(path)) context.Response.Headers[k] = v;
        if (path == ReloadScriptPath)
        {
            await WriteAsync(context, 200, "text/javascript; charset=utf-8", ReloadScript);
            return;
        }
        if (path == OverlayCssPath) { await WriteAsync(context, 200, "text/css; charset=utf-8", OverlayCss); return; }

        var file = Resolve(path);
        if (file is null)
        {
            var notFound = Path.Combine(_siteDir, "404.html");
            if (File.Exists(notFound)) await ServeFileAsync(context, notFound, 404);
            else await WriteAsync(context, 404, "text/plain; charset=utf-8", "Siden findes ikke.");
            return;
        }
        if (!path.EndsWith('/') && !Path.GetFileName(path).Contains('.')
            && file.EndsWith("index.html", StringComparison.Ordinal))
        {
            // Same as Netlify: a folder URL without its slash redirects, so relative links keep working.
            context.Response.StatusCode = 301;
            context.Response.Headers.Location = path + "/" + context.Request.QueryString;
            return;
        }
        await ServeFileAsync(context, file, 200);
    }

    /// <summary>Host is localhost, 127.0.0.1 or [::1], with no port or the preview's own.</summary>
    internal bool IsLoopbackHost(HostString host)
    {
        if (!host.HasValue) return false;
        var name = host.Host;
        if (!name.Equals("localhost", StringComparison.OrdinalIgnoreCase) && name is not ("127.0.0.1" or "[::1]"))
            return false;
        return host.Port is null || host.Port == _port;
    }

    private string? Resolve(string requestPath)
    {
        var relative = Uri.UnescapeDataString(requestPath).TrimStart('/');
        if (relative.Contains("..", StringComparison.Ordinal)) return null;
        var root = _siteDir;
        if (relative.StartsWith("pagefind/", StringComparison.Ordinal))
        {
            root = _searchDir;
            relative = relative["pagefind/".Length..];
        }
        var full = Path.Combine(root, relative);
        if (File.Exists(full)) return full;
        var index = Path.Combine(full, "index.html");
        return File.Exists(index) ? index : null;
    }

    private async Task ServeFileAsync(HttpContext context, string file, int status)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        if (!_types.TryGetContentType(file, out var type)) type = "application/octet-stream";
        if (file.EndsWith(".html", StringComparison.Ordinal))
        {
            // The only change to production pages: a same-origin script for reload and the error overlay.
            var html = await File.ReadAllTextAsync(file);
            var inject = $"<link rel=\"stylesheet\" href=\"{OverlayCssPath}\"><script type=\"module\" " +
                $"src=\"{ReloadScriptPath}\"></script>";
            var at = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
            html = at >= 0 ? html.Insert(at, inject) : html + inject;
            await WriteAsync(context, status, "text/html; charset=utf-8", html);
            return;
        }
        context.Response.ContentType = type;
        await context.Response.SendFileAsync(file);
    }

    private static async Task WriteAsync(HttpContext context, int status, string type, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        await context.Response.WriteAsync(body, Encoding.UTF8);
    }

    private async Task EventsAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var client = new StreamWriterClient(context.Response);
        lock (_clients)
        {
            _clients.Add(client);
            // A page opened while the input has errors shows them at once.
            if (_lastEvent.StartsWith("event: diagnostics", StringComparison.Ordinal)) client.Enqueue(_lastEvent);
        }
        client.Enqueue(": connected\n\n");
        try { await client.RunAsync(context.RequestAborted); }
        finally { lock (_clients) _clients.Remove(client); }
    }

    private void Broadcast(string name, string json)
    {
        var message = $"event: {name}\ndata: {json}\n\n";
        lock (_clients)
        {
            _lastEvent = message;
            foreach (var c in _clients) c.Enqueue(message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watcher?.Dispose();
        if (_debounce is not null) await _debounce.DisposeAsync();
        _searchCts.Cancel();
        // A running Pagefind is killed by the cancel; wait for it, so that serve never leaves it running, nor
        // writing into the folder deleted below.
        await Task.WhenAny(_search, Task.Delay(TimeSpan.FromSeconds(30)));
        _builder.StopDeferred();
        lock (_clients) foreach (var c in _clients) c.Complete();
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
        TryDelete(_work);
    }

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>One open server-sent-events connection.</summary>
    private sealed class StreamWriterClient(HttpResponse response)
    {
        private readonly System.Threading.Channels.Channel<string> _queue =
            System.Threading.Channels.Channel.CreateUnbounded<string>();

        public void Enqueue(string message) => _queue.Writer.TryWrite(message);

        public void Complete() => _queue.Writer.TryComplete();

        public async Task RunAsync(CancellationToken ct)
        {
            try
            {
                await response.Body.FlushAsync(ct);
                await foreach (var message in _queue.Reader.ReadAllAsync(ct))
                {
                    await response.WriteAsync(message, ct);
                    await response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) { }
        }
    }

    private const string ReloadScript = """
        // SiteGen preview only: reload on rebuild, show build errors over the page.
        const events = new EventSource("/_sitegen/events");
        // Marks the page as live (a test, or a curious user, can see the preview is connected).
        events.addEventListener("open", () => { document.documentElement.dataset.sitegenPreview = "connected"; });
        events.addEventListener("reload", () => location.reload());
        let collapsed = false;
        events.addEventListener("diagnostics", (e) => {
          const data = JSON.parse(e.data);
          let box = document.getElementById("sitegen-overlay");
          if (!box) {
            box = document.createElement("div");
            box.id = "sitegen-overlay";
            box.setAttribute("role", "alert");
            box.lang = "da";
            document.body.append(box);
          }
          box.replaceChildren();
          const head = document.createElement("div");
          head.className = "sitegen-head";
          const h = document.createElement("p");
          h.textContent = "Referatet har fejl. Siden viser den sidste gode udgave. Ret fejlene, og gem igen:";
          // A real button: reachable with Tab, works with Enter and Space, tells screen readers its state.
          const toggle = document.createElement("button");
          toggle.type = "button";
          toggle.setAttribute("aria-controls", "sitegen-overlay-list");
          const list = document.createElement("ul");
          list.id = "sitegen-overlay-list";
          for (const line of data.lines) {
            const li = document.createElement("li");
            li.textContent = line;
            list.append(li);
          }
          if (data.folded) {
            const li = document.createElement("li");
            li.className = "sitegen-folded";
            li.textContent = data.folded;
            list.append(li);
          }
          const show = () => {
            list.hidden = collapsed;
            toggle.textContent = collapsed ? "Vis fejlene" : "Skjul fejlene";
            toggle.setAttribute("aria-expanded", String(!collapsed));
          };
          toggle.addEventListener("click", () => { collapsed = !collapsed; show(); });
          show();
          head.append(h, toggle);
          box.append(head, list);
        });
        """;

    // Never more than 40 % of the screen (a phone too): the rest scrolls inside the box.
    private const string OverlayCss = """
        #sitegen-overlay { position: fixed; inset: auto 0 0 0; max-height: 40vh; overflow: auto; z-index: 1000;
          background: #fff4f4; color: #1a1a1a; border-top: 4px solid #b3261e; padding: .75rem 1rem;
          font: 1rem/1.5 system-ui, sans-serif; overscroll-behavior: contain; box-sizing: border-box; }
        #sitegen-overlay .sitegen-head { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center;
          justify-content: space-between; }
        #sitegen-overlay .sitegen-head p { margin: 0; flex: 1 1 16rem; }
        #sitegen-overlay button { font: inherit; padding: .25rem .75rem; min-height: 44px; color: #1a1a1a;
          background: #fff; border: 2px solid #b3261e; border-radius: 4px; cursor: pointer; }
        #sitegen-overlay button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
        #sitegen-overlay ul { margin: .5rem 0 0; padding-left: 1.25rem; font-family: ui-monospace, monospace;
          font-size: .875rem; overflow-wrap: anywhere; }
        #sitegen-overlay .sitegen-folded { font-family: system-ui, sans-serif; list-style: none;
          margin-left: -1.25rem; }
        """;
}

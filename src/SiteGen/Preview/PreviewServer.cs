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
using SiteGen.Output;
using SiteGen.Search;
using SiteGen.Validation;
using SiteGen.Diagnostics;

namespace SiteGen.Preview;

public sealed record PreviewOptions(string InputDir, int Port = 0, string NetlifyToml = "netlify.toml");

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
    private string _lastEvent = "";
    private int _port;
    private long _firstEvent; // Stopwatch timestamp of the first file event not yet built, 0 if none

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
            ? $"the preview's temporary folder ({Path.GetTempPath()}) cannot be used: {p}. Set TMPDIR to another folder"
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
        server.Rebuild();
        await server.StartWebAsync(ct);
        server.Watch();
        return server;
    }

    private async Task StartWebAsync(CancellationToken ct)
    {
        // An empty content root: ASP.NET Core watches its content root recursively for appsettings changes,
        // and with the current folder as root (a repository, a benchmark archive) that exhausted the system's
        // file watches and silently stopped serve from seeing saved referater.
        var root = Directory.CreateDirectory(Path.Combine(_work, "content-root")).FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_options.Port}");
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(ct);
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
        FileSystemEventHandler changed = (_, _) => Changed();
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Deleted += changed;
        _watcher.Renamed += (_, _) => Changed();
        // Without this a watcher the system refuses (Linux limits the number of watched folders) would
        // leave the preview silently stale; say so, and what to do.
        _watcher.Error += (_, e) => WatchFailed(e.GetException());
        try { _watcher.EnableRaisingEvents = true; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            WatchFailed(ex);
        }
    }

    private void Changed()
    {
        // The first event of a save, for the log: how long the debounce and any wait took.
        Interlocked.CompareExchange(ref _firstEvent, Stopwatch.GetTimestamp(), 0);
        _debounce!.Change(DebounceMs, Timeout.Infinite);
    }

    private void WatchFailed(Exception ex) => _log.WriteLine(
        $"sitegen serve: cannot watch '{_options.InputDir}' for changes ({ex.Message}). Saved files will not show up " +
        "until serve is restarted. On Linux, close other programs that watch many files or raise " +
        "fs.inotify.max_user_watches / fs.inotify.max_user_instances.");

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
            var result = _builder.Run();
            LastDiagnostics = result.Diagnostics;
            foreach (var d in result.Diagnostics) _log.WriteLine(d.ToString());
            if (result.Succeeded && _builder.LastChangedNothing)
            {
                _log.WriteLine($"Nothing changed ({clock.ElapsedMilliseconds} ms).");
            }
            else if (result.Succeeded)
            {
                var how = _builder.LastWasIncremental
                    ? " (changed pages only: " +
                        string.Join(", ", result.Summary!.Stages.Select(s =>
                            $"{s.Stage} {s.Elapsed.TotalMilliseconds:0} ms")) +
                        ")"
                    : "";
                var debounceMs = Stopwatch.GetElapsedTime(firstEvent, debounced).TotalMilliseconds;
                var waitMs = Stopwatch.GetElapsedTime(debounced).TotalMilliseconds - clock.Elapsed.TotalMilliseconds;
                var waits = firstEvent == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                    $" From the first file event: {debounceMs:0} ms to the end of the debounce, " +
                    $"{waitMs:0} ms waiting for the previous build.");
                _log.WriteLine($"Rebuilt in {clock.ElapsedMilliseconds} ms{how}.{waits} {Url}/");
                BuildCount++;
                Broadcast("reload", "{}");
                RefreshSearchInBackground();
            }
            else
            {
                _log.WriteLine($"Build failed ({result.Diagnostics.Count(d => d.IsError)} errors); still showing the " +
                    "last good version.");
                var json = JsonSerializer.Serialize(result.Diagnostics.Select(d => d.ToString()));
                Broadcast("diagnostics", json);
            }
        }
        catch (Exception ex)
        {
            _log.WriteLine($"sitegen serve: rebuild failed unexpectedly: {ex.Message}");
        }
        finally
        {
            // Feeds and data, after the page the person is looking at, in the background: the next save stops
            // them and does not wait. Also after a failed build, which may have stopped them half-way.
            _builder.StartDeferred(_log.WriteLine);
            _buildLock.Release();
        }
    }

    private void RefreshSearchInBackground()
    {
        _searchCts.Cancel();
        var cts = _searchCts = new CancellationTokenSource();
        var first = BuildCount <= 1; // the first index is wanted at once
        _ = Task.Run(async () =>
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
                if (SearchIndexer.Run(snapshot, TextWriter.Null) is { } problem)
                {
                    _log.WriteLine(problem.ToString());
                    return;
                }
                var fresh = Path.Combine(snapshot, "pagefind");
                if (cts.IsCancellationRequested || !Directory.Exists(fresh)) return;
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
                _log.WriteLine($"sitegen serve: search index not refreshed: {ex.Message}");
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
                "Forbidden: the SiteGen preview answers only http://127.0.0.1 and http://localhost.");
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
            else await WriteAsync(context, 404, "text/plain; charset=utf-8", "Not found");
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
        events.addEventListener("diagnostics", (e) => {
          let box = document.getElementById("sitegen-overlay");
          if (!box) {
            box = document.createElement("div");
            box.id = "sitegen-overlay";
            box.setAttribute("role", "alert");
            document.body.append(box);
          }
          box.replaceChildren();
          const h = document.createElement("p");
          h.textContent = "The referat has errors. The page shows the last good version. Fix these and save:";
          const list = document.createElement("ul");
          for (const line of JSON.parse(e.data)) {
            const li = document.createElement("li");
            li.textContent = line;
            list.append(li);
          }
          box.append(h, list);
        });
        """;

    private const string OverlayCss = """
        #sitegen-overlay { position: fixed; inset: auto 0 0 0; max-height: 50vh; overflow: auto; z-index: 1000;
          background: #fff4f4; color: #1a1a1a; border-top: 4px solid #b3261e; padding: 1rem 1.5rem; font: 1rem/1.5 system-ui, sans-serif; }
        #sitegen-overlay ul { margin: .5rem 0 0; padding-left: 1.25rem; font-family: ui-monospace, monospace; font-size: .875rem; }
        """;
}

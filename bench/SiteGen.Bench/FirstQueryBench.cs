using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using SiteGen.Preview;

namespace SiteGen.Bench;

/// <summary>What a citizen's first search really transfers: the real <c>/soeg/</c> page in Chromium, one fresh
/// browser context (empty cache) per query, served like Netlify serves it (netlify.toml headers, text files
/// gzip-compressed at the highest level, Pagefind's index files as they are, already gzip). Counts the body
/// bytes the server sent for the search script and every <c>/pagefind/</c> file (page and worker) from
/// opening <c>/soeg/?q=…</c> until the results are shown and the network is idle (on a desktop viewport, so the
/// filter counts made after the results are included). With lazy shard loading (issue 18) a first search may
/// read the newest shard alone: <see cref="Result.Later"/> is what is still fetched in the 2 s after that (none
/// expected), and <see cref="Result.OlderShardFiles"/> how many files of older shards were fetched.</summary>
public static class FirstQueryBench
{
    /// <summary>What citizens type: words and phrases from the seeds' and the generator's item titles.</summary>
    public static readonly string[] Queries =
    [
        "budget", "sygefravær", "skole", "affald", "lokalplan", "økonomi", "beredskab", "trivsel", "klimaplan",
        "udmøntningsplan", "ældreplejen", "plejecenter", "trafik", "høringssvar", "anlægsbevilling", "arbejdsmiljø",
        "borgerservice", "digitalisering", "budgetopfølgning", "lokalplan for boligområde", "tilsyn med plejecentre",
    ];

    private const string ChromiumPath = "/usr/bin/chromium";

    public sealed record Result(string Query, string Status, int Files, long Bytes, long PageBytes, long Later = 0,
        int OlderShardFiles = 0);

    private static bool SearchFile(string path) =>
        path.StartsWith("/pagefind/", StringComparison.Ordinal)
        || path.StartsWith("/assets/search.", StringComparison.Ordinal);

    /// <param name="suffix">added to each search address, e.g. <c>&amp;arkiv=alle</c> (the whole archive at once)
    /// </param>
    public static async Task<IReadOnlyList<Result>> Run(string site, string netlifyToml, TextWriter log,
        string suffix = "")
    {
        var headers = File.Exists(netlifyToml) ? NetlifyHeaders.Load(netlifyToml) : NetlifyHeaders.None;
        using var server = new GzipServer(site, headers);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
        var results = new List<Result>();
        foreach (var query in Queries)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "da-DK" });
            var page = await context.NewPageAsync();
            server.Sent.Clear();
            await page.GotoAsync($"{server.Url}/soeg/?q={Uri.EscapeDataString(query)}{suffix}");
            var status = page.GetByRole(AriaRole.Status);
            await Assertions.Expect(status).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("resultat|Ingen", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
                new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var sent = server.Sent.ToArray();
            var search = sent.Where(s => SearchFile(s.Key)).ToList();
            var shown = (await status.TextContentAsync() ?? "").Trim();
            await page.WaitForTimeoutAsync(2000);
            var later = server.Sent.Where(s => SearchFile(s.Key)).Sum(s => s.Value) - search.Sum(s => s.Value);
            var older = server.Sent.Keys.Count(k => k.StartsWith("/pagefind/del-", StringComparison.Ordinal));
            var result = new Result(query, shown, search.Count, search.Sum(s => s.Value), sent.Sum(s => s.Value),
                later, older);
            log.WriteLine($"{result.Bytes,9} bytes {result.Files,3} files (+{later} bytes in the next 2 s; " +
                $"{older} files of older shards)  {query}: {result.Status}");
            foreach (var (path, bytes) in search.OrderBy(s => s.Key, StringComparer.Ordinal)) log.WriteLine($"            {bytes,9} {path}");
            results.Add(result);
        }
        return results;
    }

    /// <summary>A minimal static server on 127.0.0.1 that records the body bytes it sends per path.</summary>
    private sealed class GzipServer : IDisposable
    {
        private static readonly HashSet<string> Compressed = new(StringComparer.Ordinal) { ".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".ics" };
        private readonly HttpListener _listener = new();
        private readonly string _root;
        private readonly NetlifyHeaders _headers;
        private readonly Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider _types = new();
        public ConcurrentDictionary<string, long> Sent { get; } = new(StringComparer.Ordinal);
        public string Url { get; }

        public GzipServer(string root, NetlifyHeaders headers)
        {
            _root = Path.GetFullPath(root);
            _headers = headers;
            foreach (var ext in new[] { ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter", ".pagefind" })
                _types.Mappings[ext] = "application/octet-stream";
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _ = Task.Run(Loop);
        }

        private async Task Loop()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                _ = Task.Run(() => Serve(context));
            }
        }

        private async Task Serve(HttpListenerContext context)
        {
            var response = context.Response;
            try
            {
                var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
                var file = Path.GetFullPath(Path.Combine(_root, path.TrimStart('/')));
                if (Directory.Exists(file)) file = Path.Combine(file, "index.html");
                if (!file.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(file))
                {
                    response.StatusCode = 404;
                    return;
                }
                foreach (var (name, value) in _headers.For(path)) response.Headers[name] = value;
                response.ContentType = _types.TryGetContentType(file, out var type) ? type : "application/octet-stream";
                var body = await File.ReadAllBytesAsync(file);
                if (Compressed.Contains(Path.GetExtension(file)) && (context.Request.Headers["Accept-Encoding"] ?? "").Contains("gzip", StringComparison.Ordinal))
                {
                    using var buffer = new MemoryStream();
                    await using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize)) await gzip.WriteAsync(body);
                    body = buffer.ToArray();
                    response.Headers["Content-Encoding"] = "gzip";
                }
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body);
                Sent.AddOrUpdate(path, body.Length, (_, before) => before + body.Length);
            }
            catch (Exception ex) when (ex is IOException or HttpListenerException)
            {
                response.StatusCode = 500;
            }
            finally
            {
                try { response.Close(); } catch (ObjectDisposedException) { }
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }

    public static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string Summary(IReadOnlyList<Result> results) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{FirstQueryBench.Median(results.Select(r => r.Bytes))} median / {results.Max(r => r.Bytes)} max bytes " +
            $"over {results.Count} queries; {results.Sum(r => r.Later)} bytes in the 2 s after, " +
            $"{results.Count(r => r.OlderShardFiles > 0)} queries read an older shard");
}

using System.Net;
using SiteGen.Preview;

namespace SiteGen.Tests.Preview;

/// <summary>serve answers only the loopback host names (no DNS rebinding: a web page the secretary visits cannot
/// read the preview), and sends attachments as downloads, as production does (both from netlify.toml and code).</summary>
public sealed class PreviewSecurityTests(PreviewSecurityTests.Served served) : IClassFixture<PreviewSecurityTests.Served>
{
    private const string Attachment = "/direktionen/2024-11-13/bilag/punkt-3-bilag-1.pdf";

    private readonly PreviewServer _server = served.Server!;

    /// <summary>One preview of the shipped input, with an open attachment that has a file.</summary>
    public sealed class Served : IAsyncLifetime
    {
        private readonly string _input = TestPaths.CopyOfInput();

        public PreviewServer? Server { get; private set; }

        public async Task InitializeAsync()
        {
            var referat = Path.Combine(_input, "referater", "2024", "2024-11-13-direktionen.md");
            var text = File.ReadAllText(referat);
            Assert.Contains("        dokument: 108223/24\n", text);
            File.WriteAllText(referat, text.Replace("        dokument: 108223/24\n", "        dokument: 108223/24\n        fil: bilag/108223-24.pdf\n"));
            Directory.CreateDirectory(Path.Combine(_input, "referater", "2024", "bilag"));
            File.WriteAllText(Path.Combine(_input, "referater", "2024", "bilag", "108223-24.pdf"), "%PDF-1.4 bilag");
            Server = await PreviewServer.StartAsync(
                new PreviewOptions(_input, 0, Path.Combine(TestPaths.RepoRoot, "netlify.toml")), TextWriter.Null);
            Assert.DoesNotContain(Server.LastDiagnostics, d => d.IsError);
        }

        public async Task DisposeAsync()
        {
            if (Server is not null) await Server.DisposeAsync();
            Directory.Delete(_input, true);
        }
    }

    private async Task<HttpResponseMessage> GetWithHost(string path, string host)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.Url + path);
        request.Headers.Host = host;
        return await http.SendAsync(request);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:{port}")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("localhost.evil.example:{port}")]
    [InlineData("10.0.0.1:{port}")]
    [InlineData("localhost:1")]
    public async Task Another_host_name_is_forbidden(string host)
    {
        var port = new Uri(_server.Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var path in new[] { "/", "/direktionen/2024-11-13/", "/_sitegen/events", "/feed.xml" })
        {
            using var response = await GetWithHost(path, host.Replace("{port}", port, StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("Direktionen", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:{port}")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("[::1]:{port}")]
    [InlineData("[::1]")]
    public async Task The_loopback_names_are_answered(string host)
    {
        var port = new Uri(_server.Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var response = await GetWithHost("/", host.Replace("{port}", port, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Attachments_are_sent_as_downloads_with_nosniff()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_server.Url) };
        using var response = await http.GetAsync(Attachment);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("%PDF-1.4 bilag", await response.Content.ReadAsStringAsync());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        using var page = await http.GetAsync("/direktionen/2024-11-13/");
        Assert.Null(page.Content.Headers.ContentDisposition); // pages are shown, not downloaded
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("/:udvalg/:dato/bilag/*", "/direktionen/2024-11-13/bilag/punkt-3-bilag-1.pdf", true)]
    [InlineData("/:udvalg/:dato/bilag/*", "/direktionen/2024-11-13/", false)]
    [InlineData("/:udvalg/:dato/bilag/*", "/bilag/x.pdf", false)]
    [InlineData("/*/*/bilag/*", "/direktionen/2024-11-13/bilag/punkt-3-bilag-1.pdf", true)]
    [InlineData("/pagefind/*", "/pagefind/index/x.pf_index", true)]
    [InlineData("/*.css", "/assets/site.css", true)]
    [InlineData("/Feed.xml", "/feed.xml", true)]
    public void Netlify_patterns_with_placeholders_and_several_stars_match_like_netlify(string pattern, string path, bool expected) =>
        Assert.Equal(expected, NetlifyHeaders.Matches(pattern, path));
}

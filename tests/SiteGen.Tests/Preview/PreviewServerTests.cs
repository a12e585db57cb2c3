using Xunit.Abstractions;
using System.Diagnostics;
using SiteGen.Preview;

namespace SiteGen.Tests.Preview;

public class PreviewServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Serves_the_site_with_production_headers_and_shows_a_change_within_a_second()
    {
        var input = TestPaths.CopyOfInput();
        try
        {
            await using var server = await PreviewServer.StartAsync(
                new PreviewOptions(input, 0, Path.Combine(TestPaths.RepoRoot, "netlify.toml")), TextWriter.Null);
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };

            var front = await http.GetAsync("/");
            Assert.Equal(200, (int)front.StatusCode);
            Assert.Contains("default-src 'self'", front.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", front.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(404, (int)(await http.GetAsync("/findes-ikke/")).StatusCode);

            const string page = "/direktionen/2024-11-13/";
            Assert.DoesNotContain("Rettet ordlyd i forhåndsvisningen", await http.GetStringAsync(page));
            var file = Path.Combine(input, "referater", "2024", "2024-11-13-direktionen.md");
            var original = await File.ReadAllTextAsync(file);
            var changed = original.Replace("Punkterne til møderne blev behandlet.", "Rettet ordlyd i forhåndsvisningen.", StringComparison.Ordinal);
            Assert.NotEqual(original, changed);

            var buildsBefore = server.BuildCount;
            var clock = Stopwatch.StartNew();
            await File.WriteAllTextAsync(file, changed);
            var seen = false;
            while (clock.Elapsed < TimeSpan.FromSeconds(10) && !seen)
            {
                seen = (await http.GetStringAsync(page)).Contains("Rettet ordlyd i forhåndsvisningen", StringComparison.Ordinal);
                if (!seen) await Task.Delay(25);
            }
            Assert.True(seen, "the change never showed up");
            // The one-second target is measured by the benchmark (bench/run.sh, median of repeated edits),
            // not asserted here: a timed assertion on a shared, noisy machine would only flake.
            output.WriteLine($"change visible after {clock.ElapsedMilliseconds} ms");

            // A file with errors keeps the last good version visible. (The page can be served a moment
            // before the build that wrote it is counted: wait for the count first.)
            while (server.BuildCount == buildsBefore && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
            await File.WriteAllTextAsync(file, changed.Replace("status: åben", "staus: åben", StringComparison.Ordinal));
            clock.Restart();
            while (server.LastDiagnostics.All(d => !d.IsError) && clock.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(25);
            Assert.Contains(server.LastDiagnostics, d => d.IsError);
            Assert.Contains("Rettet ordlyd i forhåndsvisningen", await http.GetStringAsync(page));
        }
        finally { Directory.Delete(input, true); }
    }

    [Theory]
    [InlineData("/*", "/direktionen/", true)]
    [InlineData("/assets/*", "/assets/site.css", true)]
    [InlineData("/assets/*", "/direktionen/", false)]
    [InlineData("/feed.xml", "/feed.xml", true)]
    public void Netlify_path_patterns_match_like_netlify(string pattern, string path, bool expected) =>
        Assert.Equal(expected, NetlifyHeaders.Matches(pattern, path));
}

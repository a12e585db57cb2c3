using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SiteGen.Tests.Rendering;

namespace SiteGen.Tests.Feeds;

/// <summary>Runs Feeds/readers.py with the system Python (feedparser, icalendar, jsonschema) on a built
/// site and returns its JSON report: what real feed readers, calendars and validators make of the files.</summary>
public static class Readers
{
    public const string Python = "/usr/bin/python3";

    public static JsonElement Read(string siteDir)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Feeds", "readers.py");
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(siteDir);
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        psi.Environment["PYTHONWARNINGS"] = "ignore";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(true); throw new TimeoutException("readers.py did not finish"); }
        Assert.True(p.ExitCode == 0, $"readers.py failed ({p.ExitCode}):\n{stderr.Result}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    public static IEnumerable<JsonProperty> Props(this JsonElement e, string name) => e.GetProperty(name).EnumerateObject();

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static IReadOnlyList<JsonElement> Entries(this JsonElement report, string feed) =>
        report.GetProperty("feeds").GetProperty(feed).GetProperty("entries").EnumerateArray().ToList();

    /// <summary>The output file an absolute site URL points to (fragment dropped), or null for another host.</summary>
    public static string? FileFor(string baseUrl, string url, string outputDir)
    {
        if (!url.StartsWith(baseUrl + "/", StringComparison.Ordinal)) return null;
        var path = url[baseUrl.Length..];
        var hash = path.IndexOf('#');
        if (hash >= 0) path = path[..hash];
        if (path.EndsWith('/')) path += "index.html";
        return Path.Combine(outputDir, path.TrimStart('/'));
    }
}

/// <summary>The site-leak fixture built once and read once by the Python readers.</summary>
public sealed class ReadLeakSite : IDisposable
{
    public const string BaseUrl = "https://referater.testrup.example";
    public BuiltSite Site { get; } = new("site-leak");
    public JsonElement Report { get; }

    public ReadLeakSite()
    {
        Assert.True(Site.Result.Succeeded, string.Join("\n", Site.Result.Diagnostics));
        Report = Readers.Read(Site.Output);
    }

    public void Dispose() => Site.Dispose();
}

using System.Diagnostics;
using SiteGen.Preview;

namespace SiteGen.Bench;

/// <summary>Time from saving one referat to the preview having rebuilt it, as the secretariat sees it.</summary>
public static class RebuildBench
{
    public static async Task<long> MedianMilliseconds(string inputDir, int runs)
    {
        // The server's own log ("Rebuilt … in N ms") goes to stderr: build time without the file-watch delay.
        await using var server = await PreviewServer.StartAsync(new PreviewOptions(inputDir, 0), Console.Error);
        var file = Directory.EnumerateFiles(Path.Combine(inputDir, "referater"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        var original = await File.ReadAllTextAsync(file);
        var times = new List<long>();
        for (var i = 0; i < runs; i++)
        {
            var before = server.BuildCount;
            var clock = Stopwatch.StartNew();
            await File.WriteAllTextAsync(file, original + $"\nRettelse nummer {i}.\n");
            while (server.BuildCount == before && clock.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(5);
            times.Add(clock.ElapsedMilliseconds);
            await Task.Delay(300); // let the background search refresh start, as it would between edits
        }
        await File.WriteAllTextAsync(file, original);
        times.Sort();
        return times[times.Count / 2];
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using SiteGen.Preview;

namespace SiteGen.Bench;

/// <summary>Time from saving one referat to the rebuilt page being served, as the secretariat sees it:
/// the clock starts before the file is written and stops when the page, fetched the moment serve's
/// "reload" event arrives (what the browser does), contains the new text. Nothing polls: the event
/// stream is read as it arrives, so the measurement adds only one local HTTP request.</summary>
public static class RebuildBench
{
    public static async Task<long> MedianMilliseconds(string inputDir, int runs, int gapMs = 300)
    {
        // The server's own log (the rebuild's stages and waits) goes to stderr.
        await using var server = await PreviewServer.StartAsync(new PreviewOptions(inputDir, 0, Timings: true),
            Console.Error);
        var file = Directory.EnumerateFiles(Path.Combine(inputDir, "referater"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        var original = await File.ReadAllTextAsync(file);
        // The edit goes into the meeting's place (sted, shown on the meeting page): text appended at the end of the
        // file would land in the last item, which is withheld when that item is closed.
        var sted = original.IndexOf("\nsted: ", StringComparison.Ordinal);
        if (sted < 0 || original[sted + 7] is '"' or '\'') throw new InvalidOperationException($"{file}: no plain 'sted:' line to edit");
        var stedEnd = original.IndexOf('\n', sted + 1);
        string Edited(string marker) => original[..stedEnd] + " – " + marker + original[stedEnd..];
        // <yyyy-mm-dd>-<udvalg-slug>.md → /<udvalg-slug>/<yyyy-mm-dd>/ (the generator's naming).
        var name = Path.GetFileNameWithoutExtension(file);
        var page = $"{server.Url}/{name[11..]}/{name[..10]}/";

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var reloads = Channel.CreateUnbounded<long>();
        using var stop = new CancellationTokenSource();
        var events = Task.Run(async () =>
        {
            try
            {
                await using var stream = await http.GetStreamAsync($"{server.Url}/_sitegen/events", stop.Token);
                using var reader = new StreamReader(stream);
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                    if (line == "event: reload") reloads.Writer.TryWrite(Stopwatch.GetTimestamp());
            }
            catch (OperationCanceledException) { }
        });
        await Task.Delay(200); // the event stream is connected

        var times = new List<long>();
        for (var i = 0; i < runs; i++)
        {
            var marker = $"Rettelse nummer {i} fra benchmark";
            while (reloads.Reader.TryRead(out _)) { } // reloads of earlier saves
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await File.WriteAllTextAsync(file, Edited(marker));
            long reloadAt = 0, servedAt = 0;
            var seen = false;
            while (!seen && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                reloadAt = await reloads.Reader.ReadAsync(wait.Token);
                var html = await http.GetStringAsync(page);
                servedAt = Stopwatch.GetTimestamp();
                seen = html.Contains(marker, StringComparison.Ordinal);
            }
            var total = clock.ElapsedMilliseconds;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            if (!seen) throw new InvalidOperationException($"the page {page} never showed the edit");
            times.Add(total);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench: edit {i}: {total} ms from save to page served (reload event → page fetched {Stopwatch.GetElapsedTime(reloadAt, servedAt).TotalMilliseconds:0} ms); CPU of the process meanwhile {cpu.TotalMilliseconds:0} ms"));
            await Task.Delay(gapMs); // the next save comes while the previous one's feeds and data are being written
        }
        await File.WriteAllTextAsync(file, original);
        await Task.Delay(500);
        stop.Cancel();
        await events;
        times.Sort();
        Console.Error.WriteLine($"bench: sorted ms: {string.Join(' ', times)}");
        return times[times.Count / 2];
    }
}

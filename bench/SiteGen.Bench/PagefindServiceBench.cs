using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SiteGen.Bench;

/// <summary>Experiment: index the meeting pages through Pagefind's service protocol (what the npm package's
/// Node API speaks to <c>pagefind_extended --service</c>: base64-encoded JSON messages, each followed by a
/// comma) instead of the CLI reading the folder. Shows what feeding pages from the render would cost:
/// time from the first AddFile to the last answer, and from WriteFiles to its answer.</summary>
public static partial class PagefindServiceBench
{
    [GeneratedRegex(@"^[^/]+/\d{4}-\d{2}-\d{2}/index\.html$")]
    private static partial Regex MeetingPage();

    public static void Run(string binary, string site, string outputPath, TextWriter log)
    {
        var start = new ProcessStartInfo(binary, "--service")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdin = process.StandardInput;
        var answers = new System.Collections.Concurrent.BlockingCollection<JsonNode>();
        var reader = Task.Run(() =>
        {
            var message = new StringBuilder();
            int c;
            while ((c = process.StandardOutput.Read()) >= 0)
            {
                if (c != ',') { message.Append((char)c); continue; }
                answers.Add(JsonNode.Parse(Convert.FromBase64String(message.ToString()))!);
                message.Clear();
            }
            answers.CompleteAdding();
        });
        var id = 0;
        void Send(object payload)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(new { message_id = ++id, payload });
            stdin.Write(Convert.ToBase64String(json));
            stdin.Write(',');
        }
        JsonNode Answer()
        {
            var a = answers.Take();
            if ((string?)a["payload"]?["type"] == "Error") throw new InvalidOperationException(a.ToJsonString());
            return a;
        }

        var clock = Stopwatch.StartNew();
        Send(new { type = "NewIndex", config = new { } });
        stdin.Flush();
        var index = (int)Answer()["payload"]!["index_id"]!;
        var pages = Directory.EnumerateFiles(site, "index.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(site, f).Replace('\\', '/'))
            .Where(p => MeetingPage().IsMatch(p)).Order(StringComparer.Ordinal).ToList();
        var sending = Task.Run(() =>
        {
            foreach (var page in pages)
                Send(new { type = "AddFile", index_id = index, file_path = page, file_contents = File.ReadAllText(Path.Combine(site, page)) });
            stdin.Flush();
        });
        for (var i = 0; i < pages.Count; i++) Answer();
        sending.Wait();
        var added = clock.Elapsed;
        Send(new { type = "WriteFiles", index_id = index, output_path = Path.GetFullPath(outputPath) });
        stdin.Flush();
        Answer();
        var written = clock.Elapsed;
        stdin.Close();
        process.WaitForExit();
        reader.Wait();
        log.WriteLine($"{pages.Count} pages: AddFile {added.TotalSeconds:F2} s, WriteFiles {(written - added).TotalSeconds:F2} s, total {written.TotalSeconds:F2} s wall");
    }
}

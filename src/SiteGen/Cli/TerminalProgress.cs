using System.Diagnostics;

namespace SiteGen.Cli;

/// <summary>A one-line progress display for long builds on a terminal: the current stage and the time
/// so far, redrawn in place. Only used when both stdout and stderr are a terminal, so logs, CI and
/// redirected output never see carriage returns or escape codes.</summary>
public sealed class TerminalProgress : IDisposable
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["load+validate"] = "Læser og kontrollerer referater",
        ["publish"] = "Tilbageholder lukkede punkter",
        ["attachments"] = "Læser teksten i åbne bilag",
        ["reuse"] = "Genbruger det uændrede fra sidste bygning",
        ["render"] = "Skriver sider",
        ["feeds+data"] = "Skriver feeds og data",
        ["search"] = "Bygger søgeindekset",
        ["swap"] = "Udgiver til output-mappen",
    };

    /// <summary>A build stage as the secretary reads it (the build summary names the stages too).</summary>
    public static string Label(string stage) => Labels.GetValueOrDefault(stage, stage);

    private readonly TextWriter _terminal;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly object _lock = new();
    private string _stage = "";
    private int _step;
    private bool _done;

    public TerminalProgress(TextWriter terminal, TimeSpan? tick = null)
    {
        _terminal = terminal;
        var every = tick ?? TimeSpan.FromMilliseconds(250);
        _timer = new Timer(_ => Draw(), null, every, every);
    }

    /// <summary>True when a progress line can be drawn: an interactive terminal, not CI, not redirected.</summary>
    public static bool Wanted() =>
        !Console.IsOutputRedirected && !Console.IsErrorRedirected
        && Environment.GetEnvironmentVariable("CI") is null or "" or "false"
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public void Stage(string stage)
    {
        lock (_lock) { _stage = Label(stage); _step++; }
        Draw();
    }

    private void Draw()
    {
        lock (_lock)
        {
            if (_done || _stage.Length == 0) return;
            _terminal.Write($"\r\u001b[K[{_step}/{Labels.Count}] {_stage}… {_clock.Elapsed.TotalSeconds:0.0} s");
            _terminal.Flush();
        }
    }

    /// <summary>Clears the line, so the summary and diagnostics print on a clean line.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_done) return;
            _done = true;
            _timer.Dispose();
            if (_step > 0) { _terminal.Write("\r\u001b[K"); _terminal.Flush(); }
        }
    }
}

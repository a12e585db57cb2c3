using SiteGen.Preview;

namespace SiteGen.Tests.Preview;

/// <summary>serve re-renders only what a saved referat changes; the served folder must still be exactly
/// what a full build would write, byte for byte, with nothing left over (closed content above all).</summary>
public class IncrementalBuildTests
{
    [Fact]
    public void After_edits_the_served_folder_equals_a_full_build()
    {
        var input = TestPaths.CopyOfInput();
        var work = Path.Combine(Path.GetTempPath(), $"sitegen-incr-{Guid.NewGuid():N}");
        try
        {
            var served = Path.Combine(work, "served");
            var builder = new IncrementalBuild(input, served);
            Assert.True(builder.Run().Succeeded);
            Assert.False(builder.LastWasIncremental);

            // The middle meeting: new text, and its first item closed (its page must go).
            var file = Path.Combine(input, "referater", "2024", "2024-11-13-direktionen.md");
            var original = File.ReadAllText(file);
            var itemPage = Path.Combine(served, "direktionen", "2024-11-13", "punkt-1", "index.html");
            Assert.True(File.Exists(itemPage));
            var edited = ReplaceFirst(original, "status: åben", "status: lukket")
                .Replace("### Sagsfremstilling", "### Sagsfremstilling\n\nNy indledning fra sekretariatet.\n");
            File.WriteAllText(file, edited);
            Assert.True(builder.Run().Succeeded);
            Assert.True(builder.LastWasIncremental);
            Assert.False(File.Exists(itemPage));
            AssertSameAsFullBuild(input, served, Path.Combine(work, "full1"));

            // A referat with errors changes nothing that is served.
            var before = Snapshot(served);
            File.WriteAllText(file, edited.Replace("status: åben", "staus: åben"));
            var failed = builder.Run();
            Assert.False(failed.Succeeded);
            Assert.Contains(failed.Diagnostics, d => d.IsError);
            Assert.Equal(before, Snapshot(served));

            // The newest meeting removed: its pages, its year and the neighbour's link to it go.
            File.WriteAllText(file, edited);
            File.Delete(Path.Combine(input, "referater", "2025", "2025-03-26-direktionen.md"));
            Assert.True(builder.Run().Succeeded);
            Assert.True(builder.LastWasIncremental);
            AssertSameAsFullBuild(input, served, Path.Combine(work, "full2"));

            // A template change means a full build again.
            File.AppendAllText(Path.Combine(input, "templates", "moede.sbn-html"), "\n");
            Assert.True(builder.Run().Succeeded);
            Assert.False(builder.LastWasIncremental);
            AssertSameAsFullBuild(input, served, Path.Combine(work, "full3"));
        }
        finally
        {
            Directory.Delete(input, true);
            if (Directory.Exists(work)) Directory.Delete(work, true);
        }
    }

    [Fact]
    public void Serve_and_build_report_the_same_withheld_counts()
    {
        var input = TestPaths.CopyOfInput();
        var work = Path.Combine(Path.GetTempPath(), $"sitegen-incr-{Guid.NewGuid():N}");
        try
        {
            var builder = new IncrementalBuild(input, Path.Combine(work, "served"));
            Assert.True(builder.Run().Succeeded);

            // Item 3 closed: its five attachments (one already closed) are withheld with it.
            var file = Path.Combine(input, "referater", "2024", "2024-11-13-direktionen.md");
            File.WriteAllText(file, ReplaceFirst(File.ReadAllText(file),
                "  - nr: 3\n    status: åben", "  - nr: 3\n    status: lukket"));
            var served = builder.Run();
            Assert.True(builder.LastWasIncremental);
            var built = Pipeline.Build(new BuildOptions(input, Path.Combine(work, "full"), Search: false), TextWriter.Null);

            var s = served.Summary!;
            var b = built.Summary!;
            Assert.Equal((3, 1, 19), (b.Meetings, b.ClosedItems, b.ClosedAttachments));
            Assert.Equal((b.Meetings, b.ClosedItems, b.ClosedAttachments), (s.Meetings, s.ClosedItems, s.ClosedAttachments));
        }
        finally
        {
            Directory.Delete(input, true);
            if (Directory.Exists(work)) Directory.Delete(work, true);
        }
    }

    [Fact]
    public async Task A_save_while_feeds_and_data_are_written_does_not_wait_and_the_folder_ends_as_a_full_build()
    {
        var input = TestPaths.CopyOfInput();
        var work = Path.Combine(Path.GetTempPath(), $"sitegen-incr-{Guid.NewGuid():N}");
        using var writing = new ManualResetEventSlim();
        using var proceed = new ManualResetEventSlim();
        try
        {
            AddMeetings(input, 60);
            var served = Path.Combine(work, "served");
            // The first deferred run after the first save stops in the middle (after one file) until told to go on.
            var hold = 0;
            var builder = new IncrementalBuild(input, served)
            {
                DeferFeeds = true,
                AfterDeferredFile = _ =>
                {
                    if (Volatile.Read(ref hold) == 1 && Interlocked.Exchange(ref hold, 2) == 1)
                    {
                        writing.Set();
                        proceed.Wait();
                    }
                },
            };
            Assert.True(builder.Run().Succeeded);
            builder.StartDeferred();

            // Save 1: the newest meeting gets a correction (feeds, calendar, data all change).
            var newest = Path.Combine(input, "referater", "2025", "2025-03-26-direktionen.md");
            File.WriteAllText(newest, File.ReadAllText(newest).Replace("### Beslutning", "### Beslutning\n\nFørste gemning.\n"));
            Volatile.Write(ref hold, 1);
            Assert.True(builder.Run().Succeeded);
            builder.StartDeferred();
            Assert.True(writing.Wait(TimeSpan.FromSeconds(30)), "the deferred feeds and data never started");

            // Save 2 arrives while save 1's feeds and data are half written: an old meeting's item is closed,
            // another meeting is deleted. The build must not wait for the held deferred work.
            var old = Path.Combine(input, "referater", "2022", "2022-01-05-direktionen.md");
            File.WriteAllText(old, ReplaceFirst(File.ReadAllText(old), "status: åben", "status: lukket"));
            File.Delete(Path.Combine(input, "referater", "2022", "2022-01-12-oekonomiudvalget.md"));
            var second = Task.Run(builder.Run);
            Assert.True(await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(60))) == second, "the save waited for the previous save's feeds and data");
            Assert.True((await second).Succeeded);
            Assert.True(builder.LastWasIncremental);
            builder.StartDeferred();

            proceed.Set();
            await builder.Deferred.WaitAsync(TimeSpan.FromSeconds(60));
            AssertSameAsFullBuild(input, served, Path.Combine(work, "full1"));
        }
        finally
        {
            proceed.Set();
            Directory.Delete(input, true);
            if (Directory.Exists(work)) Directory.Delete(work, true);
        }
    }

    [Fact]
    public async Task Rapid_saves_and_a_broken_one_leave_the_feeds_and_data_of_the_last_good_save()
    {
        var input = TestPaths.CopyOfInput();
        var work = Path.Combine(Path.GetTempPath(), $"sitegen-incr-{Guid.NewGuid():N}");
        try
        {
            AddMeetings(input, 60);
            var served = Path.Combine(work, "served");
            var builder = new IncrementalBuild(input, served) { DeferFeeds = true };
            Assert.True(builder.Run().Succeeded);
            builder.StartDeferred();
            await builder.Deferred.WaitAsync(TimeSpan.FromSeconds(60));

            // The oldest meeting is in no feed: saving its text rewrites its data, not the feeds.
            var feed = Path.Combine(served, "feed.xml");
            var feedBytes = File.ReadAllBytes(feed);
            var feedTime = File.GetLastWriteTimeUtc(feed);
            var oldest = Path.Combine(input, "referater", "2022", "2022-01-05-direktionen.md");
            File.WriteAllText(oldest, File.ReadAllText(oldest).Replace("### Beslutning", "### Beslutning\n\nGammel tekst rettet.\n"));
            Assert.True(builder.Run().Succeeded);
            builder.StartDeferred();
            await builder.Deferred.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(feedTime, File.GetLastWriteTimeUtc(feed));
            Assert.Equal(feedBytes, File.ReadAllBytes(feed));
            Assert.Contains("Gammel tekst rettet.", File.ReadAllText(Path.Combine(served, "data", "direktionen", "2022-01-05.json")));
            AssertSameAsFullBuild(input, served, Path.Combine(work, "full0"));

            // Saves as fast as the builds go, each stopping the previous one's feeds and data, across
            // meetings of two committees, then a save with errors.
            var files = new[] { "2025/2025-03-26-direktionen.md", "2023/2023-02-15-direktionen.md", "2023/2023-02-22-oekonomiudvalget.md" }
                .Select(f => Path.Combine(input, "referater", f)).ToArray();
            for (var i = 0; i < 9; i++)
            {
                var file = files[i % files.Length];
                File.WriteAllText(file, File.ReadAllText(file).Replace("### Beslutning", $"### Beslutning\n\nGemning nummer {i}.\n"));
                Assert.True(builder.Run().Succeeded);
                Assert.True(builder.LastWasIncremental);
                builder.StartDeferred();
            }
            var good = File.ReadAllText(files[0]);
            File.WriteAllText(files[0], good.Replace("status: åben", "staus: åben"));
            Assert.False(builder.Run().Succeeded);
            builder.StartDeferred();
            await builder.Deferred.WaitAsync(TimeSpan.FromSeconds(60));

            // Once quiet, the folder is what a full build of the last good save writes (no stale or
            // half-written feed or data file, nothing left over).
            File.WriteAllText(files[0], good);
            AssertSameAsFullBuild(input, served, Path.Combine(work, "full1"));
        }
        finally
        {
            Directory.Delete(input, true);
            if (Directory.Exists(work)) Directory.Delete(work, true);
        }
    }

    /// <summary>Weekly meetings from 2022-01-05, alternately of Direktionen and Økonomiudvalget, copied from the
    /// sample: more than a feed holds (50), in two committees.</summary>
    private static void AddMeetings(string input, int count)
    {
        var text = File.ReadAllText(Path.Combine(input, "referater", "2023", "2023-09-06-direktionen.md"));
        for (var i = 0; i < count; i++)
        {
            var date = new DateOnly(2022, 1, 5).AddDays(7 * i);
            var (navn, slug) = i % 2 == 0 ? ("Direktionen", "direktionen") : ("Økonomiudvalget", "oekonomiudvalget");
            var dir = Directory.CreateDirectory(Path.Combine(input, "referater", date.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            File.WriteAllText(Path.Combine(dir.FullName, $"{date:yyyy-MM-dd}-{slug}.md"), text
                .Replace("udvalg: Direktionen", $"udvalg: {navn}")
                .Replace("dato: 2023-09-06", $"dato: {date:yyyy-MM-dd}"));
        }
    }

    private static string ReplaceFirst(string s, string what, string with)
    {
        var at = s.IndexOf(what, StringComparison.Ordinal);
        Assert.True(at >= 0);
        return s[..at] + with + s[(at + what.Length)..];
    }

    private static void AssertSameAsFullBuild(string input, string served, string full)
    {
        var result = Pipeline.Build(new BuildOptions(input, full, Search: false), TextWriter.Null);
        Assert.True(result.Succeeded);
        Assert.Equal(Snapshot(full), Snapshot(served));
    }

    private static SortedDictionary<string, string> Snapshot(string dir) => new(
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(dir, f),
            f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);
}

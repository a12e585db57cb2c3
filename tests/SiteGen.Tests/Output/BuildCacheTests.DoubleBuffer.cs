using System.IO.Enumeration;
using System.Text.RegularExpressions;
using SiteGen.Output;
using SiteGen.Tests.Quality;

namespace SiteGen.Tests.Output;

/// <summary>Double buffering (<see cref="StaleBuffer"/>): the previous output that the last swap put aside is the
/// next build's staging folder, brought up to date in place. After every kind of change, over several rounds (each
/// folder in turn), the output is a clean build's file for file; a folder that is not exactly as recorded (changed,
/// emptied, a link planted, half-updated by a failed build) is never trusted beyond what is checked, and a link in
/// it is never followed.</summary>
public sealed partial class BuildCacheTests
{
    /// <summary>The one hidden folder the last swap put the previous output aside in.</summary>
    private string PutAside()
    {
        var found = Directory.GetDirectories(Work, ".output.old-*");
        Assert.Single(found);
        Assert.Empty(Directory.GetFileSystemEntries(Work, ".output.staging-*")); // no staging or trash left
        return found[0];
    }

    [Fact]
    public void Over_several_rounds_the_put_aside_output_is_brought_up_to_date_and_equals_a_clean_build()
    {
        Build(Output, Cache);
        // The first build put nothing aside, but left a twin of its output (Twin): every unit is kept in it.
        var second = BuildBothAndCompare();
        Assert.Equal(second.Units, second.UnitsInPlace);
        var folders = new HashSet<string>();
        void Round()
        {
            var summary = BuildBothAndCompare();
            Assert.InRange(summary.UnitsInPlace, 0, summary.UnitsReused);
            folders.Add(PutAside());
        }
        // After a change: the next build takes the folder of two builds ago (before the change), the one after it
        // the folder of the change, which then holds every unit as it is.
        void Settle()
        {
            Round();
            Round();
            var summary = BuildBothAndCompare();
            Assert.Equal(summary.Units, summary.UnitsInPlace);
        }
        Settle();
        var y2023 = Referat(2023);
        File.WriteAllText(y2023, File.ReadAllText(y2023).Replace("### Beslutning", "### Beslutning\n\nRettet.\n"));
        Settle();
        AddMeetingIn2026();
        Round();
        File.Delete(Referat(2024)); // right after the add: the folder taken has neither
        Settle();
        var moede = Path.Combine(Input, "templates", "moede.sbn-html");
        File.WriteAllText(moede, File.ReadAllText(moede) + "\n<!-- ændret skabelon -->\n");
        Settle();
        var site = Path.Combine(Input, "site.yml");
        File.WriteAllText(site, Regex.Replace(File.ReadAllText(site), "(?m)^(titel: *)(.*)$", "$1$2 (ny)"));
        Settle();
        Assert.True(folders.Count > 2); // the folders take turns (each put aside under a new name)
    }

    [Fact]
    public void An_item_closed_leaves_no_trace_in_the_output_nor_later_in_the_folder_put_aside()
    {
        var file = Referat(2023);
        PlantSentinel(file);
        BuildBothAndCompare(); // the sentinel is now in the output and in the folder put aside
        AssertTrace();
        Assert.NotEmpty(LeakScanner.Leaks(LeakScanner.Read(PutAside()), Sentinel));

        // Closed: this build takes the folder of two builds ago (with the sentinel) as its staging folder.
        CloseAndCheckTwoBuildsLater(file);
    }

    /// <summary>Closes the first open item of <paramref name="file"/> (with the sentinel): no trace in the output of
    /// this build (which takes the folder of two builds ago, sentinel and all) nor of the next, nor two builds
    /// after the closing in the folder put aside, a site made after it too.</summary>
    private void CloseAndCheckTwoBuildsLater(string file)
    {
        CloseAndCheck(file, text => text.IndexOf("status: åben", StringComparison.Ordinal));
        Assert.True(BuildBothAndCompare().UnitsInPlace > 0);
        AssertNoTrace();
        BuildBothAndCompare();
        AssertNoTrace();
        var leaks = LeakScanner.Leaks(LeakScanner.Read(PutAside()), Sentinel);
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    [Fact]
    public void A_changed_emptied_or_planted_folder_put_aside_is_cleaned_and_nothing_in_it_is_followed()
    {
        Build(Output, Cache);
        BuildBothAndCompare();
        var aside = PutAside();
        var secret = Path.Combine(Work, "hemmelig.txt");
        File.WriteAllText(secret, "KVAEGSENTINEL uden for output");
        var secretDir = Directory.CreateDirectory(Path.Combine(Work, "hemmelig-mappe")).FullName;
        File.WriteAllText(Path.Combine(secretDir, "index.html"), "KVAEGSENTINEL mappe");

        // A page changed (another size), a calendar gone, a data file replaced by a link to a secret, a meeting's
        // folder replaced by a file, a link to a folder where an item folder was, and files nobody made.
        var page = Path.Combine(aside, "direktionen", "2025-03-26", "index.html");
        File.AppendAllText(page, "<!-- ændret i den gemte mappe -->");
        File.Delete(Path.Combine(aside, "direktionen", "2024-11-13", "moede.ics"));
        var data = Path.Combine(aside, "data", "direktionen", "2023-09-06.json");
        File.Delete(data);
        File.CreateSymbolicLink(data, secret);
        var meeting = Directory.GetDirectories(aside, "2024-11-13", SearchOption.AllDirectories)[0];
        var item = Directory.GetDirectories(Path.Combine(aside, "direktionen", "2025-03-26"))[0];
        Directory.Delete(item, recursive: true);
        Directory.CreateSymbolicLink(item, secretDir);
        Directory.Delete(meeting, recursive: true);
        File.WriteAllText(meeting, "en fil hvor mappen var");
        File.WriteAllText(Path.Combine(aside, "plantet.html"), "KVAEGSENTINEL plantet");
        File.CreateSymbolicLink(Path.Combine(aside, "link.html"), secret);

        var summary = BuildBothAndCompare(); // file for file: nothing planted is left, nothing changed is kept
        Assert.InRange(summary.UnitsInPlace, 1, summary.Units - 1);
        AssertNoTrace();
        Assert.Equal("KVAEGSENTINEL uden for output", File.ReadAllText(secret)); // links removed, never followed
        Assert.Equal("KVAEGSENTINEL mappe", File.ReadAllText(Path.Combine(secretDir, "index.html")));
        Assert.Equal(summary.Units, BuildBothAndCompare().UnitsReused);
    }

    [Fact]
    public void A_build_that_fails_after_taking_the_folder_leaves_the_output_and_no_trusted_record()
    {
        Build(Output, Cache);
        BuildBothAndCompare();
        // Fails in the search stage: the folder was taken, its record deleted, units removed and made in it.
        EditAndFailInSearch();
        Assert.False(File.Exists(Path.Combine(Cache, StaleBuffer.RecordFile)));
        Assert.False(File.Exists(Path.Combine(Cache, StaleBuffer.BindingFile)));

        var next = BuildBothAndCompare(); // the half-updated folder is not trusted: linked from the output instead
        Assert.Equal(0, next.UnitsInPlace);
        Assert.True(next.UnitsReused > 0);
        PutAside(); // the half-updated folder was swept
        Assert.True(BuildBothAndCompare().UnitsInPlace > 0);
    }

    [Fact]
    public void A_build_killed_after_taking_the_folder_leaves_nothing_a_later_build_trusts()
    {
        Build(Output, Cache);
        BuildBothAndCompare();
        // What a kill between taking the folder and the swap leaves: the record deleted, the folder under the
        // staging name of a process that is gone, half cleaned.
        var aside = PutAside();
        StaleBuffer.Forget(Cache);
        File.Delete(Path.Combine(aside, "index.html"));
        Directory.Move(aside, Path.Combine(Work, $".output.staging-999999-{Guid.NewGuid():N}"));

        var next = BuildBothAndCompare();
        Assert.Equal(0, next.UnitsInPlace);
        PutAside(); // swept
        Assert.True(BuildBothAndCompare().UnitsInPlace > 0);
    }

    [Fact]
    public void A_record_that_does_not_match_its_folder_is_not_used()
    {
        Build(Output, Cache);
        BuildBothAndCompare();
        var binding = Path.Combine(Cache, StaleBuffer.BindingFile);
        var good = File.ReadAllLines(binding);

        // A binding naming a folder that is not one this output puts aside: the input. Never touched.
        var inputFiles = Directory.GetFiles(Input, "*", SearchOption.AllDirectories).Length;
        File.WriteAllLines(binding, [Input, good[1]]);
        Assert.Equal(0, BuildBothAndCompare().UnitsInPlace);
        Assert.Equal(inputFiles, Directory.GetFiles(Input, "*", SearchOption.AllDirectories).Length);

        // The right folder, but another checksum (the record is of another build), or the record cut short.
        BuildBothAndCompare();
        good = File.ReadAllLines(binding);
        File.WriteAllLines(binding, [good[0], new string('0', 64)]);
        Assert.Equal(0, BuildBothAndCompare().UnitsInPlace);
        BuildBothAndCompare();
        var record = Path.Combine(Cache, StaleBuffer.RecordFile);
        File.WriteAllBytes(record, File.ReadAllBytes(record)[..100]);
        Assert.Equal(0, BuildBothAndCompare().UnitsInPlace);

        // The folder's marker changed: not SiteGen's output any more.
        BuildBothAndCompare();
        File.WriteAllText(Path.Combine(PutAside(), OutputFolder.Marker), "noget andet");
        Assert.Equal(0, BuildBothAndCompare().UnitsInPlace);

        // --clean takes nothing from it and forgets it; it binds a twin of its own output instead (Twin).
        BuildBothAndCompare();
        var before = File.ReadAllLines(binding)[0];
        Assert.Equal(0, Build(Output, Cache, clean: true).UnitsInPlace);
        Assert.NotEqual(before, File.ReadAllLines(binding)[0]);
        var summary = BuildBothAndCompare();
        Assert.Equal(summary.Units, summary.UnitsInPlace);
        Assert.True(BuildBothAndCompare().UnitsInPlace > 0);
    }

    /// <summary>Every entry under <paramref name="root"/> with what it is; a link is listed as a link, never
    /// followed.</summary>
    private static List<string> Entries(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        return [.. new FileSystemEnumerable<string>(root, (ref FileSystemEntry e) =>
            {
                var kind = (e.Attributes & FileAttributes.ReparsePoint) != 0 ? "link" : e.IsDirectory ? "dir" : "file";
                return $"{kind} {Path.GetRelativePath(root, e.ToFullPath())}";
            }, options)
            {
                ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
            }.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Folders_trusted_by_their_stamp_are_not_listed_yet_nothing_planted_in_them_is_ever_published()
    {
        Build(Output, Cache);
        BuildBothAndCompare();
        Thread.Sleep(1100); // folders changed within a second before the stamps are taken get none (listed instead)
        BuildBothAndCompare(); // keeps units in place in folders last changed before the pause: stamps them
        BuildBothAndCompare(); // puts that output aside with its record
        var record = BuildCache.Read(Cache, StaleBuffer.RecordFile)!;
        var stamped = record.Folders!.Select(f => f.Path).ToHashSet();
        string Stamped(string pattern) => stamped.First(p => Regex.IsMatch(p, pattern));
        var meeting = Stamped(@"^[a-z-]+/\d{4}-\d\d-\d\d$");
        var item = Stamped(@"/punkt-\d+$");
        var sag = Stamped(@"^sager/\d+-\d+$");
        var otherMeeting = stamped.First(p => Regex.IsMatch(p, @"^[a-z-]+/\d{4}-\d\d-\d\d$") && p != meeting);
        Assert.Contains(record.Extras!, e => e.Path == "sager/index.html"); // the other entries of such a folder

        var aside = PutAside();
        var secret = Path.Combine(Work, "hemmelig.txt");
        File.WriteAllText(secret, "KVAEGSENTINEL uden for output");
        // In folders whose stamp the record has: a file, a new folder with a page, a link; a kept file replaced by a
        // link, another by a folder; and a new folder with a page beside the site's own.
        File.WriteAllText(Path.Combine(aside, meeting, "plantet.html"), "KVAEGSENTINEL plantet");
        Directory.CreateDirectory(Path.Combine(aside, item, "ny"));
        File.WriteAllText(Path.Combine(aside, item, "ny", "index.html"), "KVAEGSENTINEL ny mappe");
        File.CreateSymbolicLink(Path.Combine(aside, sag, "link.html"), secret);
        var page = Path.Combine(aside, sag, "index.html");
        File.Delete(page);
        File.CreateSymbolicLink(page, secret);
        var calendar = Path.Combine(aside, otherMeeting, "moede.ics");
        File.Delete(calendar);
        Directory.CreateDirectory(calendar);
        File.WriteAllText(Path.Combine(calendar, "index.html"), "KVAEGSENTINEL mappe for en fil");
        Directory.CreateDirectory(Path.Combine(aside, "ny"));
        File.WriteAllText(Path.Combine(aside, "ny", "index.html"), "KVAEGSENTINEL ny mappe i roden");

        var summary = Build(Output, Cache);
        Assert.InRange(summary.UnitsInPlace, 1, summary.Units - 1);
        var clean = Path.Combine(Work, "clean-stamps");
        Build(clean, null);
        SiteFiles.AssertSame(SiteFiles.Read(clean), SiteFiles.Read(Output));
        Assert.Equal(Entries(clean), Entries(Output)); // no planted folder or link either
        AssertNoTrace();
        Assert.Equal("KVAEGSENTINEL uden for output", File.ReadAllText(secret));
        Assert.Equal(summary.Units, BuildBothAndCompare().UnitsReused);
    }

    [Fact]
    public void An_item_closed_is_removed_from_a_folder_trusted_by_its_stamp_and_from_every_other()
    {
        var file = Referat(2023);
        PlantSentinel(file);
        BuildBothAndCompare();
        Thread.Sleep(1100); // as above: the next build stamps the folders it keeps
        BuildBothAndCompare();
        BuildBothAndCompare();
        // data/sager holds only the cases' files: stamped, so a changed case's file goes by its recorded path.
        Assert.Contains(BuildCache.Read(Cache, StaleBuffer.RecordFile)!.Folders!, f => f.Path == "data/sager");

        CloseAndCheckTwoBuildsLater(file);
    }

    [Fact]
    public void A_record_forged_to_name_paths_outside_the_folder_touches_nothing_outside()
    {
        Build(Output, Cache);
        BuildBothAndCompare();
        var secret = Path.Combine(Work, "hemmelig.txt");
        File.WriteAllText(secret, "KVAEGSENTINEL uden for output");
        var secretDir = Directory.CreateDirectory(Path.Combine(Work, "hemmelig-mappe")).FullName;
        File.WriteAllText(Path.Combine(secretDir, "index.html"), "KVAEGSENTINEL mappe");
        // Well-formed and bound (checksum right), but naming entries outside the folder and its own parent.
        var record = BuildCache.Read(Cache, StaleBuffer.RecordFile)!;
        var forged = record with
        {
            Units = [.. record.Units, new BuildCache.Unit("forged", [new("../hemmelig.txt", 29, 0)])],
            Extras = [.. record.Extras!, new("../hemmelig-mappe", true), new("../hemmelig.txt", false),
                new("direktionen/..", true), new("data/../..", true)],
            Folders = [.. record.Folders!, new("..", 0, 0, 0, 0), new("../hemmelig-mappe", 0, 0, 0, 0)],
        };
        BuildCache.Write(Cache, forged, StaleBuffer.RecordFile);
        StaleBuffer.Bind(Cache, PutAside());

        Assert.True(BuildBothAndCompare().UnitsInPlace > 0);
        Assert.Equal("KVAEGSENTINEL uden for output", File.ReadAllText(secret));
        Assert.Equal("KVAEGSENTINEL mappe", File.ReadAllText(Path.Combine(secretDir, "index.html")));
    }
}

using SiteGen.Data;
using SiteGen.Feeds;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Validation;

namespace SiteGen.Tests.Feeds;

/// <summary>A meeting's or case's own file that the staging folder holds already (linked from the last build) is
/// left out of the feeds' and open data's file lists before its record is made (FeedWriter, OpenDataWriter): the
/// files written are all the others, with the bytes they have when nothing is kept.</summary>
public sealed class KeptUnitFilesTests() : SampleWorkspace("sitegen-keptunits-")
{
    [Fact]
    public void Files_named_kept_are_not_written_and_the_others_are_as_when_none_is()
    {
        var site = Publisher.Run(Validator.Run(Input)).Site;
        Dictionary<string, byte[]> Write(string name, Func<string, bool>? kept)
        {
            var root = Path.Combine(Work, name);
            var writer = new SiteWriter(root);
            FeedWriter.Write(site, writer, kept);
            OpenDataWriter.Write(site, writer, kept);
            return SiteFiles.Read(root);
        }
        var all = Write("all", null);
        // The files written whatever is kept (the schema, the sitemap and robots.txt) are not offered.
        var always = new HashSet<string>(Write("none", _ => true).Keys, StringComparer.Ordinal);
        var offered = all.Keys.Where(p => !always.Contains(p)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(offered, p => p.StartsWith("data/sager/", StringComparison.Ordinal));
        Assert.Contains(offered, p => p.EndsWith("/moede.ics", StringComparison.Ordinal));
        Assert.Contains(offered, p => p.EndsWith("/feed.xml", StringComparison.Ordinal) && p.Contains("sag"));
        // Every second one kept: calendars, case feeds, meeting and case files, and whole-archive files.
        var kept = offered.Where((_, i) => i % 2 == 0).ToHashSet(StringComparer.Ordinal);
        var some = Write("some", kept.Contains);
        Assert.Equal(all.Keys.Where(p => !kept.Contains(p)).Order(StringComparer.Ordinal),
            some.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in some) Assert.True(all[path].AsSpan().SequenceEqual(bytes), path);
    }

    /// <summary>A meeting or case named kept by its unit (Pipeline: its output unit linked into the staging folder,
    /// every file of the unit among the kept files) is left out without its path looked up: exactly its own files
    /// (a meeting's calendar and data file, a case's feed and data file) are not written, every other file is, byte
    /// for byte as when nothing is kept. The paths skipped are among the unit's files as planned (OutputUnits), which
    /// is what makes the shortcut exact.</summary>
    [Fact]
    public void A_unit_named_kept_leaves_out_exactly_its_own_files_which_its_planned_files_hold()
    {
        var site = Publisher.Run(Validator.Run(Input)).Site;
        var units = OutputUnits.Plan(site, "context");
        var meetings = site.Meetings.Where((_, i) => i % 2 == 0).ToHashSet<object>(ReferenceEqualityComparer.Instance);
        var sager = site.Sager.Where((_, i) => i % 2 == 0).ToHashSet<object>(ReferenceEqualityComparer.Instance);
        Assert.NotEmpty(meetings);
        Assert.NotEmpty(sager);
        // As Pipeline's kept files: the union of the kept units' files.
        var keptFiles = meetings.Select(m => units.Meetings[(PublicMeeting)m])
            .Concat(sager.Select(s => units.Sager[(PublicSag)s]))
            .SelectMany(u => u.Files).ToHashSet(StringComparer.Ordinal);
        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (PublicMeeting m in meetings)
        {
            own.Add(Urls.MeetingCalendar(m).TrimStart('/'));
            own.Add(Urls.MeetingData(m).TrimStart('/'));
        }
        foreach (PublicSag s in sager)
        {
            own.Add(Urls.SagFeed(s).TrimStart('/'));
            own.Add(Urls.SagData(s).TrimStart('/'));
        }
        Assert.Subset(keptFiles, own);

        Dictionary<string, byte[]> Write(string name, Func<object, bool>? keptUnit)
        {
            var root = Path.Combine(Work, name);
            var writer = new SiteWriter(root);
            FeedWriter.Write(site, writer, keptUnit is null ? null : _ => false, keptUnit: keptUnit);
            OpenDataWriter.Write(site, writer, keptUnit is null ? null : _ => false, keptUnit: keptUnit);
            return SiteFiles.Read(root);
        }
        var all = Write("all", null);
        var some = Write("units", o => meetings.Contains(o) || sager.Contains(o));
        Assert.Subset(new HashSet<string>(all.Keys, StringComparer.Ordinal), own);
        Assert.Equal(all.Keys.Where(p => !own.Contains(p)).Order(StringComparer.Ordinal),
            some.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in some) Assert.True(all[path].AsSpan().SequenceEqual(bytes), path);
    }
}

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
}

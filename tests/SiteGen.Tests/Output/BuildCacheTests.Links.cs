using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary>A unit's files are linked from the previous output under the rule a search bundle's files meet: regular
/// files of the recorded size and write time on a path of real folders. A folder replaced by a link is never
/// followed, even to files that look exactly as recorded.</summary>
public sealed partial class BuildCacheTests
{
    [Fact]
    public void A_meeting_folder_of_the_previous_output_replaced_by_a_link_is_never_followed()
    {
        Build(Output, Cache);
        StaleBuffer.Forget(Cache); // the manifest alone decides: the units are linked from the live output
        var manifest = BuildCache.Read(Cache)!;
        var page = manifest.Units.SelectMany(u => u.Files)
            .First(f => f.Path.EndsWith("/index.html", StringComparison.Ordinal) && f.Path.Count(c => c == '/') == 2);
        var folder = Path.Combine(Output, Path.GetDirectoryName(page.Path)!);

        // A copy of the meeting's folder, every write time kept, its page changed in place: same size, same time.
        var copy = Path.Combine(Work, "kopi");
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(copy, Path.GetRelativePath(folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
            File.SetLastWriteTimeUtc(to, File.GetLastWriteTimeUtc(file));
        }
        var copied = Path.Combine(copy, Path.GetFileName(page.Path));
        var bytes = File.ReadAllBytes(copied);
        "KVAEG"u8.CopyTo(bytes.AsSpan(bytes.AsSpan().IndexOf("<body"u8) + 1));
        File.WriteAllBytes(copied, bytes);
        File.SetLastWriteTimeUtc(copied, new DateTime(page.Ticks, DateTimeKind.Utc));
        Directory.Delete(folder, recursive: true);
        Directory.CreateSymbolicLink(folder, copy);

        // The meeting is made again (the output is a clean build's, file for file: no KVAEG); the others are linked.
        var summary = BuildBothAndCompare();
        Assert.InRange(summary.UnitsReused, 1, summary.Units - 1);
        Assert.Equal(0, summary.UnitsInPlace);
        Assert.False(new FileInfo(folder).Attributes.HasFlag(FileAttributes.ReparsePoint));
    }
}

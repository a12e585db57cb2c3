using System.Text;

namespace SiteGen.Tests.Publishing;

/// <summary>Closed stays closed with the sections' text in a store file (<see cref="SiteGen.Common.TextStore"/>):
/// after a build, no file of the output holds a closed item's text, and no file is left in the cache folder or the
/// temp folder that holds it — except checks.bin, the validation cache, which keeps closed text by design.</summary>
public sealed class TextStoreLeakTests : IDisposable
{
    private const string Sentinel = "Tekstlagerlukketsentinel";

    private readonly string _work = Directory.CreateTempSubdirectory("sitegen-textleak-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }

    private string Input()
    {
        var input = Path.Combine(_work, "input");
        TestPaths.CopyDirectory(TestPaths.SampleInput, input);
        var file = Path.Combine(input, "referater", "2024", "2024-11-13-direktionen.md");
        var text = File.ReadAllText(file).Replace("Rul november:", $"{Sentinel} rul november:");
        File.WriteAllText(file, text.Replace("  - nr: 1\n    status: åben", "  - nr: 1\n    status: lukket"));
        return input;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void No_output_file_and_no_leftover_file_holds_a_closed_sections_text(bool withCache)
    {
        var input = Input();
        var output = Path.Combine(_work, "output");
        var cache = withCache ? Path.Combine(_work, "cache") : null;
        var started = DateTime.UtcNow.AddSeconds(-2);
        for (var build = 0; build < 2; build++) // a clean build, then one that decodes the cached checks
        {
            var result = Pipeline.Build(new BuildOptions(input, output, Search: false, CacheDir: cache, Withheld: true,
                Today: new DateOnly(2026, 12, 1)), TextWriter.Null);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            Assert.Equal(1, result.Summary!.ClosedItems);
        }

        Assert.NotEmpty(Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories));
        Assert.Empty(Holding(Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)));
        if (cache is not null)
            Assert.Equal(["checks.bin"], Holding(Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories))
                .Select(Path.GetFileName));
        // The store file of a build without a cache is made in the temp folder, and unlinked at once.
        Assert.Empty(Holding(Directory.EnumerateFiles(Path.GetTempPath())
            .Where(f => File.GetLastWriteTimeUtc(f) >= started)));
    }

    private static List<string> Holding(IEnumerable<string> files) =>
        [.. files.Where(f =>
        {
            try
            {
                // Regular files only: the temp folder holds pipes (the runtime's debugger pipes) that would block.
                if (SiteGen.Common.InputFiles.Kind(f) != SiteGen.Common.FileKind.Regular
                    || new FileInfo(f).Length > 64 << 20) return false;
                return File.ReadAllBytes(f).AsSpan().IndexOf(Encoding.UTF8.GetBytes(Sentinel)) >= 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false; // gone meanwhile, or another user's
            }
        })];
}

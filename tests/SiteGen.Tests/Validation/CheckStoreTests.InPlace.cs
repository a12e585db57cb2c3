using SiteGen.Rendering;
using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>A cached check's section texts are left where they lie in the loaded <c>checks.bin</c> (read-only,
/// <see cref="SiteGen.Common.TextStore.Over"/>) instead of being copied into the run's text store: they read as a
/// run without the cache reads them, also after the cache file is replaced or deleted (as the run's own save and the
/// next build do), and what is made from them is kept in the run's store.</summary>
public sealed partial class CheckStoreTests
{
    private static List<SiteGen.Common.StoredText> Texts(ValidationResult v) => [.. v.Referater
        .SelectMany(r => r.Punkter).SelectMany(p => p.Sektioner).Select(s => s.Markdown).Where(t => t.Length > 0)];

    [Fact]
    public void A_cached_checks_texts_are_read_from_the_loaded_file_and_outlive_its_replacement()
    {
        var input = Shipped();
        Warm(input);
        var warm = Warm(input);
        Assert.Equal(3, warm.FilesReused);
        var texts = Texts(warm);
        Assert.NotEmpty(texts);
        // In the loaded file's read-only store, which keeps what is made from them in another.
        Assert.All(texts, t => Assert.NotSame(t.Store, t.Store!.Writable));

        var cold = Texts(Validator.Run(input)).Select(t => t.Read()).ToList();
        var hashes = Texts(Validator.Run(input)).Select(t => t.Hash).ToList();
        // Replaced by a rename (as a save does), then deleted: the run's handle keeps the bytes it verified.
        var other = CacheFile + ".other";
        File.WriteAllBytes(other, new byte[new FileInfo(CacheFile).Length]);
        File.Move(other, CacheFile, overwrite: true);
        Assert.Equal(cold, texts.Select(t => t.Read()));
        File.Delete(CacheFile);
        Assert.Equal(cold, texts.Select(t => t.Read()));
        Assert.Equal(hashes, texts.Select(t => t.Hash));

        // Rendered once and kept (in the run's store, not the read-only one), as for a text made this run.
        foreach (var t in texts)
        {
            var html = SafeMarkdown.ToHtml(t.Read(), 3);
            Assert.Equal(html, RenderedText.Html(t, 3));
            Assert.Equal(html, RenderedText.Html(t, 3));
        }
    }

    [Fact]
    public void An_edit_between_two_warm_runs_gives_the_cold_runs_texts_for_every_file()
    {
        var input = Shipped();
        Warm(input);
        var before = Warm(input); // its texts lie in the file the next run replaces
        var file = Referat(input, 2023);
        File.WriteAllText(file, File.ReadAllText(file).Replace("### Beslutning", "### Beslutning\n\nRettet.\n"));
        var after = WarmEqualsCold(input);
        Assert.Equal(2, after.FilesReused);
        Assert.Equal(Texts(Validator.Run(input)).Select(t => t.Read()), Texts(after).Select(t => t.Read()));
        // The earlier run's texts still read (its file was replaced under it).
        Assert.All(Texts(before), t => Assert.Equal(t.Length, t.Read().Length));
    }
}

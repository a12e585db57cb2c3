using System.Text;
using SiteGen.Common;
using SiteGen.Content;
using SiteGen.Publishing;

namespace SiteGen.Tests.Common;

/// <summary>The sections' text kept outside the managed heap (<see cref="TextStore"/>, issue 18): every text comes
/// back exactly as it went in, from any thread, and the store leaves no file behind — it holds closed text.</summary>
public sealed class TextStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sitegen-text-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    public static TheoryData<string> Texts => new()
    {
        "",
        "Almindelig tekst med æøå ÆØÅ og «citater» – og en tankestreg.",
        "Emoji 😀👍🏽 and a flag 🇩🇰: surrogate pairs",
        "NUL \0 midt i, og kontroltegn \u0001\u0007\u001b\u007f\u0085\u2028\u2029",
        "Combining e\u0301 and zero width\u200b\u200d\ufeff, RTL \u202e\u05d0\u05d1",
        "Lone high \ud800 surrogate",
        "Lone low \udc00 surrogate and a pair \ud83d\ude00",
        "\ud800",
        "Max \U0010FFFF and noncharacter \uffff",
        "\r\n\t line ends\r\n",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Every_text_comes_back_exactly(string text)
    {
        using var store = new TextStore(_folder);
        var stored = store.Add(text);
        Assert.Equal(text, stored.Read());
        Assert.Equal(text.Length, stored.Length);
        Assert.Equal(text, stored.ToString());
    }

    [Fact]
    public void A_five_megabyte_section_comes_back_exactly()
    {
        var text = string.Concat(Enumerable.Range(0, 5 * 1024 * 1024 / 40)
            .Select(i => $"Linje {i:D7} æøå 😀 tekst.\n"));
        using var store = new TextStore(_folder);
        var before = store.Add("før");
        var big = store.Add(text);
        var after = store.Add("efter");
        Assert.Equal(text, big.Read());
        Assert.Equal(("før", "efter"), (before.Read(), after.Read()));
    }

    [Fact]
    public void Parallel_appends_and_reads_each_get_their_own_text()
    {
        using var store = new TextStore(_folder);
        var texts = Enumerable.Range(0, 4000)
            .Select(i => new string((char)('a' + i % 26), i % 700) + $" nr. {i} ø😀")
            .ToArray();
        var stored = new StoredText[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            stored[i] = store.Add(texts[i]);
            Assert.Equal(texts[i], stored[i].Read()); // while others append
        });
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => Assert.Equal(texts[i], stored[i].Read()));
    }

    [Fact]
    public void The_store_file_is_unlinked_at_once_private_and_gone_after_dispose()
    {
        var store = new TextStore(_folder);
        var text = store.Add("Lukketsentinelord i et afsnit");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder)); // no name anywhere, while it is in use
        var open = OpenFiles();
        var (fd, target) = Assert.Single(open);
        Assert.EndsWith("(deleted)", target);
        if (!OperatingSystem.IsWindows()) // only its owner may read it
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fd));

        store.Dispose();
        Assert.Empty(OpenFiles());
        Assert.Throws<ObjectDisposedException>(() => text.Read());
        Assert.Throws<ObjectDisposedException>(() => store.Add("mere"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public void No_file_is_made_until_there_is_text()
    {
        using var store = new TextStore(_folder);
        Assert.Same(StoredText.Empty, store.Add(""));
        Assert.Empty(OpenFiles());
    }

    /// <summary>This process's open files in <see cref="_folder"/> (/proc/self/fd: the name of an unlinked file ends
    /// in " (deleted)").</summary>
    private List<(string Fd, string Target)> OpenFiles() =>
        [.. Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Select(fd => (fd, Target: Target(fd)))
            .Where(f => f.Target?.StartsWith(_folder + "/", StringComparison.Ordinal) == true)
            .Select(f => (f.fd, f.Target!))];

    private static string? Target(string link)
    {
        try { return new FileInfo(link).LinkTarget; }
        catch (IOException) { return null; } // closed meanwhile
    }

    [Fact]
    public void Equal_text_is_equal_and_hashes_equal_in_any_store_and_process()
    {
        using var one = new TextStore(_folder);
        using var other = new TextStore();
        var a = one.Add("abc");
        var b = other.AddUtf8("abc"u8);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        // The first half of SHA-256("abc"): the same in every process and build, not a reference or an offset.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223", a.Hash);
        Assert.Equal(new Sektion("Beslutning", a, 3, true), new Sektion("Beslutning", b, 3, true));
        Assert.Equal(new PublicSektion("Beslutning", a, true), new PublicSektion("Beslutning", b, true));

        var distinct = new[] { "abc", "abd", "abc ", "", "\ud800", "\udc00", "\ud800\udc00" }.Select(t => one.Add(t))
            .ToList();
        Assert.Equal(distinct.Count, distinct.Select(t => t.Hash).Distinct().Count());
        Assert.Equal(distinct.Count, distinct.Distinct().Count());
    }

    [Fact]
    public void Invalid_utf8_is_refused_when_stored_as_bytes()
    {
        using var store = new TextStore(_folder);
        Assert.Throws<FormatException>(() => store.AddUtf8([0x61, 0xC3]));
        Assert.Throws<FormatException>(() => store.AddUtf8([0xED, 0xA0, 0x80])); // an encoded surrogate
        Assert.Equal("æ", store.AddUtf8(Encoding.UTF8.GetBytes("æ")).Read());
    }

    /// <summary>A decoded check's texts go to the store in one write (<see cref="TextStore.Batch"/>): each comes back
    /// as if stored alone, texts stored beside the batch are not overwritten, and a batch given up leaves the other
    /// texts whole.</summary>
    [Fact]
    public void A_batch_of_texts_comes_back_as_texts_stored_one_by_one()
    {
        using var store = new TextStore(_folder);
        var texts = new[] { "Beslutning: godkendt æøå", "", "😀 emoji", "NUL \0 og \u2028", new string('x', 5000) };
        var before = store.Add("før");
        var given = store.Begin(1 << 14);
        given.AddUtf8("opgivet, aldrig skrevet"u8);
        given.Dispose(); // given up: nothing written, nothing of it kept
        using var batch = store.Begin(1 << 14);
        var stored = texts.Select(t => batch.AddUtf8(Encoding.UTF8.GetBytes(t))).ToList();
        var between = store.Add("imellem"); // stored after the batch began, before it is written
        batch.Commit();
        var after = store.Add("efter");
        Assert.Equal(texts, stored.Select(t => t.Read()));
        Assert.Equal(texts.Select(t => store.Add(t)), stored); // same length and hash as stored alone
        Assert.Equal(("før", "imellem", "efter"), (before.Read(), between.Read(), after.Read()));
    }

    /// <summary>A batch's texts are hashed when first asked (from the stored bytes), not when added: the hash is the
    /// one an eager store gives, and the same from threads that ask at once.</summary>
    [Fact]
    public void A_batch_texts_hash_is_made_when_asked_and_equals_the_eager_hash()
    {
        using var store = new TextStore(_folder);
        var texts = Enumerable.Range(0, 50).Select(i => $"Afsnit {i} æøå " + new string('z', i * 37)).ToArray();
        using var batch = store.Begin(1 << 16);
        var stored = texts.Select(t => batch.AddUtf8(Encoding.UTF8.GetBytes(t))).ToList();
        batch.Commit();
        var hashes = new string[texts.Length * 8];
        Parallel.For(0, hashes.Length, i => hashes[i] = stored[i % texts.Length].Hash);
        for (var i = 0; i < hashes.Length; i++) Assert.Equal(store.Add(texts[i % texts.Length]).Hash, hashes[i]);
        Assert.Equal(store.Add(texts[3]).GetHashCode(), stored[3].GetHashCode());
        Assert.NotEqual(stored[3], stored[4]);
    }

    [Fact]
    public void A_batch_refuses_invalid_utf8_and_takes_more_than_it_reserved()
    {
        using var store = new TextStore(_folder);
        using var batch = store.Begin(8);
        Assert.Throws<FormatException>(() => batch.AddUtf8([0x61, 0xC3]));
        Assert.Throws<FormatException>(() => batch.AddUtf8([0xED, 0xA0, 0x80])); // an encoded surrogate
        var small = batch.AddUtf8("æøå"u8);
        var large = batch.AddUtf8(Encoding.UTF8.GetBytes(new string('y', 100))); // beyond the reservation
        batch.Commit();
        Assert.Equal(("æøå", new string('y', 100)), (small.Read(), large.Read()));
        Assert.Throws<ObjectDisposedException>(() => { batch.Dispose(); batch.AddUtf8("z"u8); });
    }
}

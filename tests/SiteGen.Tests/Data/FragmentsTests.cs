using System.Text;
using SiteGen.Data;
using SiteGen.Publishing;
using SiteGen.Validation;
using IndexEntry = (string Key, (long Offset, int Length, ulong Hi, ulong Lo)[] Parts);

namespace SiteGen.Tests.Data;

/// <summary>The meetings' and cases' parts of the whole-archive files kept in the cache (<see cref="Fragments"/>):
/// whatever is in the cache file's place, the build succeeds and its site is byte for byte the clean build's, and
/// nothing of an item closed since the last build stays in the site or in the cache file.</summary>
public sealed class FragmentsTests() : SampleWorkspace("sitegen-fragments-")
{
    private string CacheFile => Path.Combine(Cache, Fragments.FileName);

    private void Build(string output, string? cache) => SiteFiles.Build(Input, output, cache);

    private Dictionary<string, byte[]> CleanBuild() => SiteFiles.CleanBuild(Input, Work);

    [Fact]
    public void Whatever_is_in_the_cache_files_place_the_site_is_the_clean_builds()
    {
        var expected = CleanBuild();
        Build(Output, Cache);
        Assert.True(File.Exists(CacheFile));
        var good = File.ReadAllBytes(CacheFile);
        // A meeting's referat page is linked from the last build; the lists, CSV, calendars and word list are
        // made from the kept parts.
        Build(Output, Cache);
        SiteFiles.AssertSame(expected, SiteFiles.Read(Output));

        var damages = new (string What, Action Damage)[]
        {
            ("truncated", () => File.WriteAllBytes(CacheFile, good[..(good.Length / 2)])),
            ("last byte cut", () => File.WriteAllBytes(CacheFile, good[..^1])),
            ("zero bytes", () => File.WriteAllBytes(CacheFile, [])),
            ("garbage", () => File.WriteAllBytes(CacheFile, Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))
                .ToArray())),
            ("another version", () => File.WriteAllBytes(CacheFile, WithVersion(good, 99))),
            ("mark changed", () => File.WriteAllBytes(CacheFile, Flipped(good, 3))),
            ("index changed", () => File.WriteAllBytes(CacheFile, Flipped(good, good.Length - 60))),
            ("symlink", () => Symlink(good)),
            ("directory", () =>
            {
                File.Delete(CacheFile);
                Directory.CreateDirectory(Path.Combine(CacheFile, "x"));
            }),
        };
        foreach (var (what, damage) in damages)
        {
            Restore(good);
            damage();
            Build(Output, Cache);
            try { SiteFiles.AssertSame(expected, SiteFiles.Read(Output)); }
            catch (Exception ex) { throw new Xunit.Sdk.XunitException($"cache file {what}: {ex.Message}"); }
        }

        // A folder in its place is left there (and the build, which cannot save, still succeeds); once gone, the
        // next build writes a good file again, and the one after uses it.
        Assert.True(Directory.Exists(CacheFile));
        Directory.Delete(CacheFile, recursive: true);
        Build(Output, Cache);
        Assert.True(File.Exists(CacheFile));
        Build(Output, Cache);
        SiteFiles.AssertSame(expected, SiteFiles.Read(Output));
        Assert.Empty(Directory.GetFiles(Cache, "*.tmp"));
    }

    private static byte[] Flipped(byte[] bytes, int at)
    {
        var copy = bytes.ToArray();
        copy[Math.Clamp(at, 0, copy.Length - 1)] ^= 0x5A;
        return copy;
    }

    private static byte[] WithVersion(byte[] bytes, int version)
    {
        var copy = bytes.ToArray();
        BitConverter.GetBytes(version).CopyTo(copy, 8);
        return copy;
    }

    private void Restore(byte[] good)
    {
        if (Directory.Exists(CacheFile)) Directory.Delete(CacheFile, recursive: true);
        if (File.Exists(CacheFile) || new FileInfo(CacheFile).LinkTarget is not null) File.Delete(CacheFile);
        File.WriteAllBytes(CacheFile, good);
    }

    /// <summary>The cache file a link to a good file elsewhere: not followed (and replaced, not written through).
    /// </summary>
    private void Symlink(byte[] good)
    {
        var elsewhere = Path.Combine(Work, "elsewhere.bin");
        File.WriteAllBytes(elsewhere, good);
        File.Delete(CacheFile);
        File.CreateSymbolicLink(CacheFile, elsewhere);
    }

    /// <summary>A part is never held in memory: a whole file reads it back when its turn comes. Whatever happens
    /// to the cache file meanwhile (cut short, overwritten), the part is the one the model makes.</summary>
    [Fact]
    public void A_cache_file_cut_or_changed_while_the_parts_are_read_gives_the_parts_the_model_makes()
    {
        var site = Publisher.Run(Validator.Run(Input)).Site;
        static byte[] Make(PublicMeeting m) => Encoding.UTF8.GetBytes($"[{m.Url} {m.Sted}]");
        static byte[] MakeSag(PublicSag s) => Encoding.UTF8.GetBytes($"[{s.Url} {s.Titel}]");
        Fragments Open(bool clean) => Fragments.Open(Cache, clean, m => m.Url, s => s.Sagsnr);
        using (var first = Open(clean: true))
        {
            foreach (var m in site.Meetings) first.MeetingPiece(m, Fragments.Slot.Json, () => Make(m));
            foreach (var s in site.Sager) first.SagPiece(s, Fragments.Slot.Json, () => MakeSag(s));
            first.Save();
        }
        var good = File.ReadAllBytes(CacheFile);
        var damages = new (string What, Action<FileStream> Damage)[]
        {
            ("cut short", f => f.SetLength(f.Length / 3)),
            ("cut to nothing", f => f.SetLength(0)),
            ("overwritten", f => f.Write(Enumerable.Repeat((byte)'x', (int)f.Length).ToArray())),
            ("one byte changed", f =>
            {
                f.Position = 20;
                var b = f.ReadByte();
                f.Position = 20;
                f.WriteByte((byte)(b ^ 0x5A));
            }),
        };
        foreach (var clean in new[] { false, true })
            foreach (var (what, damage) in damages)
            {
                Restore(good);
                // Kept parts are read from fragments.bin, parts made now from the new file beside it.
                using var fragments = Open(clean);
                var meetings = site.Meetings.Select(m => (m, Piece: fragments.MeetingPiece(m, Fragments.Slot.Json,
                    () => Make(m)))).ToList();
                var sager = site.Sager.Select(s => (s, Piece: fragments.SagPiece(s, Fragments.Slot.Json,
                    () => MakeSag(s)))).ToList();
                var file = clean ? Assert.Single(Directory.GetFiles(Cache, "*.tmp")) : CacheFile;
                using (var f = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
                    damage(f);
                foreach (var (m, piece) in meetings)
                    Assert.True(Make(m).AsSpan().SequenceEqual(piece.Bytes), $"{what} ({clean}): {m.Url}");
                foreach (var (s, piece) in sager)
                    Assert.True(MakeSag(s).AsSpan().SequenceEqual(piece.Bytes), $"{what} ({clean}): {s.Url}");
            }
    }

    /// <summary>Prepare resolves the units into plain tables; a meeting or case it was not given (another model's
    /// object under the same key) still finds the prepared unit, and parts asked for by many threads at once are
    /// made once each: the saved index names every key once, and the next build keeps every part.</summary>
    [Fact]
    public void Units_prepared_or_not_and_asked_for_at_once_give_one_part_per_key()
    {
        var site = Publisher.Run(Validator.Run(Input)).Site;
        var other = Publisher.Run(Validator.Run(Input)).Site; // equal keys, other objects
        var made = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        byte[] Make(string what)
        {
            made.AddOrUpdate(what, 1, (_, n) => n + 1);
            Thread.SpinWait(200); // a part takes a while to make: the other threads ask meanwhile
            return Encoding.UTF8.GetBytes($"[{what}]");
        }
        Fragments Open(bool clean) => Fragments.Open(Cache, clean, m => m.Url, s => s.Sagsnr);
        void AskAll(Fragments fragments, PublicSite model) => Parallel.For(0, 8, _ =>
        {
            foreach (var m in model.Meetings)
                Assert.Equal($"[{m.Url}]", Encoding.UTF8.GetString(fragments.Meeting(m, Fragments.Slot.Json,
                    () => Make(m.Url))));
            foreach (var s in model.Sager)
                Assert.Equal($"[{s.Sagsnr}]", Encoding.UTF8.GetString(fragments.SagPiece(s, Fragments.Slot.Json,
                    () => Make(s.Sagsnr)).Bytes));
        });
        using (var first = Open(clean: true))
        {
            first.Prepare(site.Meetings, site.Sager);
            Assert.Throws<InvalidOperationException>(() => first.Prepare(site.Meetings, site.Sager));
            AskAll(first, site);
            AskAll(first, other);
            first.Save();
        }
        Assert.All(made, kv => Assert.Equal(1, kv.Value));
        Assert.Equal(site.Meetings.Length + site.Sager.Length, made.Count);
        var index = Index(File.ReadAllBytes(CacheFile));
        Assert.Equal(index.Count, index.Select(e => e.Key).Distinct().Count());
        Assert.Equal(made.Count, index.Count);

        // Kept: nothing is made again, whichever objects ask (unprepared here).
        made.Clear();
        using (var second = Open(clean: false))
        {
            second.Prepare(other.Meetings, other.Sager);
            AskAll(second, site);
            second.Save();
        }
        Assert.Empty(made);
        Assert.Equal(index.Count, Index(File.ReadAllBytes(CacheFile)).Count);
    }

    /// <summary>Prepare finds a unit kept from the last build through its old index entry and makes a table only of
    /// the keys new to the build: meetings sharing a key are one unit (one part made), a key new to this build is
    /// made once next to the kept ones, an unprepared object finds either kind, and the saved index names every key
    /// once — also a key that the last build had and this one has not (its parts are left out and zeroed).</summary>
    [Fact]
    public void Units_sharing_a_key_kept_or_new_to_the_build_are_one_unit_each()
    {
        var site = Publisher.Run(Validator.Run(Input)).Site;
        var other = Publisher.Run(Validator.Run(Input)).Site;
        var made = new List<string>();
        byte[] Make(string what)
        {
            lock (made) made.Add(what);
            return Encoding.UTF8.GetBytes($"[{what}]");
        }
        // Meetings keyed by their committee (several share a key), cases by number; the first committee's key
        // renamed in the second build (new to it), so its old key is no unit's then.
        var first = site.Meetings[0].Udvalg.Slug;
        string Key(PublicMeeting m, bool renamed) => renamed && m.Udvalg.Slug == first ? "new " + first : m.Udvalg.Slug;
        void Build(bool clean, bool renamed, PublicSite prepared, PublicSite asked)
        {
            using var fragments = Fragments.Open(Cache, clean, m => Key(m, renamed), s => s.Sagsnr);
            fragments.Prepare(prepared.Meetings, prepared.Sager);
            foreach (var m in asked.Meetings)
                Assert.Equal($"[{Key(m, renamed)}]", Encoding.UTF8.GetString(fragments.Meeting(m,
                    Fragments.Slot.Json, () => Make(Key(m, renamed)))));
            foreach (var s in asked.Sager)
                Assert.Equal($"[{s.Sagsnr}]", Encoding.UTF8.GetString(fragments.Sag(s, Fragments.Slot.Json,
                    () => Make(s.Sagsnr))));
            fragments.Save();
        }
        var committees = site.Meetings.Select(m => m.Udvalg.Slug).Distinct().Count();
        Assert.True(committees < site.Meetings.Length, "some meetings share a key");
        Build(clean: true, renamed: false, site, site);
        Assert.Equal(committees + site.Sager.Length, made.Count);
        Assert.Equal(made.Count, made.Distinct().Count());
        made.Clear();
        Build(clean: false, renamed: false, other, site); // kept: asked by unprepared objects
        Assert.Empty(made);
        Build(clean: false, renamed: true, site, other);
        Assert.Equal(["new " + first], made);
        var index = Index(File.ReadAllBytes(CacheFile));
        Assert.Equal(index.Count, index.Select(e => e.Key).Distinct().Count());
        Assert.Equal(committees + site.Sager.Length, index.Count);
        Assert.Contains(index, e => e.Key == "mnew " + first);
        Assert.DoesNotContain(index, e => e.Key == "m" + first);
        Assert.DoesNotContain($"[{first}]", Encoding.UTF8.GetString(File.ReadAllBytes(CacheFile)));
    }

    /// <summary>A meeting deleted and another's item closed in one incremental build (the feeds, the data files, the
    /// sitemap and the word list made side by side): the site is the clean build's, byte for byte, and neither
    /// meeting's sentinel is left in any output file (feeds, calendars, lists, CSV, word list) nor in the parts' cache
    /// file.</summary>
    [Fact]
    public void A_meeting_deleted_and_an_item_closed_in_one_build_leave_no_trace_in_any_file()
    {
        var closed = SampleEdits.Referat(Input, 2023);
        var deleted = SampleEdits.Referat(Input, 2024);
        SampleEdits.InDecision(closed, "Kvaegsentinel besluttet.");
        SampleEdits.InDecision(deleted, "Faaresentinel besluttet.");
        Build(Output, Cache);
        var before = SiteFiles.Read(Output);
        foreach (var sentinel in (string[])["Kvaegsentinel", "Faaresentinel"])
        {
            Assert.Contains(sentinel, Encoding.UTF8.GetString(before["data/beslutninger.csv"]));
            Assert.Contains(sentinel, Encoding.UTF8.GetString(before["data/moeder.json"]) + Encoding.UTF8.GetString(
                before["feed.xml"]));
        }

        File.Delete(deleted);
        SampleEdits.CloseFirstItem(closed);
        var expected = CleanBuild();
        Build(Output, Cache);
        var site = SiteFiles.Read(Output);
        SiteFiles.AssertSame(expected, site);
        var cache = Encoding.UTF8.GetString(File.ReadAllBytes(CacheFile));
        foreach (var sentinel in (string[])["kvaegsentinel", "faaresentinel"])
        {
            foreach (var (path, bytes) in site)
                Assert.False(Encoding.UTF8.GetString(bytes).Contains(sentinel, StringComparison.OrdinalIgnoreCase),
                    $"{sentinel} in {path}");
            Assert.DoesNotContain(sentinel, cache, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The sentinel is in the CSV and the cache file while its item is open (else the checks after it is
    /// closed would prove nothing); the index is written back as it was.</summary>
    [Fact]
    public void An_item_closed_since_the_last_build_is_in_no_kept_part_nor_in_the_cache_file() =>
        ClosedAfterForgery((good, _) =>
        {
            Assert.Contains("Kvaegsentinel", File.ReadAllText(Path.Combine(Output, "data", "beslutninger.csv")));
            Assert.Contains("kvaegsentinel", Encoding.UTF8.GetString(good), StringComparison.OrdinalIgnoreCase);
        });

    /// <summary>fragments.bin's index as entries (key, and per slot offset, length and hash), and the file with an
    /// index of other entries, signed again (its SHA-256 recomputed): a forgery the checksum cannot catch.</summary>
    private static List<IndexEntry> Index(byte[] file)
    {
        var trailer = 8 + 32 + 8;
        var length = BitConverter.ToInt64(file, file.Length - trailer);
        using var r = new BinaryReader(new MemoryStream(file, (int)(file.Length - trailer - length), (int)length),
            Encoding.UTF8);
        var entries = new List<IndexEntry>();
        for (var count = r.ReadInt32(); count > 0; count--)
            entries.Add((r.ReadString(), [.. Enumerable.Range(0, 5).Select(_ =>
                (r.ReadInt64(), r.ReadInt32(), r.ReadUInt64(), r.ReadUInt64()))]));
        return entries;
    }

    private static byte[] WithIndex(byte[] file, List<IndexEntry> entries)
    {
        var index = new MemoryStream();
        using (var w = new BinaryWriter(index, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(entries.Count);
            foreach (var (key, parts) in entries)
            {
                w.Write(key);
                foreach (var (offset, length, hi, lo) in parts)
                {
                    w.Write(offset);
                    w.Write(length);
                    w.Write(hi);
                    w.Write(lo);
                }
            }
        }
        return WithRawIndex(file, index.ToArray());
    }

    /// <summary>The file with <paramref name="bytes"/> in place of its index, signed again.</summary>
    private static byte[] WithRawIndex(byte[] file, byte[] bytes)
    {
        var trailer = 8 + 32 + 8;
        var start = (int)(file.Length - trailer - BitConverter.ToInt64(file, file.Length - trailer));
        return [.. file[..start], .. bytes, .. BitConverter.GetBytes((long)bytes.Length),
            .. System.Security.Cryptography.SHA256.HashData(bytes), .. file[^8..]];
    }

    /// <summary>The index's raw bytes (after <see cref="Index"/>'s framing).</summary>
    private static byte[] RawIndex(byte[] file)
    {
        var trailer = 8 + 32 + 8;
        var length = (int)BitConverter.ToInt64(file, file.Length - trailer);
        return file[(file.Length - trailer - length)..(file.Length - trailer)];
    }

    /// <summary>An index signed again (its checksum right) but not well formed — cut inside an entry, a key's length
    /// in more than five 7-bit groups, a key's length past the end, bytes after the last entry — is refused as a
    /// whole: every part is made, the site is the clean build's, and the cache file is written anew, readable.
    /// </summary>
    [Theory]
    [InlineData("cut")]
    [InlineData("long length")]
    [InlineData("length past the end")]
    [InlineData("trailing bytes")]
    public void An_index_not_well_formed_under_a_right_checksum_is_refused(string forgery)
    {
        var expected = CleanBuild();
        Build(Output, Cache);
        var good = File.ReadAllBytes(CacheFile);
        var raw = RawIndex(good);
        // The first entry's key starts after the count (4 bytes): its length is one byte here ("m" + a URL).
        Assert.True(raw[4] < 0x80);
        byte[] forged = forgery switch
        {
            "cut" => raw[..(raw.Length - 10)],
            "long length" => [.. raw[..4], 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, .. raw[5..]],
            "length past the end" => [.. raw[..4], 0xFF, 0xFF, 0xFF, 0x07, .. raw[5..]],
            _ => [.. raw, 0],
        };
        File.WriteAllBytes(CacheFile, WithRawIndex(good, forged));
        Build(Output, Cache);
        SiteFiles.AssertSame(expected, SiteFiles.Read(Output));
        var written = Index(File.ReadAllBytes(CacheFile));
        Assert.Equal(Index(good).Count, written.Count);
    }

    /// <summary>A forged index (checksum recomputed) that names a meeting's key twice, the second time with no parts:
    /// read as a dictionary, the first entry's parts would be in no entry, so never zeroed, and an item closed
    /// since would leave its text in the file. Such an index is refused: the file is written anew.</summary>
    [Fact]
    public void A_forged_index_naming_a_key_twice_is_refused_and_a_closed_items_text_does_not_survive_it()
    {
        var marked = Encoding.UTF8.GetBytes("Kvaegsentinel");
        var expected = ClosedAfterForgery((good, entries) =>
        {
            var at = entries.FindIndex(e => e.Parts.Any(p => p.Offset >= 0
                && good.AsSpan((int)p.Offset, p.Length).IndexOf(marked) >= 0));
            Assert.True(at >= 0, "the sentinel's meeting has a part in the cache file");
            entries.Insert(at + 1, (entries[at].Key, [.. Enumerable.Repeat((-1L, 0, 0UL, 0UL), 5)]));
        });
        // The index as written is read back (no key twice): the next build keeps its parts.
        var written = Index(File.ReadAllBytes(CacheFile));
        Assert.Equal(written.Count, written.Select(e => e.Key).Distinct().Count());
        Build(Output, Cache);
        SiteFiles.AssertSame(expected, SiteFiles.Read(Output));
    }

    /// <summary>The same index re-signed, unchanged but in another order: read as it is (the order of the entries
    /// does not matter), and the parts no unit uses any more are still zeroed.</summary>
    [Fact]
    public void An_index_in_any_order_is_read_and_its_unused_parts_are_zeroed() =>
        ClosedAfterForgery((_, entries) => entries.Reverse());

    /// <summary>A sentinel in an open decision, built; fragments.bin's index changed by <paramref name="forge"/>
    /// (given the file and the entries) and signed again; the item closed and built again: the site is the clean
    /// build's (returned), and the sentinel is in no output file nor in the cache file.</summary>
    private Dictionary<string, byte[]> ClosedAfterForgery(Action<byte[], List<IndexEntry>> forge)
    {
        var file = SampleEdits.Referat(Input, 2023);
        SampleEdits.InDecision(file, "Kvaegsentinel besluttet.");
        Build(Output, Cache);
        var good = File.ReadAllBytes(CacheFile);
        var entries = Index(good);
        forge(good, entries);
        File.WriteAllBytes(CacheFile, WithIndex(good, entries));

        SampleEdits.CloseFirstItem(file);
        var expected = CleanBuild();
        Build(Output, Cache);
        SiteFiles.AssertSame(expected, SiteFiles.Read(Output));
        foreach (var (_, bytes) in SiteFiles.Read(Output))
            Assert.DoesNotContain("kvaegsentinel", Encoding.UTF8.GetString(bytes), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("kvaegsentinel", Encoding.UTF8.GetString(File.ReadAllBytes(CacheFile)),
            StringComparison.OrdinalIgnoreCase);
        return expected;
    }
}

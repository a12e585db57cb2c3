using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SiteGen.Common;
using SiteGen.Publishing;

namespace SiteGen.Output;

/// <summary>A part of the output that is made from a known part of the public model and nothing else: its files
/// (site-relative) and a key, the hash of everything their bytes depend on. Equal keys mean equal bytes, so a
/// build may take the unit's files from the previous output (<see cref="BuildCache"/>).</summary>
public sealed record OutputUnit(string Key, ImmutableArray<string> Files);

/// <summary>The output units of a site: one per meeting (its page, its open items' pages, its calendar and data
/// file) and one per case (its page, feed and data file). Everything else (front page, committee and year pages,
/// the archive-wide feeds, calendars, lists, sitemap, CSV, word list, assets, attachments) is made every
/// build.</summary>
/// <remarks>A unit's key is the hash of: the context (generator, templates and assets byte for byte, the site's
/// settings from site.yml, with or without search), its part of the public model (a meeting named by its check's
/// fingerprint and what Publishing adds to the check, <see cref="Own"/>; else walked property by property,
/// <see cref="ModelHash"/>), and what it shows of other parts: a meeting links its older and newer meeting of the
/// same committee (their whole model is in the key) and its items link their case when it has more than one
/// treatment (every treatment of each of its cases is in the key); a case's key has every meeting it was treated
/// at. The build date is not in the keys: it only decides "Kommende møder", which is on the overview pages
/// (made every build); the published model of a meeting, which the build date could change, is in the
/// key.</remarks>
public sealed record OutputUnits(
    IReadOnlyDictionary<PublicMeeting, OutputUnit> Meetings, IReadOnlyDictionary<PublicSag, OutputUnit> Sager)
{
    public IEnumerable<OutputUnit> All => Meetings.Values.Concat(Sager.Values);

    /// <summary>The context every unit's key includes (see the remarks above).</summary>
    public static string Context(PublicSite site, string templatesDir, string assetsDir, string generator,
        bool search)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{generator}\n{search}\n"));
        hash.AppendData(Encoding.UTF8.GetBytes(ModelHash.Of(site with
        {
            Meetings = [], Sager = [], Idag = DateOnly.MinValue,
        })));
        foreach (var dir in new[] { templatesDir, assetsDir })
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"\n#{dir}\n"));
            if (!Directory.Exists(dir)) continue;
            foreach (var entry in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories)
                         .Order(StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetRelativePath(dir, entry)}\0"));
                // Only regular files are read (a pipe would block, a link is refused by the render anyway); any
                // other entry, or one that cannot be read, makes the context unique: nothing is reused.
                var kind = InputFiles.Kind(entry);
                if (kind == FileKind.Directory) continue;
                var bytes = kind == FileKind.Regular
                    ? InputFiles.Read(dir, entry, InputFiles.MaxTextBytes).Bytes
                    : null;
                hash.AppendData(bytes is null ? Guid.NewGuid().ToByteArray() : SHA256.HashData(bytes));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The units of <paramref name="site"/> and their keys (<paramref name="context"/> from
    /// <see cref="Context"/>).</summary>
    /// <param name="paths">one string per path shared with the build cache's records (<see cref="PathPool"/>), or
    /// null</param>
    public static OutputUnits Plan(PublicSite site, string context, PathPool? paths = null)
    {
        string Path(string path) => paths is null ? path : paths.Get(path);
        var meetings = site.Meetings;
        // Each meeting's hash and address, made once (an address is a formatted date: every item file, treatment
        // and calendar of the meeting is named from it).
        var hashes = new string[meetings.Length];
        var urls = new string[meetings.Length];
        StepLog.Step("meeting hashes", () => Parallel.For(0, meetings.Length, i =>
            (hashes[i], urls[i]) = (Own(meetings[i]), meetings[i].Url)));
        var at = new Dictionary<PublicMeeting, int>(meetings.Length, ReferenceEqualityComparer.Instance);
        // A case shows its items, which are part of their meeting: an item is named by its meeting's hash (which
        // covers its content) and its place there, instead of being walked a second time. Only items with a case
        // number can be a case's treatment; their names are made when a case asks.
        var punktAt = new Dictionary<PublicPunkt, (int Meeting, int Place)>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < meetings.Length; i++)
        {
            at[meetings[i]] = i;
            var punkter = meetings[i].Punkter;
            for (var j = 0; j < punkter.Length; j++)
                if (punkter[j] is OpenPunkt { Sagsnr: not null }) punktAt.TryAdd(punkter[j], (i, j));
        }
        string? Known(object o) => o switch
        {
            PublicMeeting m => at.TryGetValue(m, out var i) ? hashes[i] : null,
            PublicPunkt p => punktAt.TryGetValue(p, out var place) ? $"{hashes[place.Meeting]}#{place.Place}" : null,
            _ => null,
        };
        string UrlOf(PublicMeeting m) => at.TryGetValue(m, out var i) ? urls[i] : m.Url;

        var sagAt = new Dictionary<string, int>(site.Sager.Length, StringComparer.Ordinal);
        for (var i = 0; i < site.Sager.Length; i++) sagAt.TryAdd(site.Sager[i].Sagsnr, i);
        var neighbours = new (int Older, int Newer)[meetings.Length];
        foreach (var group in Enumerable.Range(0, meetings.Length)
                     .GroupBy(i => meetings[i].Udvalg.Slug, StringComparer.Ordinal))
        {
            var list = group.ToList(); // newest first
            for (var k = 0; k < list.Count; k++)
                neighbours[list[k]] = (k + 1 < list.Count ? list[k + 1] : -1, k > 0 ? list[k - 1] : -1);
        }

        // What a meeting's items show of their case: its address and every treatment, made once per case (an item
        // of a case treated at n meetings made it n times, once per treatment: quadratic in the case's length).
        var treatments = new string[site.Sager.Length];
        StepLog.Step("case treatments", () => Parallel.For(0, treatments.Length, i =>
        {
            var sag = site.Sager[i];
            var text = Text.Clear().Append(sag.Url).Append(' ');
            for (var b = 0; b < sag.Behandlinger.Length; b++)
            {
                var treatment = sag.Behandlinger[b];
                if (b > 0) text.Append(',');
                text.Append(UrlOf(treatment.Meeting)).Append('#').Append(treatment.Punkt.Nr);
            }
            treatments[i] = text.ToString();
            text.Clear();
        }));

        var meetingUnits = new OutputUnit[meetings.Length];
        StepLog.Step("meeting keys", () => Parallel.For(0, meetings.Length, i =>
        {
            var m = meetings[i];
            var (older, newer) = neighbours[i];
            var key = Text.Clear().Append("moede\n").Append(context).Append('\n').Append(hashes[i])
                .Append("\nolder ").Append(older < 0 ? "-" : hashes[older])
                .Append("\nnewer ").Append(newer < 0 ? "-" : hashes[newer]);
            var files = ImmutableArray.CreateBuilder<string>(m.Punkter.Length + 3);
            files.Add(Path(Urls.File(urls[i])));
            foreach (var p in m.Punkter)
            {
                if (p is not OpenPunkt open) continue;
                if (open.Sagsnr is { } nr && sagAt.TryGetValue(nr, out var sag))
                    key.Append("\nsag ").Append(open.Nr).Append(' ').Append(treatments[sag]);
                files.Add(Path(Urls.File(Urls.ItemPage(urls[i], open.Nr))));
            }
            files.Add(Path(Urls.MeetingCalendar(urls[i]).TrimStart('/')));
            files.Add(Path(Urls.MeetingData(m).TrimStart('/')));
            meetingUnits[i] = new OutputUnit(HashAndClear(key), files.DrainToImmutable());
        }));
        var byMeeting = new Dictionary<PublicMeeting, OutputUnit>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < meetings.Length; i++) byMeeting[meetings[i]] = meetingUnits[i];

        var sager = site.Sager;
        var sagUnits = new OutputUnit[sager.Length];
        var sagPrefix = $"sag\n{context}\n";
        StepLog.Step("case keys", () => Parallel.For(0, sager.Length, i =>
        {
            var s = sager[i];
            sagUnits[i] = new OutputUnit(CaseHash(s, Known, prefix: sagPrefix), [
                Path(Urls.File(s.Url)), Path(Urls.SagFeed(s).TrimStart('/')), Path(Urls.SagData(s).TrimStart('/'))]);
        }));
        var bySag = new Dictionary<PublicSag, OutputUnit>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < sager.Length; i++) bySag[sager[i]] = sagUnits[i];
        return new OutputUnits(byMeeting, bySag);
    }

    /// <summary>What a meeting's key names its own model by: with a fingerprint (<see cref="PublicMeeting.Fingerprint"/>,
    /// the verified hash of its referat's stored check, which the model is made from), that and what Publishing adds
    /// to the check: the committee (from site.yml) and each open attachment's file (its size is read when
    /// publishing). The rest of what a meeting is made from (the configuration, the generator) is in every key's
    /// context. Without one, its whole public model, walked.</summary>
    internal static string Own(PublicMeeting m) => m.Fingerprint is { } fingerprint
        ? "f" + ModelHash.Of(new Published(m.Udvalg, OpenFiles(m)), prefix: $"fingerprint {fingerprint}\n")
        : ModelHash.Of(m);

    /// <summary>Each open attachment's file (or null) of the meeting's open items, in order (a loop: the query it
    /// replaces was half of the 10,000 meetings' hashing).</summary>
    private static ImmutableArray<PublishedFile?> OpenFiles(PublicMeeting m)
    {
        var files = ImmutableArray.CreateBuilder<PublishedFile?>();
        foreach (var p in m.Punkter)
            if (p is OpenPunkt open)
                foreach (var b in open.Bilag)
                    if (b is OpenBilag bilag) files.Add(bilag.Fil);
        return files.DrainToImmutable();
    }

    /// <summary>What Publishing adds to a referat's check (see <see cref="Own"/>).</summary>
    internal sealed record Published(PublicUdvalg Udvalg, ImmutableArray<PublishedFile?> Files);

    /// <summary>A case's model with each treatment named by its meeting's and item's hashes: a case is made from its
    /// case number and its treatments alone (<see cref="Sagsliste.Of"/>; its title and route are its items', its
    /// date, slug and address follow from those), so those, in order, name all of it. Walks the case when a
    /// treatment has no hash (a case not made from this site's meetings).</summary>
    /// <param name="prefix">what else the hash covers (the unit key's kind and context), hashed in front</param>
    internal static string CaseHash(PublicSag s, Func<object, string?> known, string prefix = "")
    {
        // Each field with its length in front, so that fields cannot run into each other; hashed as UTF-16 (as
        // ModelHash does: two titles that differ only in an unpaired surrogate still differ). Made directly rather
        // than by walking a record of the names: 64,000 cases at 10,000 meetings, one SHA-256 each.
        var text = Text.Clear().Append(prefix).Append("case\n");
        void Field(string? value) => (value is null ? text.Append('-') : text.Append(value.Length).Append(':')
            .Append(value)).Append('\n');
        Field(s.Sagsnr);
        Field(s.Titel);
        Field(s.Sagsgang);
        foreach (var b in s.Behandlinger)
        {
            if (known(b.Meeting) is not { } meeting || known(b.Punkt) is not { } punkt)
                return ModelHash.Of(s, prefix, known);
            Field(meeting);
            Field(punkt);
        }
        return "n" + HashAndClear(text);
    }

    /// <summary>A key's text, one per thread, reused (cleared after use): a builder per key grew its chunks anew
    /// for each of 74,000 units at 10,000 meetings.</summary>
    private static StringBuilder Text => _text ??= new StringBuilder(1024);

    [ThreadStatic] private static StringBuilder? _text;
    [ThreadStatic] private static IncrementalHash? _sha;

    /// <summary>One SHA-256 per thread, reused: a one-shot <see cref="SHA256.HashData(byte[])"/> sets up its
    /// context every call (≈ 1.5 µs here, ten times the hashing of a key's few hundred bytes).</summary>
    private static IncrementalHash Sha => _sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    private static string HashAndReset()
    {
        Span<byte> hash = stackalloc byte[32];
        Sha.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The hash of <paramref name="text"/>'s UTF-16 code units (no string of it made), which is then
    /// cleared.</summary>
    private static string HashAndClear(StringBuilder text)
    {
        foreach (var chunk in text.GetChunks()) Sha.AppendData(MemoryMarshal.AsBytes(chunk.Span));
        text.Clear();
        return HashAndReset();
    }
}

using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using SiteGen.Common;
using SiteGen.Content;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>The binary form of one file's check (<see cref="FileCheck"/>: the source model, closed content included,
/// its diagnostics and its meeting claim) in <see cref="CheckStore"/>. Every field of every source-model type is
/// written (CheckCodecTests prove it by reflection), except <see cref="Referat.Version"/>, which holds the file's
/// write time and is made again from the file on reading. Reading never trusts the bytes: a count beyond what is
/// left, an unknown enum value or a date out of range throws <see cref="FormatException"/>, and the caller then
/// checks the file itself.</summary>
internal static class CheckCodec
{
    /// <summary>Strict: a string that is not valid UTF-16 (a lone surrogate) throws instead of being changed,
    /// so what is read back is always what was written (such a check is simply not stored).</summary>
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>One buffer per thread, reused: a check is tens of KB, and files are encoded on all cores.</summary>
    [ThreadStatic] private static MemoryStream? _buffer;

    public static byte[] Encode(FileCheck check)
    {
        var stream = _buffer ??= new MemoryStream(64 * 1024);
        stream.SetLength(0);
        using (var w = new BinaryWriter(stream, Utf8, leaveOpen: true))
        {
            w.Write(check.Display);
            WriteNullable(w, check.Referat, WriteReferat);
            w.Write7BitEncodedInt(check.Diagnostics.Count);
            foreach (var d in check.Diagnostics) WriteDiagnostic(w, d);
            WriteNullable(w, check.Claim, WriteClaim);
        }
        return stream.ToArray();
    }

    /// <param name="config">the run's site.yml: a committee equal to one of its committees is that instance, as in
    /// a check made now</param>
    /// <param name="text">where the sections' text goes (<see cref="TextStore.Shared"/> when null): it is copied
    /// there as the UTF-8 it is, never made a string</param>
    /// <param name="inPlace">instead, the read-only store over the file <paramref name="payload"/> was read from,
    /// at <paramref name="inPlaceAt"/> (<see cref="TextStore.Over"/>): the sections' texts are left where they lie
    /// in it, nothing is copied</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // 10,000 calls a build: no slow first tier
    public static FileCheck Decode(ReadOnlyMemory<byte> payload, SiteConfig? config,
        IReadOnlyList<AttachmentLookup> attachments, TextStore? text = null, TextStore? inPlace = null,
        long inPlaceAt = 0)
    {
        // The texts of the check go to the store in one write (they are not read before Decode returns).
        using var batch = inPlace is null ? (text ?? TextStore.Shared).Begin(payload.Length) : null;
        var r = new Reader(payload, config, batch, inPlace, inPlaceAt);
        var display = r.String();
        var referat = r.Nullable(r.Referat);
        var count = r.Count();
        var diagnostics = new List<Diagnostic>(count);
        for (var i = 0; i < count; i++) diagnostics.Add(r.Diagnostic());
        var claim = r.Nullable(r.Claim);
        r.End();
        // Where a duplicate error goes into the list: must be a place in it (Validator inserts there).
        if (claim is not null && (claim.Index < 0 || claim.Index > diagnostics.Count))
            throw new FormatException("bad claim");
        batch?.Commit();
        return new FileCheck(display, referat, diagnostics, claim) { Attachments = attachments };
    }

    public static byte[] EncodeConfig(SiteConfig? config)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Utf8, leaveOpen: true)) WriteNullable(w, config, WriteConfig);
        return stream.ToArray();
    }

    public static SiteConfig? DecodeConfig(byte[] bytes)
    {
        var r = new Reader(bytes, null, text: null); // a config holds no stored text
        var config = r.Nullable(r.Config);
        r.End();
        return config;
    }

    private static void WriteConfig(BinaryWriter w, SiteConfig c)
    {
        w.Write(c.Titel);
        w.Write(c.Kommune);
        w.Write(c.BaseUrl);
        WriteString(w, c.TilgaengelighedUrl);
        WriteArray(w, c.Udvalg, WriteUdvalg);
        WriteArray(w, c.Sektioner, (w, s) => w.Write(s));
        WriteNullable(w, c.Kontakt, (w, k) =>
        {
            w.Write(k.Navn);
            WriteString(w, k.Email);
            WriteString(w, k.Telefon);
        });
    }

    private static void WriteReferat(BinaryWriter w, Referat r)
    {
        w.Write(r.File);
        WriteUdvalg(w, r.Udvalg);
        w.Write(r.Dato.DayNumber);
        w.Write(r.Start.Ticks);
        w.Write(r.Slut.Ticks);
        w.Write(r.Sted);
        WriteArray(w, r.Medlemmer, (w, s) => w.Write(s));
        WriteArray(w, r.Fravaerende, (w, s) => w.Write(s));
        w.Write((int)r.Type);
        w.Write(r.Publiceret.Ticks);
        w.Write((short)r.Publiceret.TotalOffsetMinutes);
        WriteArray(w, r.Rettelser, WriteRettelse);
        WriteArray(w, r.Punkter, WritePunkt);
    }

    private static void WriteUdvalg(BinaryWriter w, Udvalg u)
    {
        w.Write(u.Navn);
        w.Write(u.Slug);
        WriteString(w, u.Beskrivelse);
    }

    private static void WriteRettelse(BinaryWriter w, Rettelse r)
    {
        w.Write(r.Dato.DayNumber);
        w.Write(r.Tekst);
        WriteArray(w, r.Punkter, (w, n) => w.Write(n));
    }

    private static void WritePunkt(BinaryWriter w, Punkt p)
    {
        w.Write(p.Nr);
        w.Write(p.Titel);
        w.Write((int)p.Status);
        WriteString(w, p.Sagsnr);
        WriteString(w, p.Sagsgang);
        WriteString(w, p.OffentligTitel);
        WriteString(w, p.OffentligBeslutning);
        WriteArray(w, p.Sektioner, (w, s) =>
        {
            w.Write(s.Navn);
            s.Markdown.WriteTo(w); // as w.Write(string), from the stored bytes
            w.Write(s.Line);
            w.Write(s.ErBeslutning);
        });
        WriteArray(w, p.Bilag, (w, b) =>
        {
            w.Write(b.Nr);
            w.Write((int)b.Status);
            WriteString(w, b.Titel);
            WriteString(w, b.Dokument);
            WriteString(w, b.Fil);
        });
        w.Write(p.Line);
    }

    private static void WriteDiagnostic(BinaryWriter w, Diagnostic d)
    {
        w.Write(d.Code);
        w.Write((int)d.Severity);
        w.Write(d.File);
        w.Write(d.Line);
        w.Write(d.Column);
        w.Write(d.Message);
    }

    private static void WriteClaim(BinaryWriter w, MeetingClaim c)
    {
        WriteUdvalg(w, c.Udvalg);
        w.Write(c.Dato.DayNumber);
        w.Write(c.At.Line);
        w.Write(c.At.Column);
        w.Write(c.Index);
        w.Write(c.PathOk);
    }

    private static void WriteString(BinaryWriter w, string? s) => WriteNullable(w, s, (w, v) => w.Write(v));

    private static void WriteNullable<T>(BinaryWriter w, T? value, Action<BinaryWriter, T> write) where T : class
    {
        w.Write(value is not null);
        if (value is not null) write(w, value);
    }

    /// <summary>Count, then the items; -1 for a default array (kept apart from an empty one: code downstream may
    /// tell them apart).</summary>
    private static void WriteArray<T>(BinaryWriter w, ImmutableArray<T> items, Action<BinaryWriter, T> write)
    {
        if (items.IsDefault)
        {
            w.Write7BitEncodedInt(-1);
            return;
        }
        w.Write7BitEncodedInt(items.Length);
        foreach (var item in items) write(w, item);
    }

    /// <summary>Reads what the writers above wrote, checking every count, enum and date as it goes.</summary>
    private sealed class Reader(ReadOnlyMemory<byte> payload, SiteConfig? config, TextStore.Batch? text,
        TextStore? inPlace = null, long inPlaceAt = 0) : ByteReader(payload)
    {
        /// <summary>A section's name: the run's own instance of it when site.yml names it (one string for the
        /// archive's ≈ 24 sections per meeting instead of one each: 27 MB less at 20,000 meetings).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        private string SectionName()
        {
            var at = Position;
            if (_known?.Section(Utf8Bytes()) is { } known) return known;
            Position = at;
            return String();
        }

        /// <summary>The config's strings as UTF-8 (null when site.yml has none or holds text that is not valid
        /// Unicode): a section's name and a committee are matched on their bytes, so the run's instances are taken
        /// without making a string first (≈ 30 strings per meeting).</summary>
        private readonly KnownStrings? _known = KnownStrings.Of(config);

        /// <summary>A name met again and again (members, places): one instance per thread
        /// (<see cref="NamePool"/>), made once instead of once per meeting.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        private string Name()
        {
            var at = Position;
            var bytes = Utf8Bytes();
            if (NamePool.Get(bytes) is { } pooled) return pooled;
            Position = at;
            var name = String();
            NamePool.Add(bytes, name);
            return name;
        }

        /// <summary>A string as <see cref="ByteReader.String"/> reads it, kept in the store.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        private StoredText Stored()
        {
            var bytes = Utf8Bytes();
            if (inPlace is not null) return inPlace.At(inPlaceAt + Position - bytes.Length, bytes);
            return (text ?? throw new FormatException("no store")).AddUtf8(bytes);
        }

        public T? Nullable<T>(Func<T> read) where T : class => Bool() ? read() : null;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        public ImmutableArray<T> Array<T>(Func<T> read)
        {
            var n = Count(allowDefault: true);
            if (n < 0) return default;
            var items = ImmutableArray.CreateBuilder<T>(n);
            for (var i = 0; i < n; i++) items.Add(read());
            return items.MoveToImmutable();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        private TEnum Enum<TEnum>() where TEnum : struct, Enum
        {
            var value = (TEnum)(object)Int();
            return System.Enum.IsDefined(value) ? value : throw new FormatException("bad enum");
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        private DateOnly Date()
        {
            var day = Int();
            return day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber
                ? DateOnly.FromDayNumber(day)
                : throw new FormatException("bad date");
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        private TimeOnly Time()
        {
            var ticks = Long();
            return ticks >= 0 && ticks <= TimeOnly.MaxValue.Ticks ? new TimeOnly(ticks) : throw new FormatException();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        private DateTimeOffset Moment()
        {
            var ticks = Long();
            var offset = TimeSpan.FromMinutes(Short());
            try { return new DateTimeOffset(ticks, offset); }
            catch (ArgumentException) { throw new FormatException("bad time"); }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        public SiteConfig Config() => new(String(), String(), String(), NullableString(), Array(Udvalg),
            Array(String), Nullable(() => new Kontakt(String(), NullableString(), NullableString())));

        /// <summary>The run's own committee when it is equal (as a check made now would give it).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        public Udvalg Udvalg()
        {
            var at = Position;
            if (_known?.Committee(this) is { } known) return known;
            Position = at;
            var read = new Udvalg(String(), String(), NullableString());
            return config?.Udvalg.FirstOrDefault(u => u == read) ?? read;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        public Referat Referat() => new(String(), Udvalg(), Date(), Time(), Time(), Name(), Array(Name),
            Array(Name), Enum<ReferatType>(), Moment(), Array(Rettelse), Array(Punkt));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        private Rettelse Rettelse() => new(Date(), String(), Array(Int));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        private Punkt Punkt() => new(Int(), String(), Enum<PunktStatus>(), NullableString(), NullableString(),
            NullableString(), NullableString(),
            Array(() => new Sektion(SectionName(), Stored(), Int(), Bool())),
            Array(() => new Bilag(Int(), Enum<BilagStatus>(), NullableString(), NullableString(), NullableString())),
            Int());

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        public Diagnostic Diagnostic() => new(String(), Enum<Severity>(), String(), Int(), Int(), String());

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
        public MeetingClaim Claim() => new(Udvalg(), Date(), new Pos(Int(), Int()), Int(), Bool());
    }
}

/// <summary>Reads the primitives <see cref="BinaryWriter"/> writes (little-endian numbers, 7-bit encoded counts,
/// length-prefixed strict UTF-8) straight from memory; anything out of bounds or malformed throws
/// <see cref="FormatException"/>.</summary>
internal class ByteReader(ReadOnlyMemory<byte> bytes)
{
    public int Position { get; set; }
    public int Length => bytes.Length;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > bytes.Length - Position) throw new FormatException("truncated");
        var span = bytes.Span.Slice(Position, n);
        Position += n;
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public ReadOnlyMemory<byte> Slice(int n)
    {
        Take(n);
        return bytes.Slice(Position - n, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public void End()
    {
        if (Position != bytes.Length) throw new FormatException("bytes after the end");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public byte Byte() => Take(1)[0];
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public short Short() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        _ => throw new FormatException("bad bool"),
    };

    /// <summary>As <see cref="BinaryWriter.Write7BitEncodedInt"/> wrote it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public int Int7()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Byte();
            if (shift == 28 && b > 0x0F) throw new FormatException("bad number");
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return (int)result;
        }
        throw new FormatException("bad number");
    }

    /// <summary>A count no larger than the bytes left (every item takes at least one byte).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public int Count(bool allowDefault = false)
    {
        var n = Int7();
        if ((n < 0 && !(allowDefault && n == -1)) || n > bytes.Length - Position)
            throw new FormatException("bad count");
        return n;
    }

    /// <summary>The bytes of a string as <see cref="BinaryWriter.Write(string)"/> wrote it (not checked here).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public ReadOnlySpan<byte> Utf8Bytes() => Take(Int7());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public string String()
    {
        try { return CheckCodec.Utf8.GetString(Take(Int7())); }
        catch (DecoderFallbackException) { throw new FormatException("not UTF-8"); }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public string? NullableString() => Bool() ? String() : null;
}

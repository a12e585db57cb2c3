using System.Runtime.CompilerServices;
using System.Text;
using SiteGen.Content;

namespace SiteGen.Validation;

/// <summary>The strings of site.yml that a stored check repeats (section names, committees) as the UTF-8 that
/// <see cref="CheckCodec"/> writes, so decoding takes the run's own instances by comparing bytes, with no string made
/// first. Equal bytes of strict UTF-8 are equal strings, so what is decoded is what a string compare gives.</summary>
internal sealed class KnownStrings
{
    private static readonly ConditionalWeakTable<SiteConfig, KnownStrings> ByConfig = new();

    private readonly (byte[] Utf8, string Value)[] _sections;
    private readonly (byte[] Navn, byte[] Slug, byte[]? Beskrivelse, Udvalg Value)[] _committees;

    private KnownStrings(SiteConfig config)
    {
        _sections = config.Sektioner.IsDefault ? [] : [.. config.Sektioner.Select(s => (Bytes(s), s))];
        _committees = config.Udvalg.IsDefault ? []
            : [.. config.Udvalg.Select(u => (Bytes(u.Navn), Bytes(u.Slug), u.Beskrivelse is null ? null
                : Bytes(u.Beskrivelse), u))];
    }

    /// <summary>The table of <paramref name="config"/>, made once per config; null without one, or when one of its
    /// strings is not valid Unicode (then nothing is matched on bytes: the slow path compares strings).</summary>
    public static KnownStrings? Of(SiteConfig? config)
    {
        if (config is null) return null;
        var known = ByConfig.GetValue(config, static c =>
        {
            try { return new KnownStrings(c); }
            catch (EncoderFallbackException) { return Unusable; }
        });
        return ReferenceEquals(known, Unusable) ? null : known;
    }

    private static readonly KnownStrings Unusable = new(new SiteConfig("", "", "", null, [], []));

    private static byte[] Bytes(string s) => CheckCodec.Utf8.GetBytes(s);

    /// <summary>The first section name of site.yml with these bytes, else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public string? Section(ReadOnlySpan<byte> utf8)
    {
        foreach (var (bytes, value) in _sections)
            if (utf8.SequenceEqual(bytes)) return value;
        return null;
    }

    /// <summary>Reads a committee as <see cref="CheckCodec"/> wrote it (name, slug, nullable description) and gives
    /// the first of site.yml equal to it, else null (the caller then reads it again as strings).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public Udvalg? Committee(ByteReader r)
    {
        var navn = r.Utf8Bytes();
        var slug = r.Utf8Bytes();
        var hasBeskrivelse = r.Bool();
        var beskrivelse = hasBeskrivelse ? r.Utf8Bytes() : default;
        foreach (var (n, s, b, value) in _committees)
            if (navn.SequenceEqual(n) && slug.SequenceEqual(s)
                && (b is null ? !hasBeskrivelse : hasBeskrivelse && beskrivelse.SequenceEqual(b)))
                return value;
        return null;
    }
}

/// <summary>Names met again and again in stored checks (a committee's members, its meeting places): one instance per
/// thread, made once instead of once per meeting (every meeting of a committee names the same few members).
/// Bounded (<see cref="MaxNames"/>, <see cref="MaxBytes"/>): beyond, strings are made as before.
/// Holds only public fields of the source model (members, places).</summary>
internal static class NamePool
{
    private const int MaxNames = 4096;
    private const int MaxBytes = 256;

    [ThreadStatic] private static Dictionary<int, (byte[] Utf8, string Value)>? _names;

    /// <summary>The pooled string with these bytes, else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public static string? Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes || _names is null) return null;
        return _names.TryGetValue(Hash(utf8), out var e) && utf8.SequenceEqual(e.Utf8) ? e.Value : null;
    }

    /// <summary>Keeps <paramref name="value"/>, decoded from <paramref name="utf8"/>, unless its hash is taken.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    public static void Add(ReadOnlySpan<byte> utf8, string value)
    {
        if (utf8.Length > MaxBytes) return;
        var names = _names ??= new Dictionary<int, (byte[], string)>();
        if (names.Count < MaxNames) names.TryAdd(Hash(utf8), (utf8.ToArray(), value));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // decoded once per run: no slow first tier
    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var h = new HashCode();
        h.AddBytes(utf8);
        return h.ToHashCode();
    }
}

using System.Collections.Immutable;
using System.Reflection;
using CsCheck;
using SiteGen.Common;
using SiteGen.Content;
using SiteGen.Diagnostics;
using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>The validation cache's binary form (<see cref="CheckCodec"/>) gives back every field of the source
/// model: instances are made by reflection with every property set (a property added to a model type later is set
/// too, so forgetting to write it fails here), written, read and compared deep.</summary>
public sealed class CheckCodecTests
{
    /// <summary>Made again on reading, never stored: the version holds the write time, the fingerprint is the stored
    /// bytes' hash.</summary>
    private static readonly HashSet<string> NotStored = ["Referat.Version", "Referat.Fingerprint"];

    [Fact]
    public void Every_field_of_a_files_check_survives_the_round_trip() =>
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var check = new FileCheck(Make<string>(random), random.Next(4) == 0 ? null : Make<Referat>(random),
                [.. Enumerable.Range(0, random.Next(4)).Select(_ => Make<Diagnostic>(random))],
                random.Next(3) == 0 ? null : Make<MeetingClaim>(random) with { Index = 0 });
            var back = CheckCodec.Decode(CheckCodec.Encode(check), null, []);
            DeepCompare.Equal(check, back, NotStored);
        }, iter: 300);

    [Fact]
    public void Every_field_of_the_site_config_survives_the_round_trip() =>
        Gen.Int.Sample(seed =>
        {
            var config = random(seed);
            DeepCompare.Equal(config, CheckCodec.DecodeConfig(CheckCodec.EncodeConfig(config)));
            static SiteConfig random(int seed) => Make<SiteConfig>(new Random(seed));
        }, iter: 300);

    [Fact]
    public void A_committee_of_the_sites_config_is_that_instance_after_reading()
    {
        var random = new Random(1);
        var referat = Make<Referat>(random);
        var config = Make<SiteConfig>(random) with { Udvalg = [referat.Udvalg with { }] };
        var back = CheckCodec.Decode(CheckCodec.Encode(new FileCheck("f.md", referat, [], null)), config, []);
        Assert.Same(config.Udvalg[0], back.Referat!.Udvalg);
    }

    [Fact]
    public void Every_field_survives_the_round_trip_when_the_config_names_its_sections_and_committees() =>
        Gen.Int.Sample(seed =>
        {
            // The config holds the check's own section names and committees (taken by their bytes then), near
            // misses of them (a space, another case, a description dropped or added) and strings of its own.
            var random = new Random(seed);
            var referat = Make<Referat>(random);
            var names = referat.Punkter.IsDefault ? [] : referat.Punkter
                .SelectMany(p => p.Sektioner.IsDefault ? [] : p.Sektioner.Select(s => s.Navn)).ToList();
            var config = Make<SiteConfig>(random) with
            {
                Sektioner = [.. names.Take(2), .. names.Skip(2).Select(n => n + " "), "Beslutning",
                    .. names.Select(n => n.ToUpperInvariant())],
                Udvalg = random.Next(3) switch
                {
                    0 => [referat.Udvalg with { }],
                    1 => [referat.Udvalg with { Beskrivelse = referat.Udvalg.Beskrivelse is null ? "" : null }],
                    _ => [referat.Udvalg with { Slug = referat.Udvalg.Slug + "x" }, referat.Udvalg with { }],
                },
            };
            var check = new FileCheck(Make<string>(random), referat, [],
                random.Next(2) == 0 ? null : Make<MeetingClaim>(random) with { Index = 0, Udvalg = referat.Udvalg });
            var back = CheckCodec.Decode(CheckCodec.Encode(check), config, []);
            DeepCompare.Equal(check, back, NotStored);
            if (config.Udvalg.FirstOrDefault(u => u == referat.Udvalg) is { } same)
                Assert.Same(same, back.Referat!.Udvalg);
            foreach (var s in back.Referat!.Punkter.IsDefault ? [] : back.Referat.Punkter.SelectMany(p =>
                         p.Sektioner.IsDefault ? [] : p.Sektioner))
                if (config.Sektioner.FirstOrDefault(n => n == s.Navn) is { } known) Assert.Same(known, s.Navn);
        }, iter: 300);

    [Fact]
    public void A_config_with_text_that_is_not_valid_unicode_still_decodes_as_written()
    {
        var random = new Random(5);
        var referat = Make<Referat>(random) with { Udvalg = new Udvalg("Direk\ud800tionen", "direktionen", null) };
        var config = Make<SiteConfig>(random) with { Udvalg = [referat.Udvalg with { }], Sektioner = ["Be\udc00slutning"] };
        var back = CheckCodec.Decode(CheckCodec.Encode(new FileCheck("f.md", referat with
        {
            Udvalg = new Udvalg("Direktionen", "direktionen", null),
        }, [], null)), config, []);
        Assert.Equal(new Udvalg("Direktionen", "direktionen", null), back.Referat!.Udvalg);
    }

    [Fact]
    public void A_pooled_name_never_answers_for_other_or_damaged_bytes()
    {
        var referat = Make<Referat>(new Random(7)) with { Medlemmer = ["Åse Holm", "Bo Berg"], Sted = "Rådhuset" };
        var encoded = CheckCodec.Encode(new FileCheck("f.md", referat, [], null));
        var first = CheckCodec.Decode(encoded, null, []);
        Assert.Equal(["Åse Holm", "Bo Berg"], first.Referat!.Medlemmer.ToArray());
        // The same length, another name: read as written, not the pooled one.
        var other = Replace(encoded, "Åse Holm", "Åse Holt");
        Assert.Equal("Åse Holt", CheckCodec.Decode(other, null, []).Referat!.Medlemmer[0]);
        // Bytes that are not UTF-8 where a pooled name was: refused, as without the pool.
        var damaged = encoded.ToArray();
        damaged[damaged.AsSpan().IndexOf("Åse Holm"u8)] = 0xFF;
        Assert.Throws<FormatException>(() => CheckCodec.Decode(damaged, null, []));
        Assert.Equal("Rådhuset", CheckCodec.Decode(encoded, null, []).Referat!.Sted);

        static byte[] Replace(byte[] bytes, string from, string to)
        {
            var (a, b) = (System.Text.Encoding.UTF8.GetBytes(from), System.Text.Encoding.UTF8.GetBytes(to));
            Assert.Equal(a.Length, b.Length);
            var copy = bytes.ToArray();
            b.CopyTo(copy, copy.AsSpan().IndexOf(a));
            return copy;
        }
    }

    [Fact]
    public void Text_that_is_not_valid_unicode_is_refused_rather_than_changed()
    {
        var check = new FileCheck("f.md", null, [new Diagnostic("REF001", Severity.Error, "f.md", 1, 1, "ok")],
            new MeetingClaim(new Udvalg("Direk\ud800tionen", "direktionen", null), new DateOnly(2024, 1, 2),
                new Pos(1, 1), 0, true));
        Assert.Throws<System.Text.EncoderFallbackException>(() => CheckCodec.Encode(check));
        // A section's text too (kept in the store as UTF-16, as it cannot be UTF-8).
        var referat = Make<Referat>(new Random(2));
        var punkt = Make<Punkt>(new Random(3)) with { Sektioner = [new Sektion("Beslutning",
            StoredText.Of("Godkendt \udc00."), 1, true)] };
        Assert.Throws<System.Text.EncoderFallbackException>(() =>
            CheckCodec.Encode(new FileCheck("f.md", referat with { Punkter = [punkt] }, [], null)));
    }

    [Fact]
    public void Every_source_model_type_is_reached_by_the_round_trip()
    {
        var reached = new HashSet<Type>();
        Walk(typeof(Referat), reached);
        Walk(typeof(SiteConfig), reached);
        // The records of Content/SourceModel.cs, read from the source: a record added there is checked too.
        var source = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src/SiteGen/Content/SourceModel.cs"));
        var model = System.Text.RegularExpressions.Regex.Matches(source, @"public sealed record (\w+)")
            .Select(m => typeof(Referat).Assembly.GetType("SiteGen.Content." + m.Groups[1].Value)!)
            .ToList();
        Assert.Contains(typeof(Punkt), model);
        Assert.Empty(model.Where(t => t is null || !reached.Contains(t)).Select(t => t?.Name ?? "(not found)"));
    }

    private static void Walk(Type type, HashSet<Type> reached)
    {
        if (!reached.Add(type) || type.IsPrimitive || type == typeof(string)) return;
        if (type.IsGenericType) foreach (var a in type.GetGenericArguments()) Walk(a, reached);
        foreach (var p in DeepCompare.Properties(type).Where(p => !NotStored.Contains($"{type.Name}.{p.Name}")))
            Walk(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, reached);
    }

    // Not thread-safe, and CsCheck samples on several threads: one per thread.
    private static readonly ThreadLocal<NullabilityInfoContext> Nullability = new(() => new());

    private static T Make<T>(Random random) => (T)Make(typeof(T), random, null, 0)!;

    /// <summary>A value of <paramref name="type"/> with every property set, from its widest constructor; null now
    /// and then where the parameter may be null.</summary>
    private static object? Make(Type type, Random random, ParameterInfo? parameter, int depth)
    {
        if (parameter is not null && random.Next(5) == 0
            && (Nullable.GetUnderlyingType(type) is not null
                || (!type.IsValueType && Nullability.Value!.Create(parameter).WriteState == NullabilityState.Nullable)))
            return null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return Text(random);
        if (type == typeof(StoredText)) return StoredText.Of(Text(random));
        if (type == typeof(int)) return random.Next(-5, 100_000);
        if (type == typeof(long)) return random.NextInt64();
        if (type == typeof(bool)) return random.Next(2) == 0;
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(random.Next(values.Length));
        }
        if (type == typeof(DateOnly)) return DateOnly.FromDayNumber(random.Next(700_000, 760_000));
        if (type == typeof(TimeOnly)) return new TimeOnly(random.NextInt64(TimeOnly.MaxValue.Ticks));
        if (type == typeof(DateTimeOffset))
            return new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay,
                DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay), TimeSpan.FromMinutes(15 * random.Next(-48, 49)));
        if (type == typeof(SourceVersion)) return default(SourceVersion);
        if (type == typeof(Pos)) return new Pos(random.Next(1, 5000), random.Next(1, 200));
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            var item = type.GetGenericArguments()[0];
            var create = typeof(ImmutableArray).GetMethods().Single(m => m.Name == "CreateRange"
                && m.GetParameters().Length == 1 && m.GetParameters()[0].ParameterType.Name == "IEnumerable`1")
                .MakeGenericMethod(item);
            if (random.Next(6) == 0) return Activator.CreateInstance(type); // default
            var items = Array.CreateInstance(item, depth > 3 ? 0 : random.Next(4));
            for (var i = 0; i < items.Length; i++) items.SetValue(Make(item, random, null, depth + 1), i);
            return create.Invoke(null, [items]);
        }
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return ctor.Invoke([.. ctor.GetParameters().Select(p => Make(p.ParameterType, random, p, depth + 1))]);
    }

    private static string Text(Random random)
    {
        const string Letters = "abcæøåÆØÅ é–—\"'#*\n\t<>&\\/ 0123456789🙂";
        var chars = new System.Text.StringBuilder();
        for (var n = random.Next(0, 30); n > 0; n--)
        {
            var i = random.Next(Letters.Length);
            if (char.IsSurrogate(Letters[i])) chars.Append("🙂");
            else chars.Append(Letters[i]);
        }
        return chars.ToString();
    }
}

using System.Collections;
using System.Collections.Immutable;
using System.Reflection;

namespace SiteGen.Tests.Validation;

/// <summary>Structural equality of anything the validator returns, found by reflection (every public property, so
/// a property added later is compared too). Records' own equality is not enough: ImmutableArray compares by
/// reference, and DateTimeOffset ignores the offset.</summary>
public static class DeepCompare
{
    /// <summary>The first difference as "path: a ≠ b", or null when equal. <paramref name="skip"/> names properties
    /// ("Type.Property") left out on purpose.</summary>
    public static string? Difference(object? a, object? b, string path = "", IReadOnlySet<string>? skip = null)
    {
        if (a is null || b is null) return a is null && b is null ? null : $"{path}: {Show(a)} ≠ {Show(b)}";
        var type = a.GetType();
        if (type != b.GetType()) return $"{path}: {type.Name} ≠ {b.GetType().Name}";
        if (a is DateTimeOffset da && b is DateTimeOffset db)
            return da.Ticks == db.Ticks && da.Offset == db.Offset ? null : $"{path}: {da:O} ≠ {db:O}";
        if (type.IsPrimitive || type.IsEnum
            || a is string or DateOnly or TimeOnly or decimal or SiteGen.Common.SourceVersion)
            return Equals(a, b) ? null : $"{path}: {Show(a)} ≠ {Show(b)}";
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            var defaultA = (bool)type.GetProperty("IsDefault")!.GetValue(a)!;
            var defaultB = (bool)type.GetProperty("IsDefault")!.GetValue(b)!;
            if (defaultA || defaultB) return defaultA == defaultB ? null : $"{path}: default ≠ not default";
        }
        if (a is IEnumerable ea && b is IEnumerable eb)
        {
            var la = ea.Cast<object?>().ToList();
            var lb = eb.Cast<object?>().ToList();
            if (la.Count != lb.Count) return $"{path}: {la.Count} items ≠ {lb.Count}";
            for (var i = 0; i < la.Count; i++)
                if (Difference(la[i], lb[i], $"{path}[{i}]", skip) is { } d) return d;
            return null;
        }
        foreach (var p in Properties(type))
        {
            if (skip?.Contains($"{type.Name}.{p.Name}") == true) continue;
            if (Difference(p.GetValue(a), p.GetValue(b), $"{path}.{p.Name}", skip) is { } d) return d;
        }
        return null;
    }

    public static void Equal(object? expected, object? actual, IReadOnlySet<string>? skip = null)
    {
        if (Difference(expected, actual, "", skip) is { } d) Assert.Fail("Differs at " + d);
    }

    public static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract");

    private static string Show(object? o) => o is null ? "null" : $"'{o}'";
}

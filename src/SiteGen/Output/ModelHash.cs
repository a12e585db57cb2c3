using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace SiteGen.Output;

/// <summary>A content hash of a part of the public model (a meeting, a case, the site's settings), made by walking
/// every public property of the runtime type, recursively, so a field added to the model later is part of the hash
/// without anyone remembering to add it. Values of the same properties give the same hash in every process;
/// anything it cannot walk (a cycle, an unknown kind of value) makes the hash unique, so the unit is built
/// again.</summary>
internal sealed class ModelHash
{
    private const int MaxDepth = 24;

    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    private readonly StringBuilder _text = new(4096);
    private readonly Func<object, string?>? _known;

    /// <param name="known">a hash already made for an object met on the way (e.g. each meeting inside a case), or
    /// null to walk it</param>
    private ModelHash(Func<object, string?>? known) => _known = known;

    /// <summary>The hash of <paramref name="value"/> and of <paramref name="prefix"/> (what else the unit depends
    /// on, as text).</summary>
    public static string Of(object? value, string prefix = "", Func<object, string?>? known = null)
    {
        var walker = new ModelHash(known);
        walker._text.Append(prefix).Append('\u0001');
        try
        {
            walker.Walk(value, 0);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Also a property's own exception (a getter runs compiled, not through reflection).
            return "unhashable-" + Guid.NewGuid().ToString("N"); // never equal to anything: built again
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(walker._text.ToString())));
    }

    private void Walk(object? value, int depth)
    {
        if (depth > MaxDepth) throw new InvalidDataException("model too deep (a cycle?)");
        switch (value)
        {
            case null:
                _text.Append("\u0002n");
                return;
            case string s:
                _text.Append("\u0002s").Append(s.Length).Append(':').Append(s);
                return;
            case bool or char or int or long or short or byte or uint or ulong or double or decimal or Enum:
                _text.Append("\u0002v").Append(value.GetType().Name).Append(':')
                    .Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case DateOnly d:
                _text.Append("\u0002d").Append(d.ToString("O", CultureInfo.InvariantCulture));
                return;
            case TimeOnly t:
                _text.Append("\u0002t").Append(t.ToString("O", CultureInfo.InvariantCulture));
                return;
            case DateTimeOffset o:
                _text.Append("\u0002o").Append(o.ToString("O", CultureInfo.InvariantCulture));
                return;
            case DateTime dt:
                _text.Append("\u0002T").Append(dt.ToString("O", CultureInfo.InvariantCulture)).Append(dt.Kind);
                return;
        }
        var type = value.GetType();
        if (_known?.Invoke(value) is { } hash)
        {
            _text.Append("\u0002h").Append(hash);
            return;
        }
        var shape = Shapes.GetOrAdd(type, Shape.Of);
        if (shape.IsDefault?.Invoke(value) == true)
        {
            _text.Append("\u0002D");
            return;
        }
        if (value is IEnumerable items)
        {
            if (value is IDictionary map)
            {
                // Keys in ordinal order: the same content hashes the same whatever the dictionary's own order.
                var keys = map.Keys.Cast<object>().Select(k => (Key: k, Text: Convert.ToString(k,
                    CultureInfo.InvariantCulture) ?? "")).OrderBy(k => k.Text, StringComparer.Ordinal);
                _text.Append("\u0002m").Append(map.Count).Append('[');
                foreach (var (key, text) in keys)
                {
                    Walk(text, depth + 1);
                    Walk(map[key], depth + 1);
                }
                _text.Append(']');
                return;
            }
            _text.Append("\u0002a[");
            foreach (var item in items) Walk(item, depth + 1);
            _text.Append(']');
            return;
        }
        if (type.IsPrimitive || type.IsPointer || typeof(Delegate).IsAssignableFrom(type))
            throw new NotSupportedException(type.FullName);
        _text.Append("\u0002r").Append(type.FullName).Append('{');
        foreach (var (name, get) in shape.Properties.Value)
        {
            _text.Append(name).Append('=');
            Walk(get(value), depth + 1);
        }
        _text.Append('}');
    }

    /// <summary>What the walk needs of a type, found once: whether a value is a default ImmutableArray, and every
    /// public instance property (in ordinal order) with a compiled getter. Reflection's GetValue per object made
    /// the unit keys of 10,000 meetings take seconds; the set of properties is still the type's own, so a field
    /// added to the model is in the hash without anyone adding it here.</summary>
    private sealed record Shape(Func<object, bool>? IsDefault, Lazy<(string Name, Func<object, object?> Get)[]> Properties)
    {
        public static Shape Of(Type type)
        {
            Func<object, bool>? isDefault = null;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
            {
                var o = Expression.Parameter(typeof(object));
                isDefault = Expression.Lambda<Func<object, bool>>(Expression.Property(Expression.Convert(o, type),
                    nameof(ImmutableArray<int>.IsDefault)), o).Compile();
            }
            return new Shape(isDefault, new(() => [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => (p.Name, Getter(type, p)))]));
        }

        private static Func<object, object?> Getter(Type type, PropertyInfo property)
        {
            var o = Expression.Parameter(typeof(object));
            return Expression.Lambda<Func<object, object?>>(Expression.Convert(
                Expression.Property(Expression.Convert(o, type), property), typeof(object)), o).Compile();
        }
    }
}

using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Reflection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace SiteGen.Rendering;

/// <summary>Reads a view-model record's public properties for the templates, by snake_case name, through
/// compiled getters (Scriban's own accessor calls PropertyInfo.GetValue for every field of every page).
/// Read-only: templates cannot change a view model.</summary>
internal sealed class ViewModelAccessor : IObjectAccessor
{
    private static readonly ConcurrentDictionary<Type, ViewModelAccessor> Known = new();

    private readonly FrozenDictionary<string, Func<object, object?>> _getters;

    private ViewModelAccessor(Type type, MemberFilterDelegate filter, MemberRenamerDelegate renamer) =>
        _getters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => filter(p))
            .ToFrozenDictionary(p => renamer(p), Getter, StringComparer.Ordinal);

    public static ViewModelAccessor For(Type type, MemberFilterDelegate filter, MemberRenamerDelegate renamer) =>
        Known.GetOrAdd(type, t => new ViewModelAccessor(t, filter, renamer));

    private static Func<object, object?> Getter(PropertyInfo p)
    {
        var target = Expression.Parameter(typeof(object));
        var read = Expression.Property(Expression.Convert(target, p.DeclaringType!), p);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), target).Compile();
    }

    public bool TryGetValue(TemplateContext context, SourceSpan span, object target, string member, out object? value)
    {
        if (_getters.TryGetValue(member, out var get))
        {
            value = get(target);
            return true;
        }
        value = null;
        return false;
    }

    public int GetMemberCount(TemplateContext context, SourceSpan span, object target) => _getters.Count;
    public IEnumerable<string> GetMembers(TemplateContext context, SourceSpan span, object target) => _getters.Keys;
    public bool HasMember(TemplateContext context, SourceSpan span, object target, string member) =>
        _getters.ContainsKey(member);

    public bool TrySetValue(TemplateContext context, SourceSpan span, object target, string member, object? value) =>
        false;

    public bool TryGetItem(TemplateContext context, SourceSpan span, object target, object index, out object? value)
    {
        value = null;
        return false;
    }

    public bool TrySetItem(TemplateContext context, SourceSpan span, object target, object index, object? value) =>
        false;
    public bool HasIndexer => false;
    public Type? IndexType => null;
}

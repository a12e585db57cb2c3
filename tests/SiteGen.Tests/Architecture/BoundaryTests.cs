using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace SiteGen.Tests.Architecture;

/// <summary>The one-way flow the README promises, checked on the compiled code (NetArchTest reads the IL:
/// field, property, parameter and local types, generic arguments, calls, casts) and, as belt and braces, on the
/// sources. What is allowed, precisely:
/// <list type="bullet">
/// <item>Upstream, in this order: Common, Diagnostics, Content (the source model, closed text included),
/// Validation, Publishing. Each may use only the ones before it; none uses anything downstream.</item>
/// <item>Downstream: Rendering, Search, Feeds, Data, Output, Preview. They may use Common, Diagnostics,
/// Validation's results and Publishing's public model, never a type of SiteGen.Content.</item>
/// <item>Only Publishing maps source → public: outside Publishing no type uses both SiteGen.Content and the
/// public model, except the composition roots (namespace SiteGen: Pipeline; SiteGen.Cli: the commands,
/// which also scaffold input files and print the withheld report).</item>
/// <item>Inside Publishing only Publisher (the mapping) and WithheldReport (printed for a human, never
/// published) use SiteGen.Content: the public model's own types do not.</item>
/// </list></summary>
public class BoundaryTests
{
    private static readonly Assembly SiteGen = typeof(global::SiteGen.Pipeline).Assembly;

    private static readonly string[] Upstream =
        ["SiteGen.Common", "SiteGen.Diagnostics", "SiteGen.Content", "SiteGen.Validation", "SiteGen.Publishing"];

    private static readonly string[] DownstreamNamespaces =
        ["SiteGen.Rendering", "SiteGen.Search", "SiteGen.Feeds", "SiteGen.Data", "SiteGen.Output", "SiteGen.Preview"];

    public static readonly TheoryData<string> Downstream = new(DownstreamNamespaces);

    /// <summary>The composition roots: the types declared directly in namespace SiteGen, and SiteGen.Cli.</summary>
    private static readonly string[] Roots =
    [
        .. SiteGen.GetTypes().Where(t => t.Namespace == "SiteGen" && !t.IsNested).Select(t => t.FullName!),
        "SiteGen.Cli",
    ];

    private static readonly string[] MapsSourceToPublic =
        ["SiteGen.Publishing.Publisher", "SiteGen.Publishing.WithheldReport"];

    [Theory]
    [MemberData(nameof(Downstream))]
    public void Downstream_code_never_references_the_source_model(string ns)
    {
        Assert.NotEmpty(Types.InAssembly(SiteGen).That().ResideInNamespace(ns).GetTypes());
        var result = Types.InAssembly(SiteGen).That().ResideInNamespace(ns)
            .ShouldNot().HaveDependencyOn("SiteGen.Content").GetResult();
        Assert.True(result.IsSuccessful, Failing($"{ns} references SiteGen.Content (the source model)", result));
    }

    [Fact]
    public void Upstream_code_depends_only_on_what_comes_before_it()
    {
        var problems = new List<string>();
        var downstream = DownstreamNamespaces.Concat(Roots).ToArray();
        for (var i = 0; i < Upstream.Length; i++)
        {
            var forbidden = Upstream.Skip(i + 1).Concat(downstream).ToArray();
            var result = Types.InAssembly(SiteGen).That().ResideInNamespace(Upstream[i])
                .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
            if (!result.IsSuccessful) problems.Add(Failing($"{Upstream[i]} depends on something after it", result));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Only_Publishing_maps_the_source_model_to_the_public_model()
    {
        var publicModel = PublicModelTypes();
        Assert.Contains("SiteGen.Publishing.PublicSite", publicModel);
        var both = Types.InAssembly(SiteGen)
            .That().HaveDependencyOn("SiteGen.Content").And().HaveDependencyOnAny(publicModel)
            .GetTypes()
            .Where(t => !IsUnder(t, MapsSourceToPublic) && !IsUnder(t, Roots))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(both.Count == 0,
            "Only Publishing may use both the source model and the public model: " + string.Join(", ", both));
    }

    [Fact]
    public void The_public_model_owns_all_its_types()
    {
        var result = Types.InAssembly(SiteGen).That().ResideInNamespace("SiteGen.Publishing")
            .And().DoNotHaveName("Publisher").And().DoNotHaveName("WithheldReport")
            .ShouldNot().HaveDependencyOn("SiteGen.Content").GetResult();
        Assert.True(result.IsSuccessful, Failing("A public model type uses SiteGen.Content", result));
    }

    /// <summary>Belt and braces for what IL does not show (a global using is only a compile-time convenience, but
    /// it would make the source model one keystroke away): downstream sources never name the namespace.</summary>
    [Fact]
    public void Downstream_sources_never_name_the_source_model_namespace()
    {
        var src = Path.Combine(TestPaths.RepoRoot, "src", "SiteGen");
        var hits = new List<string>();
        foreach (var ns in DownstreamNamespaces)
        {
            var dir = Path.Combine(src, ns["SiteGen.".Length..]);
            Assert.True(Directory.Exists(dir), dir);
            foreach (var file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
                hits.AddRange(File.ReadLines(file).Select((line, i) => (line, i))
                    .Where(x => x.line.Contains("SiteGen.Content", StringComparison.Ordinal))
                    .Select(x => $"{Path.GetRelativePath(src, file)}({x.i + 1}): {x.line.Trim()}"));
        }
        var globalUsing = new Regex(
            @"global\s+using\s+(static\s+)?(\w+\s*=\s*)?SiteGen\.Content|Using\s+Include=""SiteGen\.Content");
        var obj = $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}";
        foreach (var file in Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
                     .Where(f => !f.Contains(obj, StringComparison.Ordinal)))
            if (globalUsing.IsMatch(File.ReadAllText(file)))
                hits.Add($"{Path.GetRelativePath(src, file)}: a global using of SiteGen.Content");
        Assert.True(hits.Count == 0, string.Join("\n", hits));
    }

    /// <summary>Belt and braces for what IL does not show (a constant is copied into the caller, so
    /// <c>Rendering.PageRenderer.Stylesheet</c> used in Publishing leaves no reference): upstream sources never
    /// name a namespace after them.</summary>
    [Fact]
    public void Upstream_sources_never_name_a_later_namespace()
    {
        var src = Path.Combine(TestPaths.RepoRoot, "src", "SiteGen");
        var hits = new List<string>();
        for (var i = 0; i < Upstream.Length; i++)
        {
            var later = Upstream.Skip(i + 1).Concat(DownstreamNamespaces).Append("SiteGen.Cli").ToArray();
            var dir = Path.Combine(src, Upstream[i]["SiteGen.".Length..]);
            Assert.True(Directory.Exists(dir), dir);
            foreach (var file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
                hits.AddRange(File.ReadLines(file).Select((line, n) => (line, n))
                    .Where(x => later.Any(l => x.line.Contains(l, StringComparison.Ordinal)))
                    .Select(x => $"{Path.GetRelativePath(src, file)}({x.n + 1}): {x.line.Trim()}"));
        }
        Assert.True(hits.Count == 0, string.Join("\n", hits));
    }

    private static string[] PublicModelTypes() =>
    [
        .. SiteGen.GetTypes()
            .Where(t => t.Namespace == "SiteGen.Publishing" && !t.IsNested && !MapsSourceToPublic.Contains(t.FullName))
            .Select(t => t.FullName!),
    ];

    private static bool IsUnder(Type t, IEnumerable<string> names) =>
        t.FullName is { } name && names.Any(n => name == n || name.StartsWith(n + ".", StringComparison.Ordinal)
                                                 || name.StartsWith(n + "+", StringComparison.Ordinal)
                                                 || name.StartsWith(n + "/", StringComparison.Ordinal));

    private static string Failing(string what, TestResult result) =>
        $"{what}: {string.Join(", ", result.FailingTypeNames ?? [])}";
}

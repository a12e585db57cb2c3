using SiteGen.Tests.Browser;

namespace SiteGen.Tests.Quality;

/// <summary>The confidentiality corpus (Fixtures/corpus-confidential), built with search and served.
/// Its Kommunalbestyrelsen meeting is an agenda (type: dagsorden) with closed items; built on
/// <see cref="BuiltOutputs.ConfidentialToday"/>, that agenda is under "Kommende møder".</summary>
public sealed class ConfidentialSite() : FixtureSite("corpus-confidential")
{
    protected override DateOnly? Today => BuiltOutputs.ConfidentialToday;
}

/// <summary>The injection corpus (Fixtures/corpus-injection), built with search and served.</summary>
public sealed class InjectionSite() : FixtureSite("corpus-injection");

/// <summary>The sample content and both corpora, built by the real pipeline (search included) into temp
/// folders, for the gates that read files rather than drive a browser (HTML validity, links, leaks,
/// injection). Built once and shared by the classes of the "Built outputs" collection.</summary>
public sealed class BuiltOutputs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-quality-").FullName;

    public BuiltOutput Sample { get; }
    public BuiltOutput Confidential { get; }
    public BuiltOutput Injection { get; }
    public IReadOnlyList<BuiltOutput> All => [Sample, Confidential, Injection];

    public BuiltOutputs()
    {
        Sample = Build("sample", TestPaths.SampleInput);
        Confidential = Build("corpus-confidential", FixtureInput("corpus-confidential"), ConfidentialToday);
        Injection = Build("corpus-injection", FixtureInput("corpus-injection"));
    }

    /// <summary>A fixture folder with the repository's real templates and assets, as FixtureSite does.</summary>
    private string FixtureInput(string fixture)
    {
        var input = Path.Combine(_dir, fixture + "-input");
        TestPaths.CopyDirectory(Fixture(fixture), input);
        TestPaths.CopyDirectory(Path.Combine(TestPaths.SampleInput, "templates"), Path.Combine(input, "templates"));
        TestPaths.CopyDirectory(Path.Combine(TestPaths.SampleInput, "assets"), Path.Combine(input, "assets"));
        return input;
    }

    public static string Fixture(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "SiteGen.Tests", "Fixtures", name);

    /// <summary>The corpus's build date: before its agenda of 12 March 2024, so "Kommende møder" is checked too.
    /// </summary>
    public static readonly DateOnly ConfidentialToday = new(2024, 3, 1);

    private BuiltOutput Build(string name, string input, DateOnly? today = null)
    {
        var output = Path.Combine(_dir, name);
        var result = Pipeline.Build(new BuildOptions(input, output, Search: true, Today: today), TextWriter.Null);
        if (!result.Succeeded)
            throw new InvalidOperationException($"Build of {name} failed:\n" + string.Join("\n", result.Diagnostics));
        return new BuiltOutput(name, input, output);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>One built site: its name, the input it came from and the output folder.</summary>
public sealed record BuiltOutput(string Name, string Input, string Output)
{
    /// <summary>Every output file, site-relative with forward slashes, sorted.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Output, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();

    public IEnumerable<string> Pages => Files().Where(f => f.EndsWith(".html", StringComparison.Ordinal));

    public string FullPath(string relative) => System.IO.Path.Combine(Output, relative);

    /// <summary>base_url from the input's site.yml (absolute links to it are internal links).</summary>
    public string BaseUrl => File.ReadLines(System.IO.Path.Combine(Input, "site.yml"))
        .Select(l => l.Trim())
        .First(l => l.StartsWith("base_url:", StringComparison.Ordinal))["base_url:".Length..].Trim().TrimEnd('/');

    public override string ToString() => Name;
}

[CollectionDefinition("Built outputs")]
public sealed class BuiltOutputsCollection : ICollectionFixture<BuiltOutputs>;

using System.Text;
using System.Text.RegularExpressions;

namespace SiteGen.Tests.Rendering;

/// <summary>End to end: the fixture site-leak through Validator, Publisher and PageRenderer.</summary>
public sealed class SiteBuildTests(LeakSite fixture) : IClassFixture<LeakSite>
{
    private readonly BuiltSite _site = fixture.Site;

    private static readonly string[] ClosedStrings =
    [
        "SENTINEL", "19/99992", "19/99993", "99991/19", "99992/19", "Afskedigelse", "Køb af ejendom", "Storegade",
    ];

    private static readonly string[] ControlWords =
    [
        "OPENCONTROLTITLE", "OPENCONTROLTEXT", "OPENCONTROLDECISION", "OPENCONTROLRETTELSE", "OPENCONTROLPUBLICDECISION",
        "OPENCONTROLBILAGTITLE", "OPENCONTROLAGENDA", "OPENCONTROLOLDER", "OPENCONTROLFILECONTENT",
    ];

    [Fact]
    public void The_fixture_builds()
    {
        Assert.True(_site.Result.Succeeded, string.Join("\n", _site.Result.Diagnostics));
        Assert.Equal(3, _site.Result.Summary!.Meetings);
        Assert.Equal(3, _site.Result.Summary.ClosedItems);
    }

    [Fact]
    public void No_closed_content_reaches_any_byte_or_name_of_the_output()
    {
        foreach (var file in _site.Files())
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_site.Output, file)));
            foreach (var s in ClosedStrings)
            {
                Assert.False(file.Contains(s, StringComparison.OrdinalIgnoreCase), $"'{s}' in the name {file}");
                Assert.False(text.Contains(s, StringComparison.OrdinalIgnoreCase), $"'{s}' in {file}");
            }
        }
        foreach (var dir in Directory.EnumerateDirectories(_site.Output, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain("SENTINEL", dir, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Open_content_is_published()
    {
        var all = string.Concat(_site.Files().Select(f => File.ReadAllText(Path.Combine(_site.Output, f))));
        foreach (var word in ControlWords) Assert.Contains(word, all);
    }

    [Fact]
    public void Only_open_attachments_of_open_items_are_copied_under_neutral_names()
    {
        var copied = _site.Files().Where(f => f.Contains("/bilag/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["direktionen/2024-11-13/bilag/punkt-1-bilag-1.pdf"], copied);
        Assert.Contains("OPENCONTROLFILECONTENT", _site.Read(copied[0]));
    }

    [Fact]
    public void Every_page_type_is_produced_and_item_pages_exist_only_for_open_items()
    {
        var files = _site.Files();
        string[] expected =
        [
            "index.html", "404.html", "om/index.html", "soeg/index.html", "aar/2024/index.html", "aar/2023/index.html",
            "sager/index.html", "sager/2024/index.html", "sager/24-7615/index.html",
            "direktionen/index.html", "oekonomiudvalget/index.html", "kultur-og-fritidsudvalget/index.html",
            "direktionen/2024-11-13/index.html", "direktionen/2023-09-06/index.html", "oekonomiudvalget/2024-12-03/index.html",
            "direktionen/2024-11-13/punkt-1/index.html", "direktionen/2023-09-06/punkt-1/index.html", "oekonomiudvalget/2024-12-03/punkt-1/index.html",
        ];
        foreach (var e in expected) Assert.Contains(e, files);
        Assert.DoesNotContain(files, f => f.Contains("punkt-2/", StringComparison.Ordinal) || f.Contains("punkt-3/", StringComparison.Ordinal));
        Assert.Single(files, f => Regex.IsMatch(f, @"^assets/site\.[0-9a-f]{8}\.css$"));
        Assert.Equal(expected.Length, _site.Pages.Count());
    }

    [Fact]
    public void Every_internal_link_resolves_to_a_built_file_and_fragment()
    {
        var problems = new List<string>();
        foreach (var page in _site.Pages)
        {
            var doc = _site.Page(page);
            var refs = doc.QuerySelectorAll("a[href], link[href], img[src], script[src], form[action], iframe[src], source[src]")
                .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src") ?? e.GetAttribute("action")!);
            foreach (var raw in refs)
            {
                var url = raw.StartsWith("https://referater.testrup.example/", StringComparison.Ordinal) ? raw["https://referater.testrup.example".Length..] : raw;
                if (Regex.IsMatch(url, "^[a-z]+:", RegexOptions.IgnoreCase)) continue; // other hosts, mailto
                var hash = url.IndexOf('#');
                var (path, fragment) = hash >= 0 ? (url[..hash], url[(hash + 1)..]) : (url, null);
                var target = path.Length == 0 ? page
                    : !path.StartsWith('/') ? Path.GetRelativePath(_site.Output, Path.GetFullPath(Path.Combine(_site.Output, Path.GetDirectoryName(page)!, path))).Replace('\\', '/')
                    : path.TrimStart('/');
                if (target.Length == 0 || target.EndsWith('/')) target += "index.html";
                var full = Path.Combine(_site.Output, target);
                if (!File.Exists(full)) { problems.Add($"{page}: {raw} → {target} does not exist"); continue; }
                if (!string.IsNullOrEmpty(fragment) && _site.Page(target).GetElementById(fragment) is null)
                    problems.Add($"{page}: {raw} → no element #{fragment}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Two_builds_are_byte_identical()
    {
        var second = Path.Combine(_site.Dir, "output-2");
        Assert.True(_site.Build(second).Succeeded);
        var a = BuiltSite.Snapshot(_site.Output);
        var b = BuiltSite.Snapshot(second);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs between builds");
    }
}

/// <summary>A failing build publishes nothing new: the previous output stays byte for byte.</summary>
public sealed class FailedBuildTests : IDisposable
{
    private readonly BuiltSite _site = new("site-leak");

    public void Dispose() => _site.Dispose();

    private void AssertFailsAndKeepsOutput(string code)
    {
        Assert.True(_site.Result.Succeeded);
        var before = BuiltSite.Snapshot(_site.Output);
        var result = _site.Build();
        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Code.StartsWith(code, StringComparison.Ordinal));
        var after = BuiltSite.Snapshot(_site.Output);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed");
        Assert.Equal([Path.GetFileName(_site.Output)], Directory.GetDirectories(_site.Dir).Select(Path.GetFileName).Where(n => n != "input"));
    }

    [Fact]
    public void Broken_referat_leaves_the_previous_output_unchanged()
    {
        var file = Path.Combine(_site.Input, "referater", "2024", "2024-11-13-direktionen.md");
        File.WriteAllText(file, File.ReadAllText(file).Replace("status: Lukket", "staus: Lukket"));
        AssertFailsAndKeepsOutput("");
    }

    [Fact]
    public void Broken_template_leaves_the_previous_output_unchanged()
    {
        File.AppendAllText(Path.Combine(_site.Input, "templates", "moede.sbn-html"), "\n{{ for p in punkter }}\n");
        AssertFailsAndKeepsOutput("TPL002");
    }

    [Fact]
    public void Template_reading_a_missing_field_leaves_the_previous_output_unchanged()
    {
        File.AppendAllText(Path.Combine(_site.Input, "templates", "punkt.sbn-html"), "\n<p>{{ punkt.hemmelig }}</p>\n");
        AssertFailsAndKeepsOutput("TPL004");
    }
}

using System.Text.Json;
using SiteGen.Rendering;

namespace SiteGen.Tests.Rendering;

/// <summary>The exact HTML of content Markdown. SafeMarkdownSpecs.json holds 289 cases (the attack corpus, tricky
/// Markdown: schemes, entities, tables, lists, CRLF, NUL …, and every section and decision of input/ and the
/// fixtures, at level 3 and, where headings make them differ, 2 and 5) with the bytes the DOM sanitizer wrote
/// before Markdig rendered safe HTML itself (generated at commit bcc74a5). A change here changes pages and
/// feeds.</summary>
public class SafeMarkdownSpecTests
{
    private sealed record Spec(int Level, string Markdown, string Html);

    private static readonly Spec[] Specs = JsonSerializer.Deserialize<Spec[]>(
        File.ReadAllText(Path.Combine(Repo.Root, "tests", "SiteGen.Tests", "Rendering", "SafeMarkdownSpecs.json")),
        new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    [Fact]
    public void Every_specified_text_renders_to_its_specified_html()
    {
        Assert.True(Specs.Length >= 250, $"only {Specs.Length} specs read");
        var wrong = Specs.Where(s => SafeMarkdown.ToHtml(s.Markdown, s.Level) != s.Html).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {Specs.Length} differ, e.g.:\n" + string.Join("\n\n",
            wrong.Take(3).Select(s =>
                $"{s.Markdown}\n→ expected\n{s.Html}\n→ got\n{SafeMarkdown.ToHtml(s.Markdown, s.Level)}")));
    }

    [Fact]
    public void The_specs_cover_both_paths()
    {
        var raw = Specs.Count(s => SafeMarkdown.Parse(s.Markdown).RawHtml);
        Assert.True(raw >= 25 && Specs.Length - raw >= 150, $"{raw} with raw HTML, {Specs.Length - raw} without");
    }

    /// <summary>A section with raw HTML goes through the DOM sanitizer, every other one through Markdig's renderer
    /// hooks: the Markdown part of a section must come out the same either way.</summary>
    [Fact]
    public void Markdown_next_to_raw_html_renders_as_it_does_alone()
    {
        var checkedCount = 0;
        foreach (var spec in Specs.Where(s => !SafeMarkdown.Parse(s.Markdown).RawHtml))
        {
            var alone = SafeMarkdown.ToHtml(spec.Markdown, spec.Level);
            var withRaw = SafeMarkdown.ToHtml("<sup>1</sup> note\n\n" + spec.Markdown, spec.Level);
            Assert.Equal("<p><sup>1</sup> note</p>\n" + alone, withRaw);
            checkedCount++;
        }
        Assert.True(checkedCount >= 150);
    }

    [Fact]
    public void Pages_render_sections_in_parallel_with_the_same_result()
    {
        var expected = Specs.Select(s => s.Html).ToArray();
        var got = new string[Specs.Length];
        Parallel.For(0, Specs.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var spec = Specs[i % Specs.Length];
            got[i % Specs.Length] = SafeMarkdown.ToHtml(spec.Markdown, spec.Level);
        });
        Assert.Equal(expected, got);
    }

    [Fact]
    public void Raw_html_follows_the_site_rules()
    {
        var html = SafeMarkdown.ToHtml(
            "<h2 id=\"x\" class=\"stor\">Rå overskrift</h2>\n\n" +
            "<p align=\"center\" style=\"text-align:center\">Se <a href=\"https://www.norddjurs.dk/\" title=\"t\" " +
            "target=\"_blank\">kommunen</a>, <a href=\"/direktionen/\">direktionen</a>, " +
            "<a href=\"?tid=10:00\">tid</a> " +
            "og <a name=\"anker\">et anker</a>.<img src=\"kort.png\" alt=\"Kort over området\"></p>\n\n" +
            "<table border=\"1\"><tr><th style=\"text-align: right; color: red\" colspan=\"3\" rowspan=\"1\">A</th>" +
            "</tr></table>\n\n" +
            "<div><noscript><p>skjult</p></noscript><font color=\"red\">synlig</font></div>\n",
            sectionLevel: 2);
        Assert.Equal(
            "<h3>Rå overskrift</h3>\n" +
            "<p>Se <a href=\"https://www.norddjurs.dk/\" rel=\"noopener\">kommunen</a>, " +
            "<a href=\"/direktionen/\">direktionen</a>, <a href=\"?tid=10:00\">tid</a> " +
            "og et anker.Kort over området</p>\n" +
            "<div class=\"tabel\" role=\"region\" aria-label=\"Tabel\" tabindex=\"0\"><table><tbody><tr>" +
            "<th colspan=\"3\" class=\"tekst-hoejre\">A</th></tr></tbody></table></div>\n" +
            "synlig\n",
            html);
    }
}

using SiteGen.Validation;
using SiteGen.Diagnostics;

namespace SiteGen.Tests.Rendering;

/// <summary>A broken template is a diagnostic naming the file and line, never an exception.</summary>
public sealed class TemplateErrorTests : IDisposable
{
    private readonly RenderFixture _f = new();
    private readonly string _templates;

    public TemplateErrorTests()
    {
        _templates = Path.Combine(_f.Dir, "templates");
        Repo.CopyDir(Repo.Templates, _templates);
    }

    public void Dispose() => _f.Dispose();

    private Diagnostic RenderExpectingOne(string code)
    {
        var (diags, writer) = _f.Render(_f.SampleSite(), _templates);
        var d = Assert.Single(diags);
        Assert.Equal(code, d.Code);
        Assert.True(d.IsError);
        // Problems found while loading stop everything; rendering problems fail the build in Pipeline.
        if (code is "TPL001" or "TPL002" or "TPL003") Assert.Empty(writer.Files);
        return d;
    }

    /// <summary>Inserts <paramref name="text"/> as a new line after line <paramref name="afterLine"/>; returns its line number.</summary>
    private int InsertLine(string template, int afterLine, string text)
    {
        var path = Path.Combine(_templates, template);
        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(afterLine, text);
        File.WriteAllLines(path, lines);
        return afterLine + 1;
    }

    [Fact]
    public void Unclosed_block_names_the_template_and_the_line_of_the_block()
    {
        var line = InsertLine("udvalg.hbs", 2, "{{#if navn}}");
        var d = RenderExpectingOne("TPL002");
        Assert.EndsWith(Path.Combine("templates", "udvalg.hbs"), d.File);
        Assert.Equal(line, d.Line);
        Assert.Contains("never closed", d.Message);
    }

    [Fact]
    public void Mismatched_close_tag_points_at_the_close_tag()
    {
        var line = InsertLine("moede.hbs", 8, "{{#each medlemmer}}{{this}}{{/if}}");
        var d = RenderExpectingOne("TPL002");
        Assert.EndsWith("moede.hbs", d.File);
        Assert.Equal(line, d.Line);
        Assert.Equal(28, d.Column);
    }

    [Fact]
    public void Unterminated_expression_in_a_partial_names_the_partial()
    {
        var line = InsertLine(Path.Combine("partials", "bilag.hbs"), 1, "<p>{{titel</p>");
        var d = RenderExpectingOne("TPL002");
        Assert.EndsWith(Path.Combine("partials", "bilag.hbs"), d.File);
        Assert.Equal(line, d.Line);
        Assert.Equal(4, d.Column);
    }

    [Fact]
    public void Unknown_partial_is_reported_with_its_line()
    {
        var line = InsertLine("index.hbs", 1, "{{> findesikke}}");
        var d = RenderExpectingOne("TPL003");
        Assert.EndsWith("index.hbs", d.File);
        Assert.Equal(line, d.Line);
        Assert.Contains("findesikke", d.Message);
    }

    [Fact]
    public void Missing_field_is_reported_with_template_and_line()
    {
        var line = InsertLine("moede.hbs", 10, "<p>{{stedet}}</p>");
        var d = RenderExpectingOne("TPL004");
        Assert.EndsWith("moede.hbs", d.File);
        Assert.Equal((line, 4), (d.Line, d.Column));
        Assert.Contains("'stedet'", d.Message);
    }

    [Fact]
    public void Missing_field_in_a_partial_names_the_partial()
    {
        var line = InsertLine(Path.Combine("partials", "bilag.hbs"), 2, "{{dokumentnummer}}");
        var d = RenderExpectingOne("TPL004");
        Assert.EndsWith(Path.Combine("partials", "bilag.hbs"), d.File);
        Assert.Equal(line, d.Line);
    }

    [Fact]
    public void Missing_field_in_the_layout_names_the_layout()
    {
        var line = InsertLine("layout.hbs", 5, "<meta name=\"x\" content=\"{{side.forfatter}}\">");
        var d = RenderExpectingOne("TPL004");
        Assert.EndsWith("layout.hbs", d.File);
        Assert.Equal(line, d.Line);
    }

    [Fact]
    public void Missing_template_file_is_a_diagnostic()
    {
        File.Delete(Path.Combine(_templates, "punkt.hbs"));
        var d = RenderExpectingOne("TPL001");
        Assert.EndsWith("punkt.hbs", d.File);
    }

    [Fact]
    public void Missing_stylesheet_is_a_diagnostic()
    {
        var (diags, _) = _f.Render(_f.SampleSite(), _templates, Path.Combine(_f.Dir, "no-assets"));
        Assert.Equal("TPL006", Assert.Single(diags).Code);
    }

    [Fact]
    public void Diagnostic_prints_in_the_compiler_form()
    {
        InsertLine("om.hbs", 0, "{{/if}}");
        var d = RenderExpectingOne("TPL002");
        Assert.Matches(@"om\.hbs\(1,1\): error TPL002: Template syntax error: ", d.ToString());
    }

    [Fact]
    public void Partial_that_includes_itself_is_reported_instead_of_recursing_forever()
    {
        File.WriteAllText(Path.Combine(_templates, "partials", "a.hbs"), "<p>\n{{> b}}</p>\n");
        File.WriteAllText(Path.Combine(_templates, "partials", "b.hbs"), "{{#if x}}{{> a}}{{/if}}\n");
        var (diags, writer) = _f.Render(_f.SampleSite(), _templates);
        Assert.Equal(["a.hbs(2,1)", "b.hbs(1,10)"], diags.Select(d => $"{Path.GetFileName(d.File)}({d.Line},{d.Column})"));
        Assert.All(diags, d => Assert.Equal("TPL005", d.Code));
        Assert.Empty(writer.Files);
    }
}

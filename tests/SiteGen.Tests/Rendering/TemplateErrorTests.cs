using SiteGen.Diagnostics;

namespace SiteGen.Tests.Rendering;

/// <summary>A broken template is a diagnostic naming the file, line and column, never an exception.</summary>
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
        if (code is Codes.TemplateMissing or Codes.TemplateSyntax or Codes.TemplateUnknownInclude
            or Codes.TemplateOutsideFolder) Assert.Empty(writer.Files);
        return d;
    }

    /// <summary>Inserts <paramref name="text"/> as a new line after line <paramref name="afterLine"/>; returns its
    /// line number.</summary>
    private int InsertLine(string template, int afterLine, string text)
    {
        var path = Path.Combine(_templates, template);
        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(afterLine, text);
        File.WriteAllLines(path, lines);
        return afterLine + 1;
    }

    private static string Partial(string name) => Path.Combine("partials", name + ".sbn-html");

    [Fact]
    public void Unclosed_block_names_the_template_and_is_reported_where_the_file_ends()
    {
        InsertLine("udvalg.sbn-html", 2, "{{ if navn }}");
        var d = RenderExpectingOne(Codes.TemplateSyntax);
        Assert.EndsWith(Path.Combine("templates", "udvalg.sbn-html"), d.File);
        Assert.Equal(File.ReadAllLines(Path.Combine(_templates, "udvalg.sbn-html")).Length, d.Line);
        Assert.Contains("<end>", d.Message);
    }

    [Fact]
    public void End_without_a_block_points_at_the_end()
    {
        var line = InsertLine("moede.sbn-html", 1, "<p>{{ for navn in medlemmer }}{{ navn }}{{ end }}{{ end }}</p>");
        var d = RenderExpectingOne(Codes.TemplateSyntax);
        Assert.EndsWith("moede.sbn-html", d.File);
        Assert.Equal((line, 55), (d.Line, d.Column));
    }

    [Fact]
    public void Unterminated_expression_in_a_partial_names_the_partial()
    {
        var line = InsertLine(Partial("bilag"), 1, "<p>{{ $bilag.titel</p>");
        var d = RenderExpectingOne(Codes.TemplateSyntax);
        Assert.EndsWith(Partial("bilag"), d.File);
        Assert.Equal(line, d.Line);
    }

    [Fact]
    public void Syntax_error_in_a_partial_no_page_includes_is_still_reported()
    {
        File.WriteAllText(Path.Combine(_templates, Partial("ubrugt")), "<p>\n{{ if }}</p>\n");
        var d = RenderExpectingOne(Codes.TemplateSyntax);
        Assert.EndsWith(Partial("ubrugt"), d.File);
        Assert.Equal(2, d.Line);
    }

    [Fact]
    public void Unknown_include_is_reported_with_its_line_even_in_a_branch_no_page_takes()
    {
        var line = InsertLine("index.sbn-html", 1, "{{ if false }}{{ include \"partials/findesikke\" }}{{ end }}");
        var d = RenderExpectingOne(Codes.TemplateUnknownInclude);
        Assert.EndsWith("index.sbn-html", d.File);
        Assert.Equal((line, 18), (d.Line, d.Column));
        Assert.Contains("partials/findesikke.sbn-html", d.Message);
    }

    [Fact]
    public void Missing_field_is_reported_with_template_line_and_column()
    {
        var line = InsertLine("moede.sbn-html", 10, "<p>{{ stedet }}</p>");
        var d = RenderExpectingOne(Codes.TemplateUnknownField);
        Assert.EndsWith("moede.sbn-html", d.File);
        Assert.Equal((line, 7), (d.Line, d.Column));
        Assert.Contains("'stedet'", d.Message);
    }

    [Fact]
    public void Missing_field_in_a_partial_names_the_partial()
    {
        var line = InsertLine(Partial("bilag"), 2, "{{ b.dokumentnummer }}");
        var d = RenderExpectingOne(Codes.TemplateUnknownField);
        Assert.EndsWith(Partial("bilag"), d.File);
        Assert.Equal((line, 6), (d.Line, d.Column));
        Assert.Contains("'dokumentnummer'", d.Message);
    }

    [Fact]
    public void Missing_field_in_the_layout_names_the_layout()
    {
        var line = InsertLine("layout.sbn-html", 5, "<meta name=\"x\" content=\"{{ side.forfatter }}\">");
        var d = RenderExpectingOne(Codes.TemplateUnknownField);
        Assert.EndsWith("layout.sbn-html", d.File);
        Assert.Equal(line, d.Line);
    }

    [Theory]
    [InlineData("side.get_type")]        // .NET methods are not members
    [InlineData("side.equality_contract")] // nor non-public properties of the records
    [InlineData("side.GetHashCode")]
    [InlineData("date.now")]             // builds are reproducible: no clock, no chance
    [InlineData("math.random 1 9")]
    [InlineData("math.uuid")]
    [InlineData("object.eval \"1\"")]    // text must never run as template code
    [InlineData("html.strip \"x\"")]
    public void Templates_reach_only_the_view_model_and_a_few_pure_built_ins(string expression)
    {
        InsertLine("om.sbn-html", 0, "<p>{{ " + expression + " }}</p>");
        var d = RenderExpectingOne(Codes.TemplateUnknownField);
        Assert.EndsWith("om.sbn-html", d.File);
        Assert.Equal(1, d.Line);
    }

    [Fact]
    public void Text_and_array_built_ins_work()
    {
        InsertLine("om.sbn-html", 0, "<p>{{ side.kommune | string.upcase }} {{ side.feeds | array.size }}</p>");
        var (diags, _) = _f.Render(_f.SampleSite(), _templates);
        Assert.Empty(diags);
        Assert.Matches(@"<p>[A-ZÆØÅ ]+ 2</p>", _f.Read("om/index.html"));
    }

    [Fact]
    public void Missing_template_file_is_a_diagnostic()
    {
        File.Delete(Path.Combine(_templates, "punkt.sbn-html"));
        var d = RenderExpectingOne(Codes.TemplateMissing);
        Assert.EndsWith("punkt.sbn-html", d.File);
    }

    [Fact]
    public void Missing_stylesheet_is_a_diagnostic()
    {
        var (diags, _) = _f.Render(_f.SampleSite(), _templates, Path.Combine(_f.Dir, "no-assets"));
        Assert.Equal(Codes.StylesheetMissing, Assert.Single(diags).Code);
    }

    [Fact]
    public void Diagnostic_prints_in_the_compiler_form()
    {
        InsertLine("om.sbn-html", 0, "{{ end }}");
        var d = RenderExpectingOne(Codes.TemplateSyntax);
        Assert.Matches(@"om\.sbn-html\(1,6\): error TPL002: Fejl i skabelonens syntaks .*<end>", d.ToString());
    }

    [Fact]
    public void Partial_that_includes_itself_is_reported_instead_of_recursing_forever()
    {
        File.WriteAllText(Path.Combine(_templates, Partial("a")), "<p>\n{{ include \"partials/b\" }}</p>\n");
        File.WriteAllText(Path.Combine(_templates, Partial("b")), "{{ if x }}{{ include \"partials/a\" }}{{ end }}\n");
        var (diags, writer) = _f.Render(_f.SampleSite(), _templates);
        Assert.Equal(["a.sbn-html(2,4)", "b.sbn-html(1,14)"],
            diags.Select(d => $"{Path.GetFileName(d.File)}({d.Line},{d.Column})"));
        Assert.All(diags, d => Assert.Equal(Codes.TemplateRuntime, d.Code));
        Assert.Empty(writer.Files);
    }

    [Theory]
    [InlineData("../../secret")]
    [InlineData("partials/../../secret")]
    [InlineData("/etc/passwd")]
    [InlineData("partials\\\\..\\\\..\\\\secret")]
    public void Include_outside_the_templates_folder_is_refused(string name)
    {
        File.WriteAllText(Path.Combine(_f.Dir, "secret.sbn-html"), "SECRET");
        var line = InsertLine("om.sbn-html", 1, "{{ include \"" + name + "\" }}");
        var d = RenderExpectingOne(Codes.TemplateOutsideFolder);
        Assert.EndsWith("om.sbn-html", d.File);
        Assert.Equal((line, 4), (d.Line, d.Column));
    }

    [Fact]
    public void Include_outside_the_templates_folder_built_at_render_time_is_refused()
    {
        File.WriteAllText(Path.Combine(_f.Dir, "secret.sbn-html"), "SECRET");
        var line = InsertLine("om.sbn-html", 1, "{{ include (\"..\" + \"/secret\") }}");
        var (diags, writer) = _f.Render(_f.SampleSite(), _templates);
        var d = Assert.Single(diags);
        Assert.Equal(Codes.TemplateOutsideFolder, d.Code);
        Assert.Equal((line, 4), (d.Line, d.Column));
        Assert.DoesNotContain(writer.Files,
            f => File.ReadAllText(Path.Combine(_f.Out, f)).Contains("SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public void Include_of_a_link_that_leads_out_of_the_templates_folder_is_refused()
    {
        File.WriteAllText(Path.Combine(_f.Dir, "secret.sbn-html"), "SECRET");
        File.CreateSymbolicLink(Path.Combine(_templates, Partial("link")), Path.Combine(_f.Dir, "secret.sbn-html"));
        var line = InsertLine("om.sbn-html", 1, "{{ include \"partials/link\" }}");
        var d = RenderExpectingOne(Codes.TemplateOutsideFolder);
        Assert.Equal(line, d.Line);
    }

    [Fact]
    public void Endless_loop_stops_at_the_loop_limit_with_its_position()
    {
        var line = InsertLine("om.sbn-html", 1, "<p>{{ while true }}x{{ end }}</p>");
        var d = RenderExpectingOne(Codes.TemplateRuntime);
        Assert.EndsWith("om.sbn-html", d.File);
        Assert.Equal((line, 7), (d.Line, d.Column));
        var limit = SiteGen.Rendering.PageContext.MaxLoopSteps;
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Message); // named: why
    }

    [Fact]
    public void Endless_recursion_stops_at_the_depth_limit_with_its_position()
    {
        var line = InsertLine("om.sbn-html", 1, "{{ func tael; tael; end; tael }}");
        var d = RenderExpectingOne(Codes.TemplateRuntime);
        Assert.EndsWith("om.sbn-html", d.File);
        Assert.Equal(line, d.Line);
        Assert.Contains("limit", d.Message);
    }
}

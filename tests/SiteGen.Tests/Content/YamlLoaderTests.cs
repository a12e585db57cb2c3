using SiteGen.Content;

namespace SiteGen.Tests.Content;

/// <summary>The checks on the YAML events run while the representation model is loaded (one pass). When both
/// the loader and a check object to a text, the checks' problems (and the parser's) are reported, not the
/// loader's.</summary>
public class YamlLoaderTests
{
    private static IReadOnlyList<YamlProblem> Problems(string yaml) =>
        Assert.IsType<YamlLoader.Result.Rejected>(YamlLoader.Load(yaml)).Problems;

    [Theory]
    // a duplicate key (the loader's error) before an explicit key with a list (the checks' errors): checks first
    [InlineData("a: 1\na: 2\n? [x]\n: 1", 3, 1,
        "Et felt skrevet med '? ' er ikke tilladt. Skriv feltnavnet som et almindeligt ord efterfulgt af kolon.")]
    // a duplicate key before an unclosed list: the parser's error comes first
    [InlineData("a: 1\na: 2\nb: [1, 2", 4, 1, "En liste i '[ ]' er ikke lukket rigtigt: tjek kommaer og ']'.")]
    [InlineData("a: 1\na: 2\nb: \"x", 3, 4, "Et anførselstegn bliver aldrig lukket.")]
    // only the loader objects
    [InlineData("a: 1\na: 2\n", 2, 1, "Et felt står to gange her; behold kun det ene.")]
    [InlineData("a: 1\n---\nb: 2", 3, 1, "Der må kun være én blok mødeoplysninger: slet den ekstra linje '---' eller '...'.")]
    // only the checks object
    [InlineData("{[a]: 1}", 1, 2, "Et feltnavn skal være et almindeligt ord, ikke en liste.")]
    public void First_problem_is_reported(string yaml, int line, int column, string message)
    {
        var first = Problems(yaml)[0];
        Assert.Equal((line, column, message), (first.Line, first.Column, first.Message));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_before_the_loader_recurses()
    {
        var problem = Assert.Single(Problems("x: " + new string('[', 100_000)));
        Assert.Equal((1, 3 + YamlLoader.MaxDepth, "Listerne og felterne er indlejret for dybt i hinanden."),
            (problem.Line, problem.Column, problem.Message));
    }

    [Fact]
    public void Valid_front_matter_loads()
    {
        var ok = Assert.IsType<YamlLoader.Result.Ok>(YamlLoader.Load("udvalg: Direktionen\npunkter:\n  - nr: 1\n    status: åben\n"));
        var root = Assert.IsType<YamlDotNet.RepresentationModel.YamlMappingNode>(ok.Root);
        Assert.Equal(2, root.Children.Count);
    }

    [Theory]
    [InlineData("a: &x 1", YamlProblemKind.AnchorOrAlias, 1, 4)]
    [InlineData("a: 1\nb: *x", YamlProblemKind.AnchorOrAlias, 2, 4)]
    [InlineData("status: !lukket åben", YamlProblemKind.Tag, 1, 9)]
    [InlineData("status: !!str åben", YamlProblemKind.Tag, 1, 9)]
    [InlineData("status: ! åben", YamlProblemKind.Tag, 1, 9)]
    [InlineData("a:\n  <<: {b: 1}", YamlProblemKind.MergeKey, 2, 3)]
    [InlineData("? a\n: 1", YamlProblemKind.ComplexKey, 1, 1)]
    [InlineData("{? a : 1}", YamlProblemKind.ComplexKey, 1, 2)]
    [InlineData("a: \"x\\x07y\"", YamlProblemKind.Character, 1, 6)]
    [InlineData("a: \"x\\0\"", YamlProblemKind.Character, 1, 6)]
    [InlineData("a:\n  - \"ok \\uFFFE\"", YamlProblemKind.Character, 2, 9)]
    // a lone surrogate as an escape: YamlDotNet itself refuses it (a syntax error, still with its position)
    [InlineData("a: \"\\ud800\"", YamlProblemKind.Syntax, 1, 4)]
    [InlineData("\"\\e[31m\": 1", YamlProblemKind.Character, 1, 2)]
    public void Restricted_constructs_are_refused_with_their_kind_and_position(
        string yaml, YamlProblemKind kind, int line, int column)
    {
        var problem = Problems(yaml)[0];
        Assert.Equal((kind, line, column), (problem.Kind, problem.Line, problem.Column));
    }

    /// <summary>Before: the alias was loaded (the closed item's value copied to the open one), and a cycle through a
    /// complex key overflowed the stack (exit 134).</summary>
    [Theory]
    [InlineData("? &k [*k]\n: 1")]
    [InlineData("x: &a [*a]")]
    [InlineData("a: &a [b, *a, {c: *a}]")]
    [InlineData("? &k {*k : *k}\n: 1")]
    public void Cycles_through_aliases_are_refused_not_loaded(string yaml) =>
        Assert.Contains(Problems(yaml), p => p.Kind == YamlProblemKind.AnchorOrAlias);

    [Fact]
    public void Every_restricted_construct_in_a_text_is_reported_in_one_run()
    {
        var problems = Problems("a: &x 1\nb: *x\nc: !t 2\n<<: {d: 1}\n? e\n: 3\n");
        Assert.Equal(
            [YamlProblemKind.AnchorOrAlias, YamlProblemKind.AnchorOrAlias, YamlProblemKind.Tag,
                YamlProblemKind.MergeKey, YamlProblemKind.ComplexKey],
            problems.Select(p => p.Kind));
    }

    [Fact]
    public void Thousands_of_problems_are_cut_short()
    {
        var yaml = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"k{i}: &a{i} v\n"));
        Assert.Equal(YamlLoader.MaxProblems, Problems(yaml).Count);
    }

    [Fact]
    public void A_quoted_merge_key_and_question_marks_in_plain_words_are_ordinary_text()
    {
        var ok = Assert.IsType<YamlLoader.Result.Ok>(YamlLoader.Load("\"<<\": 1\n?a: 2\nb: hvad? nej\n"));
        Assert.Equal(3, Assert.IsType<YamlDotNet.RepresentationModel.YamlMappingNode>(ok.Root).Children.Count);
    }
}

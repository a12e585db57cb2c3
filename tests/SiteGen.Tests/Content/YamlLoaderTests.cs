using SiteGen.Content;

namespace SiteGen.Tests.Content;

/// <summary>The checks on the YAML events run while the representation model is loaded (one pass). When both
/// the loader and a check object to a text, the check's problem (or the parser's) comes first, as it always has.</summary>
public class YamlLoaderTests
{
    [Theory]
    // a duplicate key (the loader's error) before a list used as a key (the check's error): the check's comes first
    [InlineData("a: 1\na: 2\n? [x]\n: 1", 3, 3, "A key must be a plain word, not a list or mapping.")]
    // a duplicate key before an unclosed list: the parser's error comes first
    [InlineData("a: 1\na: 2\nb: [1, 2", 4, 1, "While parsing a flow sequence, did not find expected ',' or ']'.")]
    [InlineData("a: 1\na: 2\nb: \"x", 3, 4, "While scanning a quoted scalar, found unexpected end of stream.")]
    // only the loader objects
    [InlineData("a: 1\na: 2\n", 2, 1, "Duplicate key a.")]
    [InlineData("a: 1\n---\nb: 2", 3, 1, "The front matter must be a single YAML document; remove the extra '---' or '...' line.")]
    // only the checks object
    [InlineData("? {a: 1}\n: 2", 1, 3, "A key must be a plain word, not a list or mapping.")]
    public void First_problem_is_reported(string yaml, int line, int column, string message)
    {
        var error = Assert.IsType<YamlLoader.Result.SyntaxError>(YamlLoader.Load(yaml));
        Assert.Equal((line, column, message), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_before_the_loader_recurses()
    {
        var error = Assert.IsType<YamlLoader.Result.SyntaxError>(YamlLoader.Load("x: " + new string('[', 100_000)));
        Assert.Equal((1, 3 + YamlLoader.MaxDepth, "The lists and mappings are nested too deeply."), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Valid_front_matter_loads()
    {
        var ok = Assert.IsType<YamlLoader.Result.Ok>(YamlLoader.Load("udvalg: Direktionen\npunkter:\n  - nr: 1\n    status: åben\n"));
        var root = Assert.IsType<YamlDotNet.RepresentationModel.YamlMappingNode>(ok.Root);
        Assert.Equal(2, root.Children.Count);
    }
}

using SiteGen.Content;

namespace SiteGen.Tests.Content;

public class BodyParserTests
{
    private const string Body = """
        ## 1. Første

        ### Sagsfremstilling

        Tekst med **fed**.

        #### Under

        - punkt
          ### ikke et afsnit i en liste

        ### Beslutning
        ### Indstilling ###

        > citat

        ## 2. Anden
        Løs tekst

        ### Baggrund
        Slut
        """;

    [Fact]
    public void Items_and_sections_keep_their_exact_markdown_and_positions()
    {
        var body = BodyParser.Parse(Body, 100);
        Assert.Equal(["1. Første", "2. Anden"], body.Items.Select(i => i.Heading));
        Assert.Equal(100, body.Items[0].HeadingOffset);
        Assert.Equal(103, body.Items[0].TitleOffset);

        var s = body.Items[0].Sections;
        Assert.Equal(["Sagsfremstilling", "Beslutning", "Indstilling"], s.Select(x => x.Heading));
        Assert.Equal("Tekst med **fed**.\n\n#### Under\n\n- punkt\n  ### ikke et afsnit i en liste", s[0].Markdown);
        Assert.Equal(100 + Body.IndexOf("Tekst med", StringComparison.Ordinal), s[0].MarkdownOffset);
        Assert.Equal("", s[1].Markdown);
        Assert.Equal("> citat", s[2].Markdown);
        Assert.Equal("Slut", body.Items[1].Sections[0].Markdown);

        var stray = Assert.Single(body.Strays);
        Assert.Equal((StrayKind.BeforeFirstSection, "Løs tekst"), (stray.Kind, stray.Text));
    }

    [Fact]
    public void Level1_setext_and_nested_item_headings_are_flagged()
    {
        var body = BodyParser.Parse("Titel\n=====\n\n## 1. A\n\n### Baggrund\n\n> ## 2. Skjult\n", 0);
        Assert.Equal([StrayKind.Level1Heading, StrayKind.NestedItemHeading], body.Strays.Select(s => s.Kind));
        Assert.Equal("Titel", body.Strays[0].Text);
        Assert.Equal("> ## 2. Skjult", body.Items[0].Sections[0].Markdown);
    }

    [Fact]
    public void Raw_html_is_found()
    {
        var body = BodyParser.Parse("## 1. A\n\n### Baggrund\n\n<div>x</div>\n\nog <b>y</b>\n", 0);
        Assert.Equal(3, body.Html.Count); // the block, <b> and </b>
    }
}

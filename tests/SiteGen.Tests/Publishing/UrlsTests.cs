using SiteGen.Publishing;

namespace SiteGen.Tests.Publishing;

/// <summary>The address scheme that pages, feeds, data, search and serve share (Publishing/Urls.cs).</summary>
public class UrlsTests
{
    private static readonly PublicUdvalg Direktionen = new("Direktionen", "direktionen", null);

    private static readonly PublicMeeting Meeting = new(Direktionen, new(2024, 11, 13), new(9, 0), new(13, 0),
        "Rådhuset", [], [], MoedeType.Referat, DateTimeOffset.UnixEpoch, [], []);

    private static readonly OpenPunkt Open3 = new(3, "T", null, null, [], []);

    [Fact]
    public void Search_indexes_exactly_the_meeting_pages()
    {
        Assert.Equal("*/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/index.html", Urls.MeetingPagesGlob);
        Assert.Equal("direktionen/2024-11-13/index.html", Urls.MeetingFile(Meeting));
    }

    [Fact]
    public void An_open_item_has_its_own_page_and_a_closed_one_an_anchor_on_the_meeting_page()
    {
        Assert.Equal("/direktionen/2024-11-13/punkt-3/", Urls.Item(Meeting, Open3));
        Assert.Equal("/direktionen/2024-11-13/#punkt-4", Urls.Item(Meeting, new ClosedPunkt(4, "Personalesag", null)));
        Assert.Equal("direktionen/2024-11-13/punkt-3/index.html", Urls.ItemFile(Meeting, Open3));
    }

    [Fact]
    public void Page_files_are_their_url_with_index_html()
    {
        Assert.Equal("index.html", Urls.File(Urls.Home));
        Assert.Equal("om/index.html", Urls.File(Urls.About));
        Assert.Equal("aar/2024/index.html", Urls.File(Urls.Year(2024)));
        Assert.Equal("soeg/filtre.json", Urls.File(Urls.SearchFilters));
    }

    [Fact]
    public void A_closed_item_is_labelled_Lukket_sag_wherever_it_is_listed()
    {
        var closed = new ClosedPunkt(2, "Personalesag", null);
        Assert.Equal("2. Personalesag — Lukket sag", Labels.ItemHeading(closed));
        Assert.Equal("Personalesag (lukket sag)", Labels.ItemTitleInText(closed));
        Assert.Equal("Referat: Direktionen 13. november 2024", Labels.MeetingTitle(Meeting));
    }
}

using SiteGen.Content;
using SiteGen.Publishing;
using static SiteGen.Tests.Publishing.SampleSource;

namespace SiteGen.Tests.Publishing;

public sealed class PublisherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-pub-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string content = "%PDF-1.4 test")
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Every value the public model holds, reached by reflection through all records and
    /// collections: what any downstream stage could possibly print.</summary>
    internal static string Dump(object? value)
    {
        var sb = new System.Text.StringBuilder();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        void Walk(object? v)
        {
            switch (v)
            {
                case null: return;
                case string s: sb.AppendLine(s); return;
                case SiteGen.Common.StoredText t: sb.AppendLine(t.Read()); return; // a section's text
                case System.Collections.IEnumerable e: foreach (var x in e) Walk(x); return;
                case var _ when v.GetType().IsPrimitive || v is DateOnly or TimeOnly or DateTimeOffset or Enum: sb.AppendLine(v.ToString()); return;
            }
            if (!seen.Add(v)) return;
            foreach (var prop in v.GetType().GetProperties())
                if (prop.GetIndexParameters().Length == 0 && prop.Name != "EqualityContract") Walk(prop.GetValue(v));
        }
        Walk(value);
        return sb.ToString();
    }

    [Fact]
    public void Closed_item_keeps_only_number_public_title_and_public_decision()
    {
        var dir = U("Direktionen");
        var site = Publisher.Publish(Config(dir), [Referat(dir, new(2024, 11, 13),
            [Open(1, "Åbent punkt"), Closed(2, "Personalesag", "Direktionen godkendte indstillingen.")])]);

        var closed = Assert.IsType<ClosedPunkt>(site.Meetings.Single().Punkter[1]);
        Assert.Equal(new ClosedPunkt(2, "Personalesag", "Direktionen godkendte indstillingen."), closed);
        Assert.DoesNotContain("SENTINEL", Dump(site));
        Assert.Contains("OPENCONTROLDECISION1", Dump(site)); // the dump does reach item text
    }

    [Fact]
    public void Closed_item_without_public_title_is_called_Lukket_punkt()
    {
        var dir = U("Direktionen");
        var site = Publisher.Publish(Config(dir), [Referat(dir, new(2024, 11, 13), [Closed(1)])]);
        Assert.Equal(new ClosedPunkt(1, "Lukket punkt", null), site.Meetings.Single().Punkter.Single());
    }

    [Fact]
    public void Closed_item_makes_its_attachments_closed_and_copies_none_of_its_files()
    {
        var dir = U("Direktionen");
        var open = File("SENTINELFILENAME-open.pdf");
        var closedFile = File("SENTINELFILENAME-closed.pdf");
        var site = Publisher.Publish(Config(dir), [Referat(dir, new(2024, 11, 13),
            [Closed(1, "Ejendomshandel", null, OpenBilag(1, "SENTINELOPENBILAGOFCLOSED", open), ClosedBilag(2, closedFile))])]);

        var punkt = Assert.IsType<ClosedPunkt>(site.Meetings.Single().Punkter.Single());
        Assert.Equal(1, punkt.Nr);
        Assert.DoesNotContain("SENTINEL", Dump(site));
        Assert.Empty(SiteGen.Rendering.PageRenderer.OpenFiles(site));
    }

    [Fact]
    public void Closed_attachment_of_an_open_item_is_only_a_number()
    {
        var dir = U("Direktionen");
        var secret = File("SENTINELFILENAME.pdf");
        var site = Publisher.Publish(Config(dir), [Referat(dir, new(2024, 11, 13),
            [Open(1, "Budget", OpenBilag(1, "Notat om budget", File("notat.PDF")), ClosedBilag(2, secret))])]);

        var punkt = Assert.IsType<OpenPunkt>(site.Meetings.Single().Punkter.Single());
        Assert.Equal(new ClosedBilag(2), punkt.Bilag[1]);
        Assert.DoesNotContain("SENTINEL", Dump(site));
        Assert.DoesNotContain(SiteGen.Rendering.PageRenderer.OpenFiles(site), f => f.SourcePath == secret);
    }

    [Fact]
    public void Open_attachment_file_gets_a_stable_name_that_reveals_nothing()
    {
        var dir = U("Miljø- og Teknikudvalget");
        var fil = File("Fortroligt navn 108223-24.PDF", new string('x', 2048));
        var site = Publisher.Publish(Config(dir), [Referat(dir, new(2024, 3, 5),
            [Open(1, "A"), Open(2, "B", OpenBilag(1, "Uden fil", null), OpenBilag(3, "Notat", fil))])]);

        var bilag = site.Meetings.Single().Punkter.OfType<OpenPunkt>().Last().Bilag;
        Assert.Null(Assert.IsType<OpenBilag>(bilag[0]).Fil);
        var published = Assert.IsType<OpenBilag>(bilag[1]).Fil!;
        Assert.Equal("miljoe-og-teknikudvalget/2024-03-05/bilag/punkt-2-bilag-3.pdf", published.OutputPath);
        Assert.Equal("/miljoe-og-teknikudvalget/2024-03-05/bilag/punkt-2-bilag-3.pdf", published.Url);
        Assert.Equal(2048, published.Size);
        Assert.Equal("application/pdf", published.MediaType);
        Assert.Equal(fil, published.SourcePath);
    }

    [Fact]
    public void Open_item_keeps_its_text_case_number_and_route()
    {
        var dir = U("Direktionen");
        var site = Publisher.Publish(Config(dir), [Referat(dir, new(2024, 11, 13), [Open(1, "Økonomi")])]);
        var punkt = Assert.IsType<OpenPunkt>(site.Meetings.Single().Punkter.Single());
        Assert.Equal(("Økonomi", "24/7615", "DIR"), (punkt.Titel, punkt.Sagsnr, punkt.Sagsgang));
        Assert.Equal(["Sagsfremstilling", "Indstilling", "Beslutning"], punkt.Sektioner.Select(s => s.Navn));
        Assert.True(punkt.Sektioner[2].ErBeslutning);
    }

    [Fact]
    public void Meetings_are_newest_first_then_by_committee_name_and_committees_keep_config_order()
    {
        var (a, b, c) = (U("Økonomiudvalget"), U("Direktionen"), U("Børne- og Ungdomsudvalget"));
        var site = Publisher.Publish(Config(a, b, c), [
            Referat(b, new(2023, 9, 6), [Open(1, "x")]),
            Referat(a, new(2024, 11, 13), [Open(1, "x")]),
            Referat(b, new(2024, 11, 13), [Open(1, "x")]),
            Referat(c, new(2024, 1, 2), [Open(1, "x")]),
        ]);
        Assert.Equal(["Økonomiudvalget", "Direktionen", "Børne- og Ungdomsudvalget"], site.Udvalg.Select(u => u.Navn));
        Assert.Equal(
            ["2024-11-13 Direktionen", "2024-11-13 Økonomiudvalget", "2024-01-02 Børne- og Ungdomsudvalget", "2023-09-06 Direktionen"],
            site.Meetings.Select(m => $"{m.Dato:yyyy-MM-dd} {m.Udvalg.Navn}"));
        Assert.Same(site.Udvalg[1], site.Meetings[0].Udvalg);
    }
}

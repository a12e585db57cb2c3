using SiteGen.Content;

namespace SiteGen.Tests.Validation;

/// <summary>A valid referat becomes the expected source model.</summary>
public class ModelTests
{
    [Fact]
    public void Valid_referat_produces_the_source_model()
    {
        using var input = new TestInput();
        input.Write(TestInput.ReferatPath, TestInput.Valid);
        var result = input.Run();
        Expect.Clean(result);
        var r = Assert.Single(result.Referater);

        Assert.Equal(input.Shown(TestInput.ReferatPath), r.File);
        Assert.Equal(("Direktionen", "direktionen"), (r.Udvalg.Navn, r.Udvalg.Slug));
        Assert.Equal(new DateOnly(2024, 11, 13), r.Dato);
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(13, 0)), (r.Start, r.Slut));
        Assert.Equal("Mødelokale 250, rådhuset", r.Sted);
        Assert.Equal(["Kommunaldirektør Jonas Kroustrup", "Velfærdsdirektør Lene Mehlsen Thomsen"], r.Medlemmer.ToArray());
        Assert.Equal(["Velfærdsdirektør Lene Mehlsen Thomsen"], r.Fravaerende.ToArray());
        Assert.Equal(ReferatType.Referat, r.Type);
        Assert.Empty(r.Rettelser);
        // default publiceret: dato at slut, Copenhagen (winter time, +01:00)
        Assert.Equal(new DateTimeOffset(2024, 11, 13, 13, 0, 0, TimeSpan.FromHours(1)), r.Publiceret);
        Assert.Equal(TimeSpan.FromHours(1), r.Publiceret.Offset);

        Assert.Equal([1, 2, 3], r.Punkter.Select(p => p.Nr).ToArray());
        var p1 = r.Punkter[0];
        Assert.Equal(("Beslutningsprotokoller og dagsordener", PunktStatus.Aaben, "24/7615", "DIR", 35),
            (p1.Titel, p1.Status, p1.Sagsnr, p1.Sagsgang, p1.Line));
        Assert.Equal(["Sagsfremstilling", "Beslutning"], p1.Sektioner.Select(s => s.Navn).ToArray());
        Assert.Equal((37, false), (p1.Sektioner[0].Line, p1.Sektioner[0].ErBeslutning));
        Assert.Equal("Rul november: ØK d. 12/11 2024, KB d. 19/11 2024\n\n- Gruppeformandsmøde d. 12. november\n\n#### Detaljer\n\n| a | b |\n|---|---|\n| 1 | 2 |",
            p1.Sektioner[0].Markdown.Read());
        Assert.Equal(("Punkterne blev behandlet.", 49, true), (p1.Sektioner[1].Markdown.Read(), p1.Sektioner[1].Line, p1.Sektioner[1].ErBeslutning));
        Assert.Empty(p1.Bilag);

        var p2 = r.Punkter[1];
        Assert.Equal((PunktStatus.Lukket, "Personalesag", (string?)null), (p2.Status, p2.OffentligTitel, p2.OffentligBeslutning));
        Assert.Equal("Ansættelse af ny direktør", p2.Titel); // kept in the source model; only Publishing may decide
        Assert.Equal(new Bilag(1, BilagStatus.Lukket, null, null, null), Assert.Single(p2.Bilag));

        var p3 = r.Punkter[2];
        Assert.Equal(PunktStatus.Aaben, p3.Status); // "Åben" accepted
        Assert.Equal(["Indstilling", "Beslutning"], p3.Sektioner.Select(s => s.Navn).ToArray());
        Assert.Equal((65, true, "Godkendt."), (p3.Sektioner[1].Line, p3.Sektioner[1].ErBeslutning, p3.Sektioner[1].Markdown.Read()));
        Assert.Equal(2, p3.Bilag.Length);
        var b1 = p3.Bilag[0];
        Assert.Equal((1, BilagStatus.Aaben, "Organisering af beredskab", "108223/24"), (b1.Nr, b1.Status, b1.Titel, b1.Dokument));
        Assert.Equal(Path.Combine(input.Dir, "referater/2024/bilag/108223-24.pdf"), b1.Fil);
        Assert.True(File.Exists(b1.Fil));
        Assert.Equal(new Bilag(2, BilagStatus.Lukket, null, null, null), p3.Bilag[1]);
    }

    [Fact]
    public void Default_publiceret_uses_summer_time_in_summer()
    {
        var text = TestInput.Valid.Replace("dato: 2024-11-13", "dato: 2024-06-12").Replace("den 13-11-2024", "den 12-06-2024");
        using var input = new TestInput();
        input.Write("referater/2024/2024-06-12-direktionen.md", text);
        var result = input.Run();
        Expect.Clean(result);
        Assert.Equal(new DateTimeOffset(2024, 6, 12, 13, 0, 0, TimeSpan.FromHours(2)), result.Referater[0].Publiceret);
    }

    [Fact]
    public void Rettelser_and_dagsorden_are_read()
    {
        var text = TestInput.Valid
            .Replace("sted: Mødelokale 250, rådhuset", "sted: Mødelokale 250, rådhuset\ntype: dagsorden\nrettelser:\n  - dato: 2024-11-20\n    tekst: Punkt 3 havde forkert titel.")
            .Replace("### Beslutning\n\nPunkterne blev behandlet.\n\n", "")
            .Replace("### Beslutning i Direktionen den 13-11-2024\n\nGodkendt.\n", "");
        using var input = new TestInput();
        input.Write(TestInput.ReferatPath, text);
        var result = input.Run();
        Expect.Clean(result); // no "missing Beslutning" warning for a dagsorden
        var r = result.Referater[0];
        Assert.Equal(ReferatType.Dagsorden, r.Type);
        Assert.Equal([new Rettelse(new DateOnly(2024, 11, 20), "Punkt 3 havde forkert titel.")], r.Rettelser.ToArray());
    }

    [Fact]
    public void Referater_are_returned_in_path_order()
    {
        using var input = new TestInput();
        input.Write("referater/2024/2024-11-27-direktionen.md", TestInput.Valid.Replace("2024-11-13", "2024-11-27").Replace("13-11-2024", "27-11-2024"));
        input.Write(TestInput.ReferatPath, TestInput.Valid);
        input.Write("referater/2023/2023-09-06-direktionen.md", TestInput.Valid.Replace("2024-11-13", "2023-09-06").Replace("13-11-2024", "06-09-2023").Replace("fil: bilag/", "fil: ../2024/bilag/"));
        var result = input.Run();
        Expect.Clean(result);
        Assert.Equal(["2023-09-06", "2024-11-13", "2024-11-27"], result.Referater.Select(r => r.Dato.ToString("yyyy-MM-dd")).ToArray());
    }
}

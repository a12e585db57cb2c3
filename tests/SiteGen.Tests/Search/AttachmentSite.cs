using SiteGen.Tests.Browser;

namespace SiteGen.Tests.Search;

/// <summary>Fixtures/site-leak with real PDF attachments (made in the test): the open attachment of open item 1 has
/// a word found nowhere else (<see cref="OpenWord"/>, on page 2); the closed attachment and the open attachment
/// of the closed item 2 hold a sentinel word and a CPR number (reading them would fail the build); item 1 also
/// gets a scanned (image-only) PDF and a broken one.</summary>
public sealed class AttachmentSite : ServedSite
{
    public const string OpenWord = "Brandhanekontrollen";
    public const string ClosedWord = "SENTINELPDFWORD";

    protected override string PrepareInput(string scratch) => Prepare(scratch);

    public static string Prepare(string scratch)
    {
        var input = Path.Combine(scratch, "input");
        TestPaths.CopyDirectory(Path.Combine(TestPaths.RepoRoot, "tests", "SiteGen.Tests", "Fixtures", "site-leak"), input);
        TestPaths.CopyDirectory(Path.Combine(TestPaths.RepoRoot, "input", "templates"), Path.Combine(input, "templates"));
        TestPaths.CopyDirectory(Path.Combine(TestPaths.RepoRoot, "input", "assets"), Path.Combine(input, "assets"));
        var bilag = Path.Combine(input, "referater", "2024", "bilag");
        File.WriteAllBytes(Path.Combine(bilag, "notat-om-beredskab.pdf"),
            TestPdf.Pages("OPENCONTROLFILECONTENT Notat om beredskabet", $"{OpenWord} i alle skoler udføres i marts"));
        File.WriteAllBytes(Path.Combine(bilag, "SENTINELCLOSEDFILENAME1.pdf"),
            TestPdf.Pages($"{ClosedWord} fortroligt", "Borgerens CPR-nummer er 010190-1234"));
        File.WriteAllBytes(Path.Combine(bilag, "SENTINELFILEOFCLOSEDITEM2.pdf"),
            TestPdf.Pages($"{ClosedWord}OFCLOSEDITEM 020290-2345"));
        File.WriteAllBytes(Path.Combine(bilag, "scannet-brev.pdf"), TestPdf.Pages("", ""));
        File.WriteAllBytes(Path.Combine(bilag, "beskadiget.pdf"), TestPdf.Garbage);
        var referat = Path.Combine(input, "referater", "2024", "2024-11-13-direktionen.md");
        var text = File.ReadAllText(referat);
        const string after = "        fil: bilag/SENTINELCLOSEDFILENAME1.pdf\n";
        Assert.Contains(after, text);
        File.WriteAllText(referat, text.Replace(after, after + """
                  - nr: 3
                    status: åben
                    titel: Scannet brev
                    fil: bilag/scannet-brev.pdf
                  - nr: 4
                    status: åben
                    titel: Beskadiget notat
                    fil: bilag/beskadiget.pdf

            """));
        return input;
    }
}

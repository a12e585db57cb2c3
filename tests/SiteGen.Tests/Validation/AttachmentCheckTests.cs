using System.Text;
using SiteGen.Cli;
using SiteGen.Diagnostics;
using SiteGen.Tests.Search;

namespace SiteGen.Tests.Validation;

/// <summary>The personal-data check also reads open attachments' text (issue 17.4): a CPR number in an open PDF
/// stops the build with the file and page; closed attachments' files are never opened.</summary>
public class AttachmentCheckTests
{
    // TestInput.Valid: item 3's open attachment 1 is bilag/108223-24.pdf; its attachment 2 is closed.
    private const string OpenPdf = "referater/2024/bilag/108223-24.pdf";

    /// <summary>A build also needs the templates and assets.</summary>
    private static TestInput Buildable()
    {
        var input = new TestInput();
        foreach (var folder in new[] { "templates", "assets" })
            TestPaths.CopyDirectory(Path.Combine(TestPaths.RepoRoot, "input", folder), Path.Combine(input.Dir, folder));
        return input;
    }

    private static string OutputOf(TestInput input) => input.Dir + "-out";

    private static (int Code, string Err) Cli(string command, TestInput input, string? output = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = output is null ? [command, "--input", input.Dir] : [command, "--input", input.Dir, "--output", output, "--no-search"];
        return (Program.Run(args, stdout, stderr), stderr.ToString());
    }

    [Fact]
    public void A_cpr_number_on_page_2_of_an_open_pdf_stops_build_and_validate_with_file_and_page()
    {
        using var input = Buildable();
        input.Write(TestInput.ReferatPath, TestInput.Valid);
        input.WriteBytes(OpenPdf, TestPdf.Pages("Notat om beredskab", "Borger med CPR 010190-1234 er nævnt"));
        var output = OutputOf(input);

        var (code, err) = Cli("build", input, output);
        Assert.Equal(1, code);
        var line = err.Split('\n').Single(l => l.Contains("REF044", StringComparison.Ordinal));
        Assert.StartsWith($"{input.Shown(OpenPdf)}(2,1): error REF044: Bilagsfilen indeholder på side 2", line);
        Assert.Contains("010190-xxxx", line); // never the full number in a log
        Assert.DoesNotContain("1234", line);
        Assert.False(Directory.Exists(output)); // nothing published

        var (validateCode, validateErr) = Cli("validate", input);
        Assert.Equal(1, validateCode);
        Assert.Contains($"{input.Shown(OpenPdf)}(2,1): error REF044", validateErr);
    }

    [Fact]
    public void A_closed_attachment_s_file_is_never_opened_even_with_a_cpr_number_in_it()
    {
        using var input = Buildable();
        input.Write(TestInput.ReferatPath, TestInput.Replace(TestInput.Valid, """
                  - nr: 2
                    status: lukket
            ---
            """, """
                  - nr: 2
                    status: lukket
                    fil: bilag/lukket.pdf
            ---
            """));
        input.WriteBytes(OpenPdf, TestPdf.Pages("Notat om beredskab"));
        input.WriteBytes("referater/2024/bilag/lukket.pdf", TestPdf.Pages("Fortroligt: CPR 010190-1234"));
        var result = Pipeline.Build(new BuildOptions(input.Dir, OutputOf(input), Search: false), TextWriter.Null);
        if (Directory.Exists(OutputOf(input))) Directory.Delete(OutputOf(input), recursive: true);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == Codes.Cpr || d.File.Contains("lukket.pdf"));
    }

    [Fact]
    public void E_mail_and_phone_in_an_open_text_attachment_are_warnings_at_their_line()
    {
        using var input = new TestInput();
        input.Write(TestInput.ReferatPath, TestInput.Replace(TestInput.Valid, "fil: bilag/108223-24.pdf", "fil: bilag/liste.txt"));
        input.WriteBytes("referater/2024/bilag/liste.txt",
            Encoding.UTF8.GetBytes("Deltagere\nKontakt: jens@example.dk\n  tlf. 86 12 34 56\n"));
        var diagnostics = Pipeline.CheckAttachments(input.Dir, input.Run());
        var email = Assert.Single(diagnostics, d => d.Code == Codes.Email);
        Assert.Equal((Severity.Warning, 2, 10), (email.Severity, email.Line, email.Column));
        var phone = Assert.Single(diagnostics, d => d.Code == Codes.Phone);
        Assert.Equal((Severity.Warning, 3, 8), (phone.Severity, phone.Line, phone.Column));
        Assert.Equal(input.Shown("referater/2024/bilag/liste.txt"), phone.File);
    }

    [Fact]
    public void A_broken_or_scanned_pdf_is_a_warning_and_the_build_succeeds()
    {
        using var input = Buildable();
        input.Write(TestInput.ReferatPath, TestInput.Valid);
        input.WriteBytes(OpenPdf, TestPdf.Garbage);
        var (code, err) = Cli("build", input, OutputOf(input));
        if (Directory.Exists(OutputOf(input))) Directory.Delete(OutputOf(input), recursive: true);
        Assert.Equal(0, code);
        Assert.Contains($"{input.Shown(OpenPdf)}(1,1): warning REF095: Bilagsfilen kan ikke læses som PDF", err);

        input.WriteBytes(OpenPdf, TestPdf.Pages(""));
        var diagnostics = Pipeline.CheckAttachments(input.Dir, input.Run());
        Assert.Equal(Codes.BilagTextNone, Assert.Single(diagnostics).Code);
    }
}

using System.Text;
using SiteGen.Bench;

namespace SiteGen.Tests.Import;

/// <summary>What is not an export gets a clear Danish message and exit 1, never a stack trace, and nothing is
/// written; wrong usage is exit 2.</summary>
public class HostileExportTests
{
    [Fact]
    public void A_huge_file_is_refused_before_it_is_read()
    {
        using var ws = new ImportWorkspace();
        var path = Path.Combine(ws.Exports, "stor.txt");
        using (var f = File.Create(path)) f.SetLength(11L * 1024 * 1024);
        AssertRefused(ws, ws.Run(path), "Filen er for stor");
    }

    [Fact]
    public void A_binary_file_is_refused()
    {
        using var ws = new ImportWorkspace();
        AssertRefused(ws, ws.Run(ws.ExportBytes("billede.txt", [0x89, 0x50, 0x4E, 0x47, 0, 0, 1, 2, 3])),
            "ikke en tekstfil");
    }

    [Fact]
    public void A_broken_PDF_is_refused()
    {
        using var ws = new ImportWorkspace();
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\n%%EOF");
        AssertRefused(ws, ws.Run(ws.ExportBytes("ødelagt.pdf", bytes)), "PDF'en kan ikke læses");
        var truncated = ExportPdf.Render(MessyExportTests.Mini(MessyExportTests.OpenItem))[..400];
        AssertRefused(ws, ws.Run(ws.ExportBytes("afkortet.pdf", truncated)), "PDF'en");
    }

    [Fact]
    public void An_encrypted_PDF_is_refused()
    {
        using var ws = new ImportWorkspace();
        var pdf = Encoding.Latin1.GetString(ExportPdf.Render(MessyExportTests.Mini(MessyExportTests.OpenItem)));
        var at = pdf.LastIndexOf("trailer", StringComparison.Ordinal);
        Assert.True(at > 0);
        var open = pdf.IndexOf("<<", at, StringComparison.Ordinal) + 2;
        var encrypted = pdf[..open] + " /Encrypt << /Filter /Standard /V 1 /R 2 /O <" + new string('A', 64) +
            "> /U <" + new string('B', 64) + "> /P -44 >> /ID [<0123456789ABCDEF0123456789ABCDEF> " +
            "<0123456789ABCDEF0123456789ABCDEF>] " + pdf[open..];
        var (exit, output, err) = ws.Run(ws.ExportBytes("krypteret.pdf", Encoding.Latin1.GetBytes(encrypted)));
        Assert.Equal(1, exit);
        Assert.DoesNotContain("   at ", output + err, StringComparison.Ordinal);
        Assert.Matches("error IMP00[1-5]", err);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(ws.Input, "referater"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Control_characters_are_removed_and_counted()
    {
        using var ws = new ImportWorkspace();
        var export = MessyExportTests.Mini(MessyExportTests.OpenItem.Replace("Godkendt.", "Godk\u001b[31mendt.\u0007\f",
            StringComparison.Ordinal));
        var (exit, output, err) = ws.Run(ws.Export("styretegn.txt", export));

        Assert.True(exit == 0, output + err);
        Assert.Contains("3 styretegn er fjernet", output, StringComparison.Ordinal);
        var file = ws.Referat("2024/2024-11-12-oekonomiudvalget.md");
        Assert.Contains("Godk[31mendt.", file, StringComparison.Ordinal);
        Assert.DoesNotContain(file, c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public void A_symbolic_link_is_refused()
    {
        using var ws = new ImportWorkspace();
        var real = ws.Export("ægte.txt", MessyExportTests.Mini(MessyExportTests.OpenItem));
        var link = Path.Combine(ws.Exports, "link.txt");
        File.CreateSymbolicLink(link, real);
        AssertRefused(ws, ws.Run(link), "symbolsk link");
    }

    [Fact]
    public void A_folder_argument_imports_its_text_and_PDF_exports()
    {
        using var ws = new ImportWorkspace();
        ws.Export("a.txt", MessyExportTests.Mini(MessyExportTests.OpenItem));
        ws.ExportBytes("b.pdf", ExportPdf.Render(MessyExportTests.Mini(MessyExportTests.OpenItem,
            udvalg: "Erhvervsudvalget")));
        ws.Export("noter.docx", "ikke en eksport");
        var (exit, output, err) = ws.Run(ws.Exports);

        Assert.True(exit == 0, output + err);
        Assert.Contains("2 eksporter importeret, 0 ikke importeret.", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(ws.Input, "referater", "2024", "2024-11-12-erhvervsudvalget.md")));
    }

    [Theory]
    [InlineData(new string[0], "angiv mindst én eksport")]
    [InlineData(new[] { "--ukendt", "x.txt" }, "ukendt tilvalg")]
    [InlineData(new[] { "--input" }, "--input skal efterfølges af en mappe")]
    public void Wrong_usage_is_exit_2(string[] args, string message)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(2, SiteGen.Cli.Program.Run(["import", .. args], stdout, stderr));
        Assert.Contains(message, stderr.ToString(), StringComparison.Ordinal);
    }

    private static void AssertRefused(ImportWorkspace ws, (int Exit, string Out, string Err) run, string message)
    {
        Assert.Equal(1, run.Exit);
        Assert.Contains(message, run.Out + run.Err, StringComparison.Ordinal);
        Assert.Matches(@"\(1,1\): error IMP00\d: ", run.Err);
        Assert.DoesNotContain("   at ", run.Out + run.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(ws.Input, "referater"), "*", SearchOption.AllDirectories));
    }
}

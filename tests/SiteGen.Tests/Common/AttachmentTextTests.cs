using System.Text;
using SiteGen.Common;
using SiteGen.Tests.Search;

namespace SiteGen.Tests.Common;

/// <summary>Reading an attachment's text: PDF page by page, text files as written, every file bounded, and a
/// damaged, encrypted or scanned file a problem to report, never an exception.</summary>
public sealed class AttachmentTextTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitegen-bilagtekst-").FullName;

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_pdf_is_read_page_by_page()
    {
        var text = AttachmentTexts.Read(_dir, Write("a.pdf", TestPdf.Pages("Første side om økonomi", "Anden side")));
        Assert.Equal(TextProblem.None, text.Problem);
        Assert.True(text.IsPdf);
        Assert.Equal([1, 2], text.Pages.Select(p => p.Nr));
        Assert.Contains("økonomi", text.Pages[0].Text);
        Assert.Contains("Anden", text.Pages[1].Text);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("truncated")]
    public void A_damaged_pdf_is_a_problem_not_an_exception(string kind)
    {
        var good = TestPdf.Pages("Tekst");
        var bytes = kind switch { "garbage" => TestPdf.Garbage, "empty" => [], _ => good[..(good.Length / 2)] };
        var text = AttachmentTexts.Read(_dir, Write(kind + ".pdf", bytes));
        Assert.True(text.Problem is TextProblem.Unreadable or TextProblem.NoText, text.Problem.ToString());
        Assert.False(text.HasText && text.Problem == TextProblem.Unreadable);
    }

    [Fact]
    public void A_scanned_pdf_without_text_is_reported_as_such()
    {
        var text = AttachmentTexts.Read(_dir, Write("scan.pdf", TestPdf.Pages("", "")));
        Assert.Equal(TextProblem.NoText, text.Problem);
        Assert.False(text.HasText);
    }

    [Fact]
    public void A_pdf_with_more_pages_than_the_limit_is_read_up_to_the_limit()
    {
        var pages = Enumerable.Range(1, AttachmentTexts.MaxPages + 5).Select(i => $"Side nummer {i}").ToArray();
        var text = AttachmentTexts.Read(_dir, Write("lang.pdf", TestPdf.Pages(pages)));
        Assert.Equal(TextProblem.Truncated, text.Problem);
        Assert.Equal(AttachmentTexts.MaxPages, text.Pages.Length);
    }

    [Fact]
    public void Text_files_keep_their_lines_and_old_latin1_files_are_read_too()
    {
        var utf8 = AttachmentTexts.Read(_dir, Write("a.txt", Encoding.UTF8.GetBytes("linje 1\nlinje 2 med æøå\n")));
        Assert.False(utf8.IsPdf);
        Assert.Equal("linje 1\nlinje 2 med æøå\n", utf8.Pages.Single().Text);
        var latin1 = AttachmentTexts.Read(_dir, Write("b.csv", Encoding.Latin1.GetBytes("navn;beløb\nSkole;100\n")));
        Assert.Contains("beløb", latin1.Pages.Single().Text);
    }

    [Fact]
    public void Control_characters_never_reach_the_text()
    {
        var text = AttachmentTexts.Read(_dir, Write("c.txt", Encoding.UTF8.GetBytes("a\u001b[31mb\u0000c\u2028d\r\ne")));
        Assert.Equal("a [31mb c d \ne", text.Pages.Single().Text);
    }

    [Fact]
    public void An_empty_text_file_has_no_text_and_a_huge_one_is_not_read()
    {
        Assert.Equal(TextProblem.NoText, AttachmentTexts.Read(_dir, Write("tom.txt", [])).Problem);
        var huge = Write("stor.txt", new byte[AttachmentTexts.MaxTextBytes + 1]);
        var text = AttachmentTexts.Read(_dir, huge);
        Assert.Equal(TextProblem.TooLarge, text.Problem);
        Assert.Empty(text.Pages);
    }

    [Fact]
    public void Office_files_and_images_are_not_read()
    {
        Assert.False(AttachmentTexts.IsReadable("a.docx"));
        Assert.False(AttachmentTexts.IsReadable("a.png"));
        Assert.True(AttachmentTexts.IsReadable("a.PDF"));
        var docx = Write("a.docx", [1, 2, 3]);
        Assert.Empty(AttachmentTexts.ReadAll(_dir, [docx]));
    }

    [Fact]
    public void A_link_is_never_followed()
    {
        var target = Write("echt.txt", Encoding.UTF8.GetBytes("hemmelig"));
        var link = Path.Combine(_dir, "link.txt");
        File.CreateSymbolicLink(link, target);
        var text = AttachmentTexts.Read(_dir, link);
        Assert.Equal(TextProblem.Unreadable, text.Problem);
        Assert.Empty(text.Pages);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

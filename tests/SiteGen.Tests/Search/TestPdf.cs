using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace SiteGen.Tests.Search;

/// <summary>PDF files for tests, made with PdfPig's writer: one page per string (Helvetica, so æ, ø, å work).
/// An empty string gives a page with only a drawn rectangle: an "image-only", scanned-like page.</summary>
public static class TestPdf
{
    public static byte[] Pages(params string[] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            if (text.Length == 0) page.DrawRectangle(new PdfPoint(50, 50), 400, 600, 2, false);
            else page.AddText(text, 12, new PdfPoint(40, 780), font);
        }
        return builder.Build();
    }

    /// <summary>Not a PDF at all, though named .pdf (a damaged download, or an encrypted file PdfPig refuses).</summary>
    public static byte[] Garbage => "%PDF-1.7\n\u0001\u0002 garbage, not a PDF\n"u8.ToArray();
}

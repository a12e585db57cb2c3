using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace SiteGen.Import;

/// <summary>Reads a PDF export (PdfPig) into lines the way the text export has them: letters are grouped into
/// lines by baseline, a wide gap between letters becomes a tab (a table column), a larger vertical gap a blank
/// line, a line wrapped at the right margin is joined to the next, and the page-number footer is dropped.</summary>
public static partial class PdfExportReader
{
    public const int MaxBytes = 100 * 1024 * 1024;
    public const int MaxPages = 5000;

    private sealed record PdfLine(string Text, double Left, double Right, double Y, double CharWidth, int Page);

    public static ExportText Read(byte[] bytes)
    {
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 1024)).IndexOf("%PDF-"u8) < 0)
            return ExportText.Refused("Filen er ikke en PDF (den mangler PDF-filens kendetegn '%PDF-').");
        try
        {
            using var document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true,
                SkipMissingFonts = true });
            if (document.NumberOfPages > MaxPages)
                return ExportText.Refused($"PDF'en har {document.NumberOfPages} sider; højst {MaxPages} kan " +
                    "importeres.");
            var lines = new List<PdfLine>();
            var footers = 0;
            for (var p = 1; p <= document.NumberOfPages; p++)
                footers += PageLines(document.GetPage(p), p, lines);
            var notes = new List<string>();
            if (footers > 0)
                notes.Add(footers == 1 ? "1 sidetal er fjernet." : $"{footers} sidetal er fjernet.");
            if (lines.Count == 0)
                return ExportText.Refused("PDF'en indeholder ingen tekst (måske er den scannet som billeder). " +
                    "Importér en tekst-eksport i stedet.");
            return Joined(lines, document.NumberOfPages, notes);
        }
        catch (PdfDocumentEncryptedException)
        {
            return ExportText.Refused("PDF'en er krypteret eller beskyttet med adgangskode. Gem den uden " +
                "beskyttelse, eller eksportér referatet som tekst.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PdfPig throws many kinds for a damaged file; which one does not help the secretary.
            return ExportText.Refused("PDF'en kan ikke læses; den ser ud til at være ødelagt. " +
                "Eksportér referatet igen, eller brug tekst-eksporten.");
        }
    }

    private static int PageLines(Page page, int number, List<PdfLine> lines)
    {
        var letters = page.Letters.Where(l => l.TextOrientation == TextOrientation.Horizontal && l.Value.Length > 0)
            .OrderByDescending(l => l.StartBaseLine.Y).ThenBy(l => l.StartBaseLine.X).ToList();
        var footers = 0;
        var start = 0;
        while (start < letters.Count)
        {
            var y = letters[start].StartBaseLine.Y;
            var tolerance = Math.Max(1.0, letters[start].PointSize * 0.3);
            var end = start;
            while (end < letters.Count && Math.Abs(letters[end].StartBaseLine.Y - y) <= tolerance) end++;
            var line = Line(letters.GetRange(start, end - start).OrderBy(l => l.StartBaseLine.X).ToList(), y, number);
            start = end;
            if (line is null) continue;
            if (ExportWords.IsPageNumber(line.Text.Trim())) { footers++; continue; }
            lines.Add(line);
        }
        return footers;
    }

    private static PdfLine? Line(List<Letter> letters, double y, int page)
    {
        var visible = letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        if (visible.Count == 0) return null;
        var charWidth = Math.Max(0.5, visible.Average(l => l.Width > 0 ? l.Width : l.PointSize * 0.5));
        var sb = new StringBuilder();
        var right = letters[0].StartBaseLine.X;
        foreach (var l in letters)
        {
            var gap = l.StartBaseLine.X - right;
            if (sb.Length > 0 && gap > 2.5 * charWidth)
                sb.Append('\t');
            else if (sb.Length > 0 && gap > 0.25 * charWidth && sb[^1] is not (' ' or '\t') && l.Value != " ")
                sb.Append(' ');
            if (l.Value == " " && sb.Length > 0 && sb[^1] == '\t') { right = l.EndBaseLine.X; continue; }
            sb.Append(l.Value);
            right = Math.Max(right, l.EndBaseLine.X);
        }
        var text = TabSpaces().Replace(sb.ToString(), "\t");
        var lastVisible = visible[^1];
        return new PdfLine(text, letters[0].StartBaseLine.X, lastVisible.EndBaseLine.X, y, charWidth, page);
    }

    /// <summary>Blank lines where the vertical gap is larger than the usual line spacing; a line that was wrapped
    /// (the next line's first word would not have fitted before the right margin) joined with the next.</summary>
    private static ExportText Joined(List<PdfLine> lines, int pages, List<string> notes)
    {
        var left = lines.Min(l => l.Left);
        var right = lines.Max(l => l.Right);
        var gaps = new List<double>();
        for (var i = 1; i < lines.Count; i++)
            if (lines[i].Page == lines[i - 1].Page) gaps.Add(lines[i - 1].Y - lines[i].Y);
        gaps.Sort();
        var spacing = gaps.Count > 0 ? gaps[gaps.Count / 2] : 14;
        if (spacing <= 0) spacing = 14;

        var result = ImmutableArray.CreateBuilder<ExportLine>();
        var removed = 0;
        var n = 0;
        StringBuilder? current = null;
        PdfLine? previous = null;
        foreach (var line in lines)
        {
            // A wide indent right after a table row is the row's cell continuing; a small one is a list's nesting.
            var offset = (int)Math.Round((line.Left - left) / line.CharWidth);
            var afterRow = previous is not null && previous.Text.Contains('\t');
            var indented = offset >= 3 && afterRow;
            var text = indented ? "\t" + line.Text : new string(' ', Math.Clamp(offset, 0, 8)) + line.Text;
            var blanks = previous is not null && previous.Page == line.Page
                ? (int)Math.Round((previous.Y - line.Y) / spacing) - 1
                : 0;
            if (current is not null && previous is not null && blanks <= 0 && !indented
                && Wrapped(previous, line, right))
            {
                current.Append(' ').Append(text.TrimStart());
                previous = line;
                continue;
            }
            if (current is not null) result.Add(new ExportLine(TextExportReader.Clean(current.ToString(), ref removed),
                ++n, previous!.Page));
            for (var b = 0; b < Math.Min(blanks, 3); b++) result.Add(new ExportLine("", ++n, line.Page));
            current = new StringBuilder(text);
            previous = line;
        }
        if (current is not null)
            result.Add(new ExportLine(TextExportReader.Clean(current.ToString(), ref removed), ++n, previous!.Page));
        if (removed > 0) notes.Add($"{removed} styretegn er fjernet fra teksten.");
        return new ExportText(result.ToImmutable(), null, [.. notes]);
    }

    private static bool Wrapped(PdfLine previous, PdfLine next, double right)
    {
        if (previous.Text.Contains('\t') || next.Text.StartsWith('\t')) return false;
        if (Math.Abs(next.Left - previous.Left) > next.CharWidth && next.Left > previous.Left) return false;
        var firstWord = next.Text.TrimStart().Split(' ', 2)[0];
        return previous.Right + (firstWord.Length + 1) * next.CharWidth > right - 0.5 * next.CharWidth;
    }


    [GeneratedRegex(@" *\t *")]
    private static partial Regex TabSpaces();
}

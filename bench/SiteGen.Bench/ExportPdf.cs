using System.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace SiteGen.Bench;

/// <summary>Renders an export's text as the meeting system's PDF would hold it, for the import tests and the
/// import benchmark: a standard font (PdfPig's built-in Courier, 10 pt; see <see cref="Fold"/>) on A4, long lines
/// wrapped at the margin, tab-separated
/// cells set apart by a wide gap (a wrapped cell continues under its column), blank lines as vertical space,
/// several pages with a "Side n af m" footer.</summary>
public static class ExportPdf
{
    private const double FontSize = 10, CharWidth = 6, LineHeight = 12, Margin = 50, Gap = 4 * CharWidth;
    private const double PageWidth = 595, PageHeight = 842;
    private static readonly int Columns = (int)((PageWidth - 2 * Margin) / CharWidth);
    /// <summary>The text as PdfPig's built-in Courier can hold it (its encoding is Adobe's StandardEncoding): "å"
    /// written "aa" as Danish allows, other accented letters without their accent, anything else it lacks as
    /// "?". Tests compare the PDF import with the text import folded the same way.</summary>
    public static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Replace("å", "aa", StringComparison.Ordinal).Replace("Å", "Aa",
            StringComparison.Ordinal))
        {
            if (ch is '\t' or '\n' or '\r' || ch >= ' '
                && ch <= '~' || "æøÆØ–—‘’“”„•…§".Contains(ch)) { sb.Append(ch); continue; }
            var bare = ch.ToString().Normalize(NormalizationForm.FormD)[0];
            sb.Append(bare >= ' ' && bare <= '~' ? bare : ch == '\u00A0' ? ' ' : '?');
        }
        return sb.ToString();
    }

    private static readonly int Rows = (int)((PageHeight - 2 * Margin - 2 * LineHeight) / LineHeight);

    public static byte[] Render(string text)
    {
        var lines = Layout(text);
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Courier);
        var pages = Math.Max(1, (lines.Count + Rows - 1) / Rows);
        for (var p = 0; p < pages; p++)
        {
            var page = builder.AddPage(PageWidth, PageHeight);
            for (var r = 0; r < Rows && p * Rows + r < lines.Count; r++)
                foreach (var (x, s) in lines[p * Rows + r])
                    page.AddText(s, FontSize, new PdfPoint(Margin + x, PageHeight - Margin - r * LineHeight), font);
            page.AddText($"Side {p + 1} af {pages}", FontSize, new PdfPoint(PageWidth / 2 - 30, Margin / 2), font);
        }
        return builder.Build();
    }

    /// <summary>Each output line as text segments with their x offsets: paragraphs wrapped at
    /// <see cref="Columns"/>; a table row's cells one after another with a wide gap, its last cell wrapped under
    /// itself.</summary>
    private static List<List<(double X, string Text)>> Layout(string text)
    {
        var result = new List<List<(double, string)>>();
        foreach (var raw in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = Fold(raw).TrimEnd(' ');
            if (!line.Contains('\t'))
            {
                var indent = line.Length - line.TrimStart(' ').Length;
                foreach (var part in Wrap(line.TrimStart(' '), Columns - indent))
                    result.Add([(indent * CharWidth, part)]);
                if (line.Trim().Length == 0) result.Add([]);
                continue;
            }
            var cells = line.Split('\t');
            var first = new List<(double, string)>();
            var x = 0.0;
            for (var c = 0; c < cells.Length - 1; c++)
            {
                var cell = cells[c].Trim();
                if (cell.Length > 0) first.Add((x, cell));
                x += cell.Length * CharWidth + Gap;
            }
            var parts = Wrap(cells[^1].Trim(), Math.Max(20, Columns - (int)(x / CharWidth))).ToList();
            if (parts.Count > 0) first.Add((x, parts[0]));
            result.Add(first);
            foreach (var part in parts.Skip(1)) result.Add([(x, part)]);
        }
        return result;
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        if (text.Length == 0) yield break;
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }

    /// <summary>A synthetic export of about <paramref name="pages"/> pages in the seeds' format: header, table of
    /// contents, open and closed items with sections, tables and attachment lists, Bilagsoversigt, signature page.
    /// </summary>
    public static string SyntheticExport(int pages)
    {
        var sb = new StringBuilder();
        sb.Append("Direktionen\n\nREFERAT\n\nSted: Mødelokale 250, rådhuset\n\nDato: Onsdag den 13. november 2024\n\n");
        sb.Append("Start kl.: 9:00\n\nSlut kl.: 13:00\n\nMedlemmer: Kommunaldirektør Jonas Kroustrup\n");
        sb.Append("Velfærdsdirektør Lene Mehlsen Thomsen\n\nFraværende:\n\nIndholdsfortegnelse\n\n");
        var paragraph = "Direktionen drøfter status på udmøntningsplanen og de tværgående indsatser, herunder " +
            "økonomi, sygefravær, bosætning og digitalisering, og beslutter den videre proces for arbejdet i " +
            "koncernledelsen og fagudvalgene i det kommende halvår.";
        var overview = new StringBuilder("Bilagsoversigt\n\n");
        var nr = 0;
        while (sb.Length < pages * Rows * 32)
        {
            nr++;
            var closed = nr % 7 == 0;
            sb.Append($"{nr}. Punkt nummer {nr} om udmøntningsplanen\n\n{(closed ? "Lukket" : "Åben")} sag\n\n");
            sb.Append("Sagsgang\n\nDIR\n\nSagsfremstilling\n\n");
            for (var i = 0; i < 4; i++) sb.Append(paragraph).Append("\n\n");
            sb.Append("- Effektiviseringsbidrag og novembergreb\n- Ledelsesinformation generelt på hele kommunen\n\n");
            sb.Append("Tid\tPunkt\n9.00\t<p>Opsamling på møde i rådet.</p> <p>Borgmester deltager.</p>\n");
            sb.Append("10.30\tSundhedsreformen drøftes.\n\nIndstilling\n\nDet indstilles, at punktet drøftes.\n\n");
            sb.Append("Bilag:\n\n");
            sb.Append($"1\tÅben\tNotat om punkt {nr}\t{1000 + nr}/24\n2\tLukket\t\t\n\n");
            sb.Append("Beslutning i Direktionen den 13-11-2024\n\n").Append(paragraph).Append("\n\n");
            overview.Append($"{nr}. Punkt nummer {nr} om udmøntningsplanen\n  1. Notat om punkt {nr} " +
                $"({1000 + nr}/24)\n");
            overview.Append("  2. (Lukket bilag)\n");
        }
        sb.Append(overview).Append("\nUnderskriftsside\n\nKommunaldirektør Jonas Kroustrup\n");
        return sb.ToString();
    }
}

using System.Text;
using SiteGen.Validation;
using SiteGen.Diagnostics;

namespace SiteGen.Tests.Validation;

/// <summary>Rules about whole files: encoding, front matter, YAML, file names, duplicates, one run for all files.</summary>
public class FileRuleTests
{
    private const string P = TestInput.ReferatPath;

    private static (TestInput, ValidationResult) WithBytes(byte[] bytes, string path = P)
    {
        var input = new TestInput();
        input.WriteBytes(path, bytes);
        return (input, input.Run());
    }

    private static (TestInput, ValidationResult) WithText(string text, string path = P) => WithBytes(Encoding.UTF8.GetBytes(text), path);

    [Fact]
    public void Not_utf8_points_at_the_first_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes(TestInput.Valid.Replace("sted: Mødelokale", "sted: M@delokale")).ToList();
        var at = bytes.IndexOf((byte)'@');
        bytes[at] = 0xF8; // 'ø' in Latin-1
        var (input, result) = WithBytes([.. bytes]);
        using (input) Expect.One(result, "REF001", input.Shown(P), 6, 8);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        var (input, result) = WithText("");
        using (input) Expect.One(result, "REF002", input.Shown(P), 1, 1);
        var (input2, result2) = WithText(" \n\n");
        using (input2) Expect.One(result2, "REF002", input2.Shown(P), 1, 1);
    }

    [Fact]
    public void Missing_front_matter_is_an_error()
    {
        var (input, result) = WithText("## 1. Noget\n\n### Sagsfremstilling\n\nTekst.\n");
        using (input) Expect.One(result, "REF003", input.Shown(P), 1, 1);
    }

    [Fact]
    public void Unclosed_front_matter_is_an_error()
    {
        // Deliberate change (issue 14): the missing fence is placed before the first item heading (REF071); REF004
        // remains for front matter with no heading after it.
        var (input, result) = WithText(TestInput.Valid.Replace("---\n\n## 1.", "\n## 1."));
        using (input) Expect.One(result, "REF071", input.Shown(P), 34, 1);
        var (input2, result2) = WithText("---\nudvalg: Direktionen\n");
        using (input2) Expect.One(result2, "REF004", input2.Shown(P), 1, 1);
    }

    [Fact]
    public void Yaml_syntax_error_is_mapped_to_the_file_line()
    {
        var (input, result) = WithText(TestInput.Valid.Replace("sted: Mødelokale 250, rådhuset", "sted: \"Mødelokale 250, rådhuset"));
        using (input)
        {
            var d = result.Diagnostics.Single(d => d.Code == "REF005");
            Assert.Equal(input.Shown(P), d.File);
            Assert.InRange(d.Line, 6, 34); // the unterminated quote runs to the closing ---
            Assert.DoesNotContain("Idx:", d.Message);
        }
        var (input2, result2) = WithText(TestInput.Valid.Replace("sted: Mødelokale 250, rådhuset", "sted: [Mødelokale"));
        using (input2) Assert.Contains(result2.Diagnostics, d => d.Code == "REF005" && d.Line >= 6);
    }

    [Fact]
    public void Duplicate_key_is_a_yaml_error_at_the_second_key()
    {
        var (input, result) = WithText(TestInput.Valid.Replace("dato: 2024-11-13\n", "dato: 2024-11-13\ndato: 2024-11-14\n"));
        using (input) Expect.One(result, "REF005", input.Shown(P), 4, 1);
    }

    [Fact]
    public void Front_matter_that_is_a_list_is_an_error()
    {
        var (input, result) = WithText("---\n- udvalg: Direktionen\n---\n\n## 1. A\n");
        using (input) Expect.One(result, "REF006", input.Shown(P), 2, 1);
    }

    [Fact]
    public void File_name_date_must_equal_dato()
    {
        var (input, result) = WithText(TestInput.Valid, "referater/2024/2024-11-12-direktionen.md");
        using (input)
        {
            var d = Expect.One(result, "REF016", input.Shown("referater/2024/2024-11-12-direktionen.md"), 3, 7);
            Assert.Contains("2024-11-13-direktionen.md", d.Message);
        }
    }

    [Fact]
    public void Year_folder_must_equal_the_year()
    {
        var (input, result) = WithText(TestInput.Valid.Replace("fil: bilag/", "fil: ../2024/bilag/"), "referater/2023/2024-11-13-direktionen.md");
        using (input) Expect.One(result, "REF016", input.Shown("referater/2023/2024-11-13-direktionen.md"), 3, 7);
    }

    [Fact]
    public void File_name_slug_must_be_the_udvalg_slug()
    {
        var (input, result) = WithText(TestInput.Valid, "referater/2024/2024-11-13-oekonomiudvalget.md");
        using (input) Expect.One(result, "REF016", input.Shown("referater/2024/2024-11-13-oekonomiudvalget.md"), 2, 9);
    }

    [Fact]
    public void File_outside_the_year_folders_is_an_error()
    {
        var (input, result) = WithText(TestInput.Valid.Replace("fil: bilag/", "fil: 2024/bilag/"), "referater/2024-11-13-direktionen.md");
        using (input) Expect.One(result, "REF016", input.Shown("referater/2024-11-13-direktionen.md"), 3, 7);
    }

    [Fact]
    public void Two_files_for_the_same_meeting_error_on_the_later_naming_the_other()
    {
        using var input = new TestInput();
        input.Write(P, TestInput.Valid);
        input.Write("referater/2024/2024-11-13-direktionen.md.md", TestInput.Valid);
        var result = input.Run();
        var d = Expect.One(result, "REF017", input.Shown("referater/2024/2024-11-13-direktionen.md.md"), 3, 7);
        Assert.Contains(input.Shown(P), d.Message);
    }

    [Fact]
    public void Diagnostics_keep_file_order_and_their_place_in_the_file_when_files_are_checked_in_parallel()
    {
        // Many files, so the parallel check really interleaves; the report must read as if checked one by one.
        using var input = new TestInput();
        for (var day = 1; day <= 28; day++)
            input.Write($"referater/2024/2024-02-{day:00}-direktionen.md", TestInput.Valid.Replace("dato: 2024-11-13", $"dato: 2024-02-{day:00}").Replace("den 13-11-2024", $"den {day:00}-02-2024"));
        input.Write(P, TestInput.Valid);
        input.Write(P + ".md", TestInput.Valid);
        // A third copy with one error before the meeting's date is checked and one after (in an item).
        input.Write(P + ".md.md", TestInput.Valid.Replace("sted: Mødelokale", "type: møde\nsted: Mødelokale").Replace("sagsnr: 24/7615", "sagsnr: x"));
        var result = input.Run();
        var shown = result.Diagnostics.Where(d => d.IsError).Select(d => $"{d.Code} {d.File}").ToList();
        Assert.Equal([
            $"REF016 {input.Shown(P + ".md")}", // the odd file name, checked just before the date
            $"REF017 {input.Shown(P + ".md")}",
            $"{Codes.InvalidType} {input.Shown(P + ".md.md")}",
            $"REF016 {input.Shown(P + ".md.md")}",
            $"REF017 {input.Shown(P + ".md.md")}",
            $"{Codes.InvalidSagsnr} {input.Shown(P + ".md.md")}",
        ], shown);
        Assert.All(result.Diagnostics.Where(d => d.Code == "REF017"), d => Assert.Contains(input.Shown(P), d.Message));
    }

    [Fact]
    public void Bilag_file_that_is_a_link_to_outside_the_input_is_an_error()
    {
        // Was REF030 (outside); now every link is refused with REF052, whatever it points at.
        using var outside = new TestInput(null);
        var secret = outside.Write("hemmelig.pdf", "secret");
        using var input = new TestInput();
        File.CreateSymbolicLink(Path.Combine(input.Dir, "referater/2024/bilag/link.pdf"), secret);
        input.Write(P, TestInput.Valid.Replace("fil: bilag/108223-24.pdf", "fil: bilag/link.pdf"));
        Expect.One(input.Run(), "REF052", input.Shown(P), 30, 14);
    }

    [Fact]
    public void Deeply_nested_markdown_is_a_diagnostic()
    {
        var (input, result) = WithText(TestInput.Valid.Replace("Godkendt.", new string('>', 20000) + " x"));
        using (input) Expect.One(result, "REF051", input.Shown(P), 67, 1);
    }

    [Fact]
    public void Bom_crlf_and_decomposed_letters_are_accepted()
    {
        var text = TestInput.Valid.Replace("status: åben", "status: a\u030Aben").Replace("\n", "\r\n");
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var (input, result) = WithBytes(bytes);
        using (input) Expect.Clean(result);
        Assert.Equal(SiteGen.Content.PunktStatus.Aaben, result.Referater[0].Punkter[0].Status);
    }

    [Fact]
    public void Positions_stay_right_with_crlf_and_bom()
    {
        var text = TestInput.Valid.Replace("dato: 2024-11-13", "dato: 2024-02-30").Replace("\n", "\r\n");
        var (input, result) = WithBytes([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);
        using (input) Expect.One(result, "REF010", input.Shown(P), 3, 7);
    }

    [Fact]
    public void All_files_and_all_problems_are_reported_in_one_run()
    {
        using var input = new TestInput();
        input.Write(P, TestInput.Valid.Replace("    status: lukket\n    offentlig", "    staus: lukket\n    offentlig").Replace("### Indstilling", "### Indstiling"));
        input.WriteBytes("referater/2024/2024-11-20-direktionen.md", [0x2D, 0x2D, 0x2D, 0x0A, 0xFF]);
        input.Write("referater/2024/2024-11-27-direktionen.md", TestInput.Valid.Replace("dato: 2024-11-13", "dato: 2024-11-27").Replace("den 13-11-2024", "den 27-11-2024").Replace("fil: bilag/108223-24.pdf", "fil: bilag/mangler.pdf"));
        input.Write("referater/2024/2024-12-04-oekonomiudvalget.md", TestInput.Valid.Replace("dato: 2024-11-13", "dato: 2024-12-04").Replace("udvalg: Direktionen", "udvalg: Økonomiudvalget").Replace("i Direktionen den 13-11-2024", "i Økonomiudvalget den 04-12-2024"));
        var result = input.Run();

        Expect.At(result, "REF007", input.Shown(P), 18, 5);
        Expect.At(result, "REF008", input.Shown(P), 17, 5);
        Expect.At(result, "REF040", input.Shown(P), 61, 1);
        Expect.At(result, "REF001", input.Shown("referater/2024/2024-11-20-direktionen.md"), 2, 1);
        Expect.At(result, "REF029", input.Shown("referater/2024/2024-11-27-direktionen.md"), 30, 14);
        Assert.DoesNotContain(result.Diagnostics, d => d.File.EndsWith("oekonomiudvalget.md", StringComparison.Ordinal));
        Assert.True(5 == result.Diagnostics.Count(d => d.IsError), string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Referater); // never a half-valid model
        Assert.NotNull(result.Config);
    }

    [Fact]
    public void Diagnostic_prints_in_compiler_form()
    {
        var (input, result) = TestInput.Mutated("dato: 2024-11-13", "dato: 2024-02-30");
        using (input)
            Assert.Equal($"{input.Shown(P)}(3,7): error REF010: 'dato' i mødet skal være en rigtig dato skrevet år-måned-dag, fx 2024-11-13, ikke '2024-02-30'.",
                result.Diagnostics.Single().ToString());
    }
}

using System.Diagnostics;
using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>Every input is an ordinary file of bounded size inside the input folder, reached without a link, and
/// an attachment is an allowed type in a year's bilag folder. Hostile files (pipes, links to devices or to
/// outside the input, referat sources named as attachments) end in a diagnostic, never a hang or a leak.</summary>
public class InputFileTests
{
    private const string P = TestInput.ReferatPath;
    private const string Fil = "fil: bilag/108223-24.pdf";

    private static void MakeFifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    /// <summary>Validates on another thread: a regression (a pipe opened) fails the test instead of hanging the run.</summary>
    private static ValidationResult RunWithoutHanging(TestInput input)
    {
        var run = Task.Run(input.Run);
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "validation hung on the input");
        return run.Result;
    }

    [Fact]
    public void A_named_pipe_as_a_referat_is_an_error_and_does_not_hang()
    {
        using var input = new TestInput();
        input.Write(P, TestInput.Valid);
        MakeFifo(Path.Combine(input.Dir, "referater/2024/2024-11-20-direktionen.md"));
        var result = RunWithoutHanging(input);
        var d = Expect.One(result, "REF053", input.Shown("referater/2024/2024-11-20-direktionen.md"), 1, 1);
        Assert.Contains("navngiven pipe", d.Message);
    }

    [Fact]
    public void A_referat_that_is_a_link_to_dev_zero_is_refused_without_reading_it()
    {
        using var input = new TestInput();
        File.CreateSymbolicLink(Path.Combine(input.Dir, P), "/dev/zero");
        var d = Expect.One(RunWithoutHanging(input), "REF052", input.Shown(P), 1, 1);
        Assert.Contains("symbolsk link", d.Message);
    }

    [Fact]
    public void A_referat_that_is_a_link_to_a_good_referat_inside_the_input_is_an_error_too()
    {
        using var input = new TestInput();
        var real = input.Write("noter/original.md", TestInput.Valid);
        File.CreateSymbolicLink(Path.Combine(input.Dir, P), real);
        Expect.One(input.Run(), "REF052", input.Shown(P), 1, 1);
    }

    [Fact]
    public void A_linked_year_folder_is_an_error_and_its_referater_are_not_read()
    {
        using var outside = new TestInput(null);
        outside.Write("2024-11-13-direktionen.md", TestInput.Valid);
        using var input = new TestInput();
        Directory.Delete(Path.Combine(input.Dir, "referater/2024"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(input.Dir, "referater/2024"), outside.Dir);
        var result = input.Run();
        Expect.One(result, "REF052", input.Shown("referater/2024"), 1, 1);
        Assert.Empty(result.Referater);
    }

    [Fact]
    public void A_referat_larger_than_2_MB_is_an_error()
    {
        using var input = new TestInput();
        var path = input.Write(P, TestInput.Valid);
        using (var f = new FileStream(path, FileMode.Append)) f.SetLength(2L * 1024 * 1024 + 1);
        var d = Expect.One(input.Run(), "REF054", input.Shown(P), 1, 1);
        Assert.Contains("2 MB", d.Message);
    }

    [Fact]
    public void A_referat_just_under_2_MB_is_read()
    {
        using var input = new TestInput();
        var text = TestInput.Valid.Replace("Godkendt.", "Godkendt." + new string(' ', 2 * 1024 * 1024 - TestInput.Valid.Length - 40) + "x");
        input.Write(P, text);
        Assert.DoesNotContain(input.Run().Diagnostics, d => d.Code == "REF054");
    }

    [Fact]
    public void A_named_pipe_as_site_yml_is_an_error_and_does_not_hang()
    {
        using var input = new TestInput(null);
        MakeFifo(Path.Combine(input.Dir, "site.yml"));
        input.Write(P, TestInput.Valid);
        Expect.One(RunWithoutHanging(input), "SITE002", input.Shown("site.yml"), 1, 1);
    }

    [Fact]
    public void A_named_pipe_as_fil_is_an_error_and_does_not_hang()
    {
        using var input = new TestInput();
        MakeFifo(Path.Combine(input.Dir, "referater/2024/bilag/pipe.pdf"));
        input.Write(P, TestInput.Valid.Replace(Fil, "fil: bilag/pipe.pdf"));
        Expect.One(RunWithoutHanging(input), "REF053", input.Shown(P), 30, 14);
    }

    [Fact]
    public void A_referat_source_named_as_fil_is_an_error()
    {
        using var input = new TestInput();
        input.Write("referater/2025/2025-04-09-direktionen.md", "---\nudvalg: Direktionen\n---\n");
        input.Write(P, TestInput.Valid.Replace(Fil, "fil: ../2025/2025-04-09-direktionen.md"));
        var d = Expect.One(input.Run(), "REF055", input.Shown(P), 30, 14);
        Assert.Contains("Markdown", d.Message);

        using var own = new TestInput();
        own.Write(P, TestInput.Valid.Replace(Fil, "fil: 2024-11-13-direktionen.md"));
        Expect.One(own.Run(), "REF055", own.Shown(P), 30, 14);
    }

    [Theory]
    [InlineData("side.html")]
    [InlineData("side.htm")]
    [InlineData("script.js")]
    [InlineData("tegning.svg")]
    [InlineData("data.xml")]
    [InlineData("arkiv.zip")]
    [InlineData("noter.md")]
    [InlineData("uden-endelse")]
    [InlineData("side.pdf.html")]
    public void An_attachment_of_a_type_a_browser_could_run_or_that_is_not_listed_is_an_error(string name)
    {
        using var input = new TestInput();
        input.Write("referater/2024/bilag/" + name, "<script>alert(1)</script>");
        input.Write(P, TestInput.Valid.Replace(Fil, "fil: bilag/" + name));
        var d = Expect.One(input.Run(), "REF055", input.Shown(P), 30, 14);
        Assert.Contains(".pdf", d.Message);
        Assert.Contains(".docx", d.Message);
    }

    [Theory]
    [InlineData("notat.PDF")]
    [InlineData("tabel.xlsx")]
    [InlineData("foto.jpeg")]
    [InlineData("billede.webp")]
    [InlineData("liste.csv")]
    [InlineData("brev.rtf")]
    [InlineData("oplæg.odp")]
    [InlineData("undermappe/notat.pdf")]
    public void An_attachment_of_an_allowed_type_in_the_bilag_folder_is_accepted(string name)
    {
        using var input = new TestInput();
        input.Write("referater/2024/bilag/" + name, "indhold");
        input.Write(P, TestInput.Valid.Replace(Fil, "fil: bilag/" + name));
        Expect.Clean(input.Run());
    }

    [Fact]
    public void An_attachment_of_another_years_bilag_folder_is_accepted()
    {
        using var input = new TestInput();
        input.Write("referater/2023/bilag/gammel.pdf", "indhold");
        input.Write(P, TestInput.Valid.Replace(Fil, "fil: ../2023/bilag/gammel.pdf"));
        Expect.Clean(input.Run());
    }

    [Theory]
    [InlineData("referater/2024/notat.pdf", "notat.pdf")]           // beside the referat
    [InlineData("referater/bilag/notat.pdf", "../bilag/notat.pdf")]  // not in a year folder
    [InlineData("andet/notat.pdf", "../../andet/notat.pdf")]         // elsewhere in the input
    [InlineData("assets/notat.pdf", "../../assets/notat.pdf")]
    public void An_attachment_outside_a_years_bilag_folder_is_an_error(string file, string fil)
    {
        using var input = new TestInput();
        input.Write(file, "indhold");
        input.Write(P, TestInput.Valid.Replace(Fil, "fil: " + fil));
        var d = Expect.One(input.Run(), "REF056", input.Shown(P), 30, 14);
        Assert.Contains("input/referater/<åååå>/bilag/", d.Message);
    }

    [Fact]
    public void An_attachment_through_a_linked_folder_anywhere_on_its_path_is_an_error()
    {
        // The old hole: only the file and its own folder were resolved; a linked folder higher up let a file
        // from outside the input be copied.
        using var outside = new TestInput(null);
        outside.Write("fortroligt/hemmelig.pdf", "secret");
        using var linkedSub = new TestInput();
        File.CreateSymbolicLink(Path.Combine(linkedSub.Dir, "referater/2024/bilag/ekstern"), Path.Combine(outside.Dir, "fortroligt"));
        linkedSub.Write(P, TestInput.Valid.Replace(Fil, "fil: bilag/ekstern/hemmelig.pdf"));
        var result = linkedSub.Run();
        Expect.At(result, "REF052", linkedSub.Shown(P), 30, 14);
        Expect.At(result, "REF052", linkedSub.Shown("referater/2024/bilag/ekstern"), 1, 1); // the folder link itself
        Assert.Empty(result.Referater);

        using var linkedBilag = new TestInput();
        Directory.Delete(Path.Combine(linkedBilag.Dir, "referater/2024/bilag"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(linkedBilag.Dir, "referater/2024/bilag"), Path.Combine(outside.Dir, "fortroligt"));
        linkedBilag.Write(P, TestInput.Valid.Replace(Fil, "fil: bilag/hemmelig.pdf"));
        var linked = linkedBilag.Run();
        var d = Expect.At(linked, "REF052", linkedBilag.Shown(P), 30, 14);
        Expect.At(linked, "REF052", linkedBilag.Shown("referater/2024/bilag"), 1, 1);
        Assert.Contains(linkedBilag.Shown("referater/2024/bilag"), d.Message);
    }

    [Fact]
    public void An_attachment_larger_than_100_MB_is_an_error()
    {
        using var input = new TestInput();
        var path = input.Write("referater/2024/bilag/stor.pdf", "x");
        using (var f = new FileStream(path, FileMode.Append)) f.SetLength(100L * 1024 * 1024 + 1);
        input.Write(P, TestInput.Valid.Replace(Fil, "fil: bilag/stor.pdf"));
        Expect.One(input.Run(), "REF054", input.Shown(P), 30, 14);
    }
}

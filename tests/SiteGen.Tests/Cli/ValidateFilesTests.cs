using SiteGen.Cli;

namespace SiteGen.Tests.Cli;

/// <summary>`validate FILE...` checks the named referater (with the rest of the archive for the rules across
/// files), counts what it checked, and refuses odd arguments with a clear Danish message; `validate --report FILE`
/// reports one meeting, with relative paths, and says when it skipped a file.</summary>
public sealed class ValidateFilesTests : IDisposable
{
    private readonly string _input = TestPaths.CopyOfInput();
    private readonly string _outside =
        Path.Combine(Path.GetTempPath(), "sitegen-outside-" + Guid.NewGuid().ToString("N"));

    private string Referat2024 => Path.Combine(_input, "referater", "2024", "2024-11-13-direktionen.md");
    private string Referat2023 => Path.Combine(_input, "referater", "2023", "2023-09-06-direktionen.md");

    public void Dispose()
    {
        foreach (var dir in new[] { _input, _outside })
            try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    private (int Code, string Out, string Err) Validate(params string[] files) =>
        Run(["validate", "--input", _input, .. files]);

    private static (int Code, string Out, string Err) Run(string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string Shown(string full) =>
        Path.GetRelativePath(Environment.CurrentDirectory, full).Replace('\\', '/');

    private void Break(string file) =>
        File.WriteAllText(file, File.ReadAllText(file).Replace("status: åben", "staus: åben"));

    [Fact]
    public void Validate_counts_every_file_it_read_also_when_one_has_errors()
    {
        Break(Referat2024);
        var (code, output, _) = Validate();
        Assert.Equal(Program.InputErrors, code);
        var files = Directory.GetFiles(Path.Combine(_input, "referater"), "*.md", SearchOption.AllDirectories).Length;
        Assert.Contains($"{files} referater kontrolleret: ", output);
        Assert.DoesNotContain("0 referater", output);
    }

    [Fact]
    public void One_good_file_is_checked_alone_and_the_errors_of_other_files_are_only_counted()
    {
        Break(Referat2024);
        var (code, output, err) = Validate(Referat2023);
        Assert.True(code == Program.Ok, err);
        Assert.DoesNotContain("2024-11-13-direktionen.md", err);
        Assert.Contains("1 referat kontrolleret: 0 fejl, ", output);
        Assert.Contains(" i andre filer er ikke vist.)", output);
    }

    [Fact]
    public void One_bad_file_shows_its_own_errors_and_exits_1()
    {
        Break(Referat2024);
        var (code, output, err) = Validate(Referat2024);
        Assert.Equal(Program.InputErrors, code);
        Assert.Contains($"{Shown(Referat2024)}(", err);
        Assert.Contains("error REF007", err);
        Assert.DoesNotContain("2023-09-06-direktionen.md", err);
        Assert.Matches(@"^1 referat kontrolleret: [1-9]\d* fejl, \d+ advars",
            output.Split('\n').Last(l => l.Length > 0));
    }

    [Fact]
    public void A_file_named_twice_or_by_a_relative_path_with_dots_is_checked_once()
    {
        var dotted = Path.Combine(_input, "referater", "2024", "..", "2024", "2024-11-13-direktionen.md");
        var (code, output, err) = Validate(Referat2024, dotted);
        Assert.True(code == Program.Ok, err);
        Assert.Contains("1 referat kontrolleret: 0 fejl, 0 advarsler.", output);
    }

    [Fact]
    public void A_second_file_for_the_same_meeting_is_reported_when_either_file_is_checked()
    {
        var copy = Path.Combine(_input, "referater", "2024", "2024-11-13-direktionen-kopi.md");
        File.Copy(Referat2024, copy);
        foreach (var file in new[] { Referat2024, copy })
        {
            var (code, _, err) = Validate(file);
            Assert.Equal(Program.InputErrors, code);
            Assert.Contains("REF017", err);
        }
    }

    [Fact]
    public void The_report_of_one_meeting_lists_only_it_and_says_first_that_it_shows_closed_titles_with_relative_paths()
    {
        var bilag = Path.Combine(_input, "referater", "2024", "bilag");
        Directory.CreateDirectory(bilag);
        File.WriteAllText(Path.Combine(bilag, "fortrolig.pdf"), "%PDF-1.4");
        File.WriteAllText(Referat2024, File.ReadAllText(Referat2024).Replace(
            "      - nr: 4\n        status: lukket\n",
            "      - nr: 4\n        status: lukket\n        titel: Fortroligt notat\n" +
            "        fil: bilag/fortrolig.pdf\n"));
        var (code, output, err) = Validate("--report", "-", Referat2024);
        Assert.True(code == Program.Ok, err);
        var lines = output.Split('\n');
        Assert.StartsWith("Ikke udgivet: denne rapport viser med vilje lukkede titler", lines[0]);
        Assert.Contains("Fortroligt notat", output);
        Assert.Contains($"fil {Shown(Path.Combine(bilag, "fortrolig.pdf"))} (kopieres ikke)", output);
        Assert.DoesNotContain("fil /", output); // no absolute path
        Assert.DoesNotContain("2023-09-06", output);       // only the meeting asked for
    }

    [Fact]
    public void The_report_says_plainly_that_a_file_with_errors_was_skipped()
    {
        Break(Referat2024);
        var (code, output, _) = Validate("--report", "-", Referat2024);
        Assert.Equal(Program.InputErrors, code);
        Assert.Contains("sprunget over, fordi den har fejl", output);
        Assert.Contains(Shown(Referat2024), output);

        // The whole archive: the good meetings are reported, the bad one is named as skipped.
        var (allCode, all, _) = Validate("--report", "-");
        Assert.Equal(Program.InputErrors, allCode);
        Assert.Contains("Direktionen 2023-09-06", all);
        Assert.Contains("sprunget over", all);
    }

    public static TheoryData<string, string> OddArguments => new()
    {
        { "{input}/..", "ligger ikke i referat-mappen" },
        { "{input}/referater/../site.yml", "ligger ikke i referat-mappen" },
        { "{input}/referater/2024", "er en mappe" },
        { "{input}/referater", "ligger ikke i referat-mappen" },
        { "{input}/referater/2024/findes-ikke.md", "findes ikke" },
        { "{input}/referater/2024/med mellemrum.md", "findes ikke" },
        { "{input}/referater/2024/linje\nskift.md", "findes ikke" },
        { "{input}/referater/2024/noter.txt", "er ikke en referat-fil" },
        { "/etc/passwd", "ligger ikke i referat-mappen" },
        { "", "tomt filnavn" },
        { "{input}/referater/2024/nul\0tegn.md", "ugyldigt filnavn" },
    };

    [Theory]
    [MemberData(nameof(OddArguments))]
    public void Odd_file_arguments_are_refused_in_Danish_with_exit_2(string argument, string expected)
    {
        File.WriteAllText(Path.Combine(_input, "referater", "2024", "noter.txt"), "noter");
        var (code, output, err) = Validate(argument.Replace("{input}", _input));
        Assert.Equal(Program.Usage, code);
        Assert.Contains(expected, err);
        Assert.Contains("sitegen --help", err);
        Assert.Equal("", output);
        Assert.Equal(2, err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // a newline is shown as \n
    }

    [Fact]
    public void A_file_with_spaces_in_its_name_is_checked_and_gets_the_file_name_error()
    {
        var odd = Path.Combine(_input, "referater", "2024", "2024-11-13 direktionen.md");
        File.Move(Referat2024, odd);
        var (code, _, err) = Validate(odd);
        Assert.Equal(Program.InputErrors, code);
        Assert.Contains($"{Shown(odd)}(", err);
    }

    [Fact]
    public void A_linked_file_is_checked_and_refused_as_a_link_and_a_linked_folder_is_a_usage_error()
    {
        Directory.CreateDirectory(_outside);
        File.Copy(Referat2024, Path.Combine(_outside, "2024-12-04-direktionen.md"));
        var link = Path.Combine(_input, "referater", "2024", "2024-12-04-direktionen.md");
        File.CreateSymbolicLink(link, Path.Combine(_outside, "2024-12-04-direktionen.md"));
        var (code, _, err) = Validate(link);
        Assert.Equal(Program.InputErrors, code);
        Assert.Contains($"{Shown(link)}(1,1): error REF052", err);

        File.Delete(link);
        var folder = Path.Combine(_input, "referater", "2026");
        File.CreateSymbolicLink(folder, _outside);
        var (linkedCode, _, linkedErr) = Validate(Path.Combine(folder, "2024-12-04-direktionen.md"));
        Assert.Equal(Program.Usage, linkedCode);
        Assert.Contains("symbolsk link", linkedErr);
    }

    [Fact]
    public void Other_commands_take_no_file_names()
    {
        var (code, _, err) = Run(["build", "--input", _input, Referat2024]);
        Assert.Equal(Program.Usage, code);
        Assert.Contains("kun 'validate' tager filnavne", err);
    }
}

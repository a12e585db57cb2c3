using SiteGen.Cli;

namespace SiteGen.Tests.Validation;

/// <summary>`sitegen validate` on the fixture folders: exit code and the canonical lines a secretary sees.</summary>
public class ValidateCommandTests
{
    private static string Fixture(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SiteGen.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "SiteGen.Tests", "Fixtures", "validation", name);
    }

    private static (int Code, string[] Err, string Out) Validate(string input)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["validate", "--input", input], stdout, stderr);
        return (code, stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), stdout.ToString());
    }

    [Fact]
    public void Valid_fixture_passes()
    {
        var (code, err, output) = Validate(Fixture("valid"));
        Assert.Equal(0, code);
        Assert.Empty(err);
        Assert.Contains("1 referat kontrolleret: 0 fejl, 0 advarsler.", output);
    }

    [Fact]
    public void Broken_fixture_reports_every_problem_in_compiler_form_and_exits_1()
    {
        var (code, err, _) = Validate(Fixture("broken"));
        Assert.Equal(1, code);
        var file = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(Fixture("broken"), "referater/2024/2024-11-20-direktionen.md")).Replace('\\', '/');
        string[] expected =
        [
            $"{file}(3,7): error REF016: 'dato' er 2024-11-13, men filen hedder 'referater/2024/2024-11-20-direktionen.md'. Ret 'dato', eller omdøb filen til 'referater/2024/2024-11-13-direktionen.md'.",
            $"{file}(17,5): error REF008: Punkt 2 mangler feltet 'status'. Skriv 'status: åben' eller 'status: lukket'. Uden den kan punktet ikke offentliggøres.",
            $"{file}(17,5): error REF036: Punkt 2 i 'punkter' har ingen overskrift i teksten. Tilføj '## 2. <titel>' med sine afsnit, eller slet punktet i 'punkter'.",
            $"{file}(18,5): error REF007: Ukendt felt 'staus' i punkt 2. Mente du 'status'?",
        ];
        foreach (var line in expected) Assert.Contains(line, err);
        Assert.Contains(err, l => l.StartsWith($"{file}(30,14): error REF029:", StringComparison.Ordinal));
        Assert.Contains(err, l => l.StartsWith($"{file}(53,1): error REF038: '### 2. Ansættelse af ny direktør' ligner en punktoverskrift", StringComparison.Ordinal));
        Assert.DoesNotContain(err, l => l.Contains("   at ", StringComparison.Ordinal)); // never a stack trace
    }
}

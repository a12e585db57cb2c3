using SiteGen.Diagnostics;

namespace SiteGen.Tests.Validation;

/// <summary>REF017 (issue 14, item 8): two files for the same meeting. The message names both files; the error is
/// on the file whose name breaks the path rule (the copy), whichever name sorts first, or on every file when none
/// (or more than one) follows the rule.</summary>
public class DuplicateMeetingTests
{
    private const string P = TestInput.ReferatPath;

    [Fact]
    public void The_copy_is_blamed_even_when_its_name_sorts_first()
    {
        using var input = new TestInput();
        const string copy = "referater/2024/2024-11-13-a-kopi.md"; // sorts before ...-direktionen.md
        input.Write(P, TestInput.Valid);
        input.Write(copy, TestInput.Valid);
        var result = input.Run();
        var d = Expect.One(result, Codes.DuplicateMeeting, input.Shown(copy), 3, 7);
        Assert.Contains($"'{input.Shown(copy)}'", d.Message);
        Assert.Contains($"'{input.Shown(P)}'", d.Message);
        Assert.Contains("Mødet i Direktionen den 2024-11-13", d.Message);
        Assert.Contains(P, d.Message); // the name this meeting's file must have
        Assert.DoesNotContain(result.Diagnostics, x => x.File == input.Shown(P));
    }

    [Fact]
    public void Every_file_is_blamed_when_none_follows_the_path_rule()
    {
        using var input = new TestInput();
        const string first = "referater/2024/2024-11-13-b.md", second = "referater/2024/2024-11-13-a.md";
        input.Write(first, TestInput.Valid);
        input.Write(second, TestInput.Valid);
        var result = input.Run();
        var a = Expect.At(result, Codes.DuplicateMeeting, input.Shown(first), 3, 7);
        var b = Expect.At(result, Codes.DuplicateMeeting, input.Shown(second), 3, 7);
        foreach (var d in new[] { a, b })
        {
            Assert.Contains(input.Shown(first), d.Message);
            Assert.Contains(input.Shown(second), d.Message);
        }
        Assert.Equal(2, result.Diagnostics.Count(x => x.Code == Codes.DuplicateMeeting));
    }

    [Fact]
    public void Three_files_of_one_meeting_each_copy_names_the_others()
    {
        using var input = new TestInput();
        input.Write(P, TestInput.Valid);
        input.Write("referater/2024/0-kopi.md", TestInput.Valid);
        input.Write("referater/2024/zz-kopi.md", TestInput.Valid);
        var result = input.Run();
        var blamed = result.Diagnostics.Where(x => x.Code == Codes.DuplicateMeeting).ToList();
        Assert.Equal(2, blamed.Count);
        Assert.All(blamed, d => Assert.Contains(input.Shown(P), d.Message));
        Assert.DoesNotContain(blamed, d => d.File == input.Shown(P));
    }
}

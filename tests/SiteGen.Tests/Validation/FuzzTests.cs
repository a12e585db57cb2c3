using System.Text;
using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

/// <summary>Bad input of every kind gives diagnostics, never an exception (and never REF000).</summary>
public class FuzzTests
{
    private static void Check(TestInput input, byte[] bytes)
    {
        input.WriteBytes(TestInput.ReferatPath, bytes);
        var result = input.Run(); // must not throw
        Assert.DoesNotContain(result.Diagnostics, d => d.Code is "REF000" or "SITE000");
        if (result.HasErrors) Assert.Empty(result.Referater);
        Assert.All(result.Diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString()));
    }

    [Fact]
    public void Random_bytes()
    {
        var rng = new Random(20241113);
        using var input = new TestInput();
        for (var i = 0; i < 60; i++)
        {
            var bytes = new byte[rng.Next(0, 400)];
            rng.NextBytes(bytes);
            if (i % 2 == 0) bytes = [.. "---\n"u8, .. bytes]; // get past the front matter check
            Check(input, bytes);
        }
    }

    [Fact]
    public void Every_truncation_of_a_valid_file()
    {
        var valid = Encoding.UTF8.GetBytes(TestInput.Valid);
        using var input = new TestInput();
        for (var n = 0; n < valid.Length; n += 5) Check(input, valid[..n]);
    }

    [Fact]
    public void Byte_flips()
    {
        var rng = new Random(42);
        var valid = Encoding.UTF8.GetBytes(TestInput.Valid);
        using var input = new TestInput();
        for (var i = 0; i < 150; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (var k = rng.Next(1, 4); k > 0; k--) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
            Check(input, bytes);
        }
    }

    [Fact]
    public void Odd_yaml_and_markdown_tokens_inserted_anywhere()
    {
        string[] tokens = ["&a ", "*a", "!!int ", "!!binary ", "[", "]", "{", "}", ": ", "- ", "\"", "'", "|\n", ">\n", "\t", "? ",
            "<<: *a\n", "99999999999999999999999", "---\n", "...\n", "\n## 4. X\n", "\n### 5. Y\n", "\n# Z\n", "<script>", "~", "null", "\u00A0", "\u0000", "\uFEFF"];
        var rng = new Random(7);
        using var input = new TestInput();
        for (var i = 0; i < 200; i++)
        {
            var text = TestInput.Valid;
            for (var k = rng.Next(1, 4); k > 0; k--)
            {
                var at = rng.Next(text.Length);
                text = text[..at] + tokens[rng.Next(tokens.Length)] + text[at..];
            }
            Check(input, Encoding.UTF8.GetBytes(text));
        }
    }

    [Theory]
    [InlineData("x: &a [*a]")]
    [InlineData("? &a [*a] : 1")]
    [InlineData("? [a, b] : 1")]
    [InlineData("punkter: &p\n  - nr: 1\n    status: åben\n    bilag: *p")]
    [InlineData("udvalg: !!binary aGVsbG8=\ndato: !!timestamp 2024-11-13")]
    [InlineData("medlemmer: {a: 1}\npunkter: 5\nfraværende: [[x]]\nrettelser: [1, [2]]")]
    [InlineData("punkter:\n  - 1\n  - [nr]\n  - nr: {a: b}\n    bilag: x")]
    [InlineData("punkter:\n  - nr: 1\n    bilag:\n      - 1\n      - nr: -1\n        status: [åben]\n        fil: \"\\0\"")]
    [InlineData("a: *unknown")]
    [InlineData("'\\u0000': x")]
    public void Odd_yaml_gives_diagnostics(string yaml)
    {
        using var input = new TestInput();
        Check(input, Encoding.UTF8.GetBytes($"---\n{yaml}\n---\n\n## 1. A\n\n### Beslutning\n\nx\n"));
        Assert.True(input.Run().HasErrors);
    }

    [Fact]
    public void Deep_nesting_in_yaml_and_markdown()
    {
        using var input = new TestInput();
        Check(input, Encoding.UTF8.GetBytes("---\nx: " + new string('[', 10000) + "\n---\n"));
        Check(input, Encoding.UTF8.GetBytes(TestInput.Valid.Replace("Godkendt.", new string('[', 50000))));
        Check(input, Encoding.UTF8.GetBytes(TestInput.Valid.Replace("Godkendt.", string.Concat(Enumerable.Repeat("- ", 5000)))));
        Check(input, Encoding.UTF8.GetBytes(TestInput.Valid.Replace("offentlig_titel: Personalesag", "offentlig_titel: Personalesag\n    offentlig_beslutning: \"" + new string('>', 20000) + "\"")));
    }
}

using System.Text;
using System.Text.Json;
using SiteGen.Data;

namespace SiteGen.Tests.Data;

/// <summary>A case's own file (data/sager/&lt;nr&gt;.json) is made from its entry of data/sager.json, the list's indent
/// taken out (<see cref="OpenDataWriter.Unindented"/>), instead of a second serialisation: the same bytes as the
/// document written on its own, also when the entry comes from a damaged cache file.</summary>
public sealed class CaseFileTests() : SampleWorkspace("sitegen-casefile-")
{
    /// <summary>Objects with what could confuse a line-based rewrite: line breaks, indents and "\n    " in values and
    /// names, CR, tabs, quotes, non-ASCII letters, emoji, a lone surrogate, empty and nested arrays and objects.
    /// </summary>
    public static TheoryData<string> Values() =>
    [
        "plain", "", "a\nb", "\n    {", "x\n    \n    y", "\r\n", "\t tab", "\"quoted\" \\ back", "Æblegrød på Ørsted",
        "😀 emoji", "lone \ud800 surrogate", "<b>html</b> & co", new string(' ', 300) + "\n",
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void An_entry_unindented_is_the_document_written_on_its_own(string value)
    {
        void Write(Utf8JsonWriter j)
        {
            j.WriteStartObject();
            j.WriteString("id", value);
            j.WriteString(value.Length > 0 ? value : "k", value);
            j.WriteNumber("n", 7);
            j.WriteStartArray("empty");
            j.WriteEndArray();
            j.WriteStartObject("none");
            j.WriteEndObject();
            j.WriteStartArray("list");
            j.WriteStartObject();
            j.WriteString("inner", value);
            j.WriteStartArray("deeper");
            j.WriteStringValue(value);
            j.WriteNumberValue(1);
            j.WriteEndArray();
            j.WriteEndObject();
            j.WriteStringValue(value);
            j.WriteEndArray();
            j.WriteBoolean("b", true);
            j.WriteEndObject();
        }

        var entry = OpenDataWriter.Entry(Write);
        Assert.Equal(OpenDataWriter.Bytes(Write), OpenDataWriter.Unindented(entry));
    }

    [Fact]
    public void An_entry_of_another_shape_is_refused()
    {
        Assert.Null(OpenDataWriter.Unindented("{}"u8));                          // no line break and indent first
        Assert.Null(OpenDataWriter.Unindented("\n  {}"u8));                      // the indent of another depth
        Assert.Null(OpenDataWriter.Unindented("\n    {\n  \"a\": 1\n    }"u8)); // a line with less indent
        Assert.Null(OpenDataWriter.Unindented("\n    {\n"u8));                   // cut short after a line break
        Assert.Equal("{}\n"u8.ToArray(), OpenDataWriter.Unindented("\n    {}"u8));
    }

    [Fact]
    public void Every_case_file_of_the_sample_is_its_entry_of_the_case_list()
    {
        SiteFiles.Build(Input, Output, null, clean: true);
        using var list = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Output, "data", "sager.json")));
        var entries = list.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            var file = Path.Combine(Output, "data", "sager", entry.GetProperty("reference").GetString()!
                .Replace('/', '-') + ".json");
            // The list's bytes of the entry (as Entry writes it: its line break and indent first), unindented.
            var asListed = Encoding.UTF8.GetBytes("\n    " + entry.GetRawText());
            Assert.Equal(OpenDataWriter.Unindented(asListed), File.ReadAllBytes(file));
        }
    }

    /// <summary>The case files made again (their output deleted) while fragments.bin's parts are damaged (bytes of
    /// the parts changed under an intact index, the file cut short, a part's bytes swapped for another part's of the
    /// same length): every build is the clean one.</summary>
    [Fact]
    public void Case_files_made_from_a_damaged_cache_file_are_the_clean_builds()
    {
        SiteFiles.Build(Input, Output, Cache, clean: true);
        var cacheFile = Path.Combine(Cache, Fragments.FileName);
        var damages = new (string What, Action<byte[]> Damage)[]
        {
            ("parts overwritten", good =>
            {
                var copy = good.ToArray();
                for (var i = 12; i < copy.Length / 2; i += 7) copy[i] ^= 0x21;
                File.WriteAllBytes(cacheFile, copy);
            }),
            ("parts swapped", good =>
            {
                var copy = good.ToArray();
                var half = (copy.Length - 12) / 4;
                copy.AsSpan(12 + half, half).CopyTo(copy.AsSpan(12));
                File.WriteAllBytes(cacheFile, copy);
            }),
            ("cut short", good => File.WriteAllBytes(cacheFile, good[..(good.Length / 2)])),
        };
        foreach (var (what, damage) in damages)
        {
            damage(File.ReadAllBytes(cacheFile));
            foreach (var file in Directory.GetFiles(Path.Combine(Output, "data", "sager"))) File.Delete(file);
            SiteFiles.Build(Input, Output, Cache);
            var expected = SiteFiles.CleanBuild(Input, Work);
            try { SiteFiles.AssertSame(expected, SiteFiles.Read(Output)); }
            catch (Exception ex) { throw new Xunit.Sdk.XunitException($"after {what}: {ex.Message}"); }
            SiteFiles.Build(Input, Output, Cache, clean: true);
        }
    }
}

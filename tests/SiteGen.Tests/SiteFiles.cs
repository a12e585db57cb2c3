namespace SiteGen.Tests;

/// <summary>A built site as its files, and the byte identity an incremental build owes a clean one.</summary>
public static class SiteFiles
{
    /// <summary>Every file under <paramref name="root"/>, by its path relative to it ('/'-separated).</summary>
    public static Dictionary<string, byte[]> Read(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);

    /// <summary>The same file names and the same bytes in each file as the clean build's.</summary>
    public static void AssertSame(Dictionary<string, byte[]> clean, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(clean.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in clean)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[path]), $"{path} differs from the clean build's");
    }
}

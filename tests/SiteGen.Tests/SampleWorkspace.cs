namespace SiteGen.Tests;

/// <summary>A test's own copy of the sample input in a temporary folder, with the output and cache folders a build
/// makes beside it; the folder is deleted after the test. The fixture of the tests that build the sample with its
/// cache and compare with a clean build.</summary>
public abstract class SampleWorkspace : IDisposable
{
    /// <param name="prefix">the temporary folder's name prefix (names the test class in /tmp)</param>
    protected SampleWorkspace(string prefix)
    {
        Work = Directory.CreateTempSubdirectory(prefix).FullName;
        TestPaths.CopyDirectory(TestPaths.SampleInput, Input);
    }

    /// <summary>The test's temporary folder.</summary>
    protected string Work { get; }

    protected string Input => Path.Combine(Work, "input");

    protected string Output => Path.Combine(Work, "output");

    protected string Cache => Path.Combine(Work, "cache");

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        try { Directory.Delete(Work, recursive: true); } catch (IOException) { }
    }
}

using System.Reflection;
using SiteGen.Common;

namespace SiteGen.Tests.Common;

/// <summary>The generator's identity keys every cache (checks, units, search bundles). A commit that changes no
/// source, e.g. one new referat deployed by Netlify, must not change it, or every deploy rebuilds the whole site.
/// </summary>
public sealed class GeneratorBuildTests
{
    [Fact]
    public void The_identity_does_not_carry_the_git_commit()
    {
        var version = typeof(GeneratorBuild).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.DoesNotContain('+', version); // the SDK's "+<commit sha>" suffix
        var head = GitHead();
        if (head is not null) Assert.DoesNotContain(head, GeneratorBuild.Identity, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The commit the repository's HEAD names, read from .git (null outside a clone).</summary>
    private static string? GitHead()
    {
        var git = Path.Combine(TestPaths.RepoRoot, ".git");
        if (!Directory.Exists(git)) return null;
        var head = File.ReadAllText(Path.Combine(git, "HEAD")).Trim();
        if (!head.StartsWith("ref: ", StringComparison.Ordinal)) return head;
        var reference = Path.Combine(git, head[5..]);
        if (File.Exists(reference)) return File.ReadAllText(reference).Trim();
        var packed = Path.Combine(git, "packed-refs");
        return File.Exists(packed)
            ? File.ReadLines(packed).Select(l => l.Split(' ')).FirstOrDefault(p => p.Length == 2 && p[1] == head[5..])?[0]
            : null;
    }
}

using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SiteGen.Common;

/// <summary>This build of the generator, as the caches in the cache folder key it: any other build (a new
/// version, a changed assembly, another YAML or Markdown parser, another runtime) makes every cached check, unit
/// and search bundle be made again. Computed once per process (it hashes SiteGen.dll).</summary>
public static class GeneratorBuild
{
    private static readonly Lazy<string> Text = new(() =>
    {
        var assembly = typeof(GeneratorBuild).Assembly;
        var parts = new List<string>
        {
            assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            assembly.ManifestModule.ModuleVersionId.ToString(),
            RuntimeInformation.FrameworkDescription,
        };
        parts.AddRange(assembly.GetReferencedAssemblies().Select(a => a.FullName).Order(StringComparer.Ordinal));
        if (assembly.Location is { Length: > 0 } dll && File.Exists(dll))
            parts.Add(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(dll))));
        return string.Join('\n', parts);
    });

    /// <summary>The version, assembly id and hash, referenced assemblies and runtime, one per line.</summary>
    public static string Identity => Text.Value;
}

using System.Security.Cryptography;

namespace SiteGen.Common;

/// <summary>One version of one input file: equal while the file's path, bytes and write time are the same.
/// Opaque on purpose: <c>serve</c> keeps these per meeting to know what changed, instead of the source model
/// (which holds closed text) that Preview must not see.</summary>
public readonly record struct SourceVersion
{
    private readonly string _file;
    private readonly long _writtenTicks;
    private readonly string _hash;

    private SourceVersion(string file, long writtenTicks, string hash) =>
        (_file, _writtenTicks, _hash) = (file, writtenTicks, hash);

    /// <summary>The version of <paramref name="file"/> whose content is <paramref name="bytes"/>.</summary>
    public static SourceVersion Of(string file, byte[] bytes) =>
        Of(file, File.GetLastWriteTimeUtc(file).Ticks, SHA256.HashData(bytes));

    /// <summary>The version of <paramref name="file"/> written at <paramref name="writtenTicks"/> whose bytes have the
    /// SHA-256 <paramref name="sha256"/> (known already: the validation cache).</summary>
    public static SourceVersion Of(string file, long writtenTicks, byte[] sha256) =>
        new(file, writtenTicks, Convert.ToHexString(sha256));

    /// <summary>Whether this is a real version (a model made in memory, as in tests, has none).</summary>
    public bool IsKnown => _hash is not null;

    public override string ToString() => IsKnown ? $"{_file}@{_writtenTicks}:{_hash[..12]}" : "(none)";
}

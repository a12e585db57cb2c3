using SiteGen.Common;
using SiteGen.Content;

namespace SiteGen.Publishing;

/// <summary>Media types and citizen-facing type names for attachment files, by extension
/// (the allowed types are <see cref="AttachmentTypes.Allowed"/>; validation refuses every other).</summary>
public static class MediaTypes
{
    /// <summary>Lower-case extension with its dot, limited to letters and digits (empty when there is none).</summary>
    public static string SafeExtension(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext.Length > 1 && ext.Length <= 10 && ext.Skip(1).All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9')
            ? ext : "";
    }

    public static string FromExtension(string ext) =>
        AttachmentTypes.Allowed.TryGetValue(ext.ToLowerInvariant(), out var k)
            ? k.MediaType
            : "application/octet-stream";

    /// <summary>"PDF", "Word" … for the attachment list; "Fil" when unknown.</summary>
    public static string Label(string mediaType) =>
        AttachmentTypes.Allowed.Values.FirstOrDefault(k => k.MediaType == mediaType).Label ?? "Fil";
}

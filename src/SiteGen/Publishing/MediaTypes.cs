namespace SiteGen.Publishing;

/// <summary>Media types and citizen-facing type names for attachment files, by extension.</summary>
public static class MediaTypes
{
    private static readonly Dictionary<string, (string MediaType, string Label)> Known = new(StringComparer.Ordinal)
    {
        [".pdf"] = ("application/pdf", "PDF"),
        [".doc"] = ("application/msword", "Word"),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
        [".xls"] = ("application/vnd.ms-excel", "Excel"),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
        [".ppt"] = ("application/vnd.ms-powerpoint", "PowerPoint"),
        [".pptx"] = ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"),
        [".odt"] = ("application/vnd.oasis.opendocument.text", "ODT"),
        [".ods"] = ("application/vnd.oasis.opendocument.spreadsheet", "ODS"),
        [".txt"] = ("text/plain", "Tekst"),
        [".csv"] = ("text/csv", "CSV"),
        [".jpg"] = ("image/jpeg", "JPEG-billede"),
        [".jpeg"] = ("image/jpeg", "JPEG-billede"),
        [".png"] = ("image/png", "PNG-billede"),
        [".zip"] = ("application/zip", "ZIP"),
    };

    /// <summary>Lower-case extension with its dot, limited to letters and digits (empty when there is none).</summary>
    public static string SafeExtension(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext.Length > 1 && ext.Length <= 10 && ext.Skip(1).All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9') ? ext : "";
    }

    public static string FromExtension(string ext) =>
        Known.TryGetValue(ext.ToLowerInvariant(), out var k) ? k.MediaType : "application/octet-stream";

    /// <summary>"PDF", "Word" … for the attachment list; "Fil" when unknown.</summary>
    public static string Label(string mediaType) =>
        Known.Values.FirstOrDefault(k => k.MediaType == mediaType).Label ?? "Fil";
}

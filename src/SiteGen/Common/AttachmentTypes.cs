namespace SiteGen.Common;

/// <summary>The kinds of file an attachment (bilag) may be, by extension. Only types a browser does not run:
/// no HTML, SVG, JavaScript or XML, which on the site's own origin could act as pages of the site.</summary>
public static class AttachmentTypes
{
    /// <summary>Extension (lower case, with its dot) → media type and the type name shown to citizens.</summary>
    public static readonly IReadOnlyDictionary<string, (string MediaType, string Label)> Allowed =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
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
            [".odp"] = ("application/vnd.oasis.opendocument.presentation", "ODP"),
            [".rtf"] = ("application/rtf", "RTF"),
            [".png"] = ("image/png", "PNG-billede"),
            [".jpg"] = ("image/jpeg", "JPEG-billede"),
            [".jpeg"] = ("image/jpeg", "JPEG-billede"),
            [".gif"] = ("image/gif", "GIF-billede"),
            [".webp"] = ("image/webp", "WebP-billede"),
            [".txt"] = ("text/plain", "Tekst"),
            [".csv"] = ("text/csv", "CSV"),
        };

    /// <summary>The allowed types as a message lists them.</summary>
    public const string AllowedList =
        "PDF (.pdf), office documents (.doc, .docx, .xls, .xlsx, .ppt, .pptx, .odt, .ods, .odp, .rtf), " +
        "images (.png, .jpg, .jpeg, .gif, .webp) or plain text (.txt, .csv)";

    /// <summary>Whether an extension (any letter case, with its dot) is an allowed attachment type.</summary>
    public static bool IsAllowed(string extension) => Allowed.ContainsKey(extension.ToLowerInvariant());
}

using Microsoft.Win32.SafeHandles;

namespace SiteGen.Common;

/// <summary>Positional reads of the binary cache files and the text store.</summary>
public static class FileBytes
{
    /// <summary>Fills <paramref name="into"/> with the bytes at <paramref name="offset"/> (one read may return fewer
    /// bytes than asked); false when the file ends first.</summary>
    public static bool ReadAt(SafeFileHandle file, Span<byte> into, long offset)
    {
        var read = 0;
        while (read < into.Length)
        {
            var n = RandomAccess.Read(file, into[read..], offset + read);
            if (n <= 0) return false;
            read += n;
        }
        return true;
    }
}

using System.Text;

namespace LicenseServer.Core.Distribution.Storage;

/// <summary>The <c>Content-Disposition</c> of a download: <c>attachment; filename="…"</c> with the last filename segment, plus <c>filename*</c> when it is not plain ASCII.</summary>
public static class ContentDisposition
{
    public static string Attachment(string filename)
    {
        var name = filename[(filename.LastIndexOf('/') + 1)..];
        var ascii = new StringBuilder(name.Length);
        var plain = true;
        foreach (var c in name)
        {
            if (c is >= ' ' and < (char)127 and not '"' and not '\\')
            {
                ascii.Append(c);
            }
            else
            {
                ascii.Append('_');
                plain = false;
            }
        }

        return plain
            ? $"attachment; filename=\"{ascii}\""
            : $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(name)}";
    }
}

namespace LicenseServer.Core.Distribution;

/// <summary>Normalisation and validation of artifact attributes (distribution.md §6.2, §6.3), with Keygen's codes and pointers.</summary>
public static class ArtifactRules
{
    /// <summary>The largest filesize an artifact may declare: 5 GiB.</summary>
    public const long MaxFilesize = 5L * 1024 * 1024 * 1024;

    private const string Pointer = "/data/attributes";

    /// <summary>A filetype as stored: trimmed, lower case, without a leading dot; null for none (<c>""</c>).</summary>
    public static string? Filetype(string? value)
    {
        var trimmed = value?.Trim().TrimStart('.').ToLowerInvariant();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    /// <summary>A platform or arch key as stored: trimmed, lower case; null for none.</summary>
    public static string? Key(string? value)
    {
        var trimmed = value?.Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    /// <summary>
    /// True when <paramref name="filename"/> is a name and never a path (§6.3, §19 d): no leading <c>/</c>, no backslash or
    /// control character, and no empty, <c>.</c> or <c>..</c> segment between slashes.
    /// </summary>
    public static bool IsSafeFilename(string filename) =>
        filename.Length > 0 && !filename.Any(c => c == '\\' || char.IsControl(c)) &&
        filename.Split('/').All(segment => segment is not ("" or "." or ".."));

    /// <summary>Throws every rule the artifact breaks, in this order, as one 422 "Unprocessable resource".</summary>
    public static async Task ValidateAsync(LicenseServerDb db, Artifact artifact, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var filename = artifact.Filename;
        if (filename.Length > 255)
        {
            errors.Add($"{Pointer}/filename", "FILENAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }
        else if (!IsSafeFilename(filename))
        {
            errors.Add($"{Pointer}/filename", "FILENAME_INVALID", "must be a valid filename");
        }
        else if (artifact.Filetype is { } filetype && filename.Contains('.') && !filename.EndsWith("." + filetype, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Pointer}/filename", "FILENAME_EXTENSION_INVALID", $"filename extension does not match filetype (expected {filetype})");
        }

        if (artifact.Filesize is < 0)
        {
            errors.Add($"{Pointer}/filesize", "FILESIZE_INVALID", "must be greater than or equal to 0");
        }
        else if (artifact.Filesize is > MaxFilesize)
        {
            errors.Add($"{Pointer}/filesize", "FILESIZE_INVALID", $"must be less than or equal to {MaxFilesize}");
        }

        if (artifact.Checksum is { Length: > 4096 })
        {
            errors.Add($"{Pointer}/checksum", "CHECKSUM_TOO_LONG", "is too long (maximum is 4096 characters)");
        }

        if (artifact.Signature is { Length: > 4096 })
        {
            errors.Add($"{Pointer}/signature", "SIGNATURE_TOO_LONG", "is too long (maximum is 4096 characters)");
        }

        var taken = await db.Artifacts.AnyAsync(a => a.ReleaseId == artifact.ReleaseId && a.Id != artifact.Id && a.Filename == filename, ct);
        if (taken)
        {
            errors.Add($"{Pointer}/filename", "FILENAME_TAKEN", "already exists");
        }

        errors.ThrowIfAny();
    }
}

namespace LicenseServer.Core.Distribution;

/// <summary>Validation of release attributes (distribution.md §3.1, §3.2, §4.2), with Keygen's codes and pointers.</summary>
public static class ReleaseRules
{
    private const string Pointer = "/data/attributes";

    /// <summary>The most a release's description (its notes) may hold.</summary>
    public const int MaxDescription = 16384;

    /// <summary>
    /// The parsed version of a new release in <paramref name="channel"/>, or the 422 it earns: <c>VERSION_INVALID</c> for
    /// anything but a full SemVer string, <c>VERSION_CHANNEL_INVALID</c> for a pre-release that names no channel or does not
    /// match <paramref name="channel"/>.
    /// </summary>
    public static SemanticVersion ParseVersion(string version, string channel)
    {
        const string pointer = $"{Pointer}/version";
        var parsed = SemanticVersion.Parse(version)
            ?? throw DomainError.Invalid(pointer, "VERSION_INVALID", "must be a valid version");
        if (parsed.Prerelease is { } prerelease && !ReleaseChannels.All.Any(c => c != ReleaseChannels.Stable && prerelease.StartsWith(c, StringComparison.Ordinal)))
        {
            throw DomainError.Invalid(pointer, "VERSION_CHANNEL_INVALID", "must be a valid channel");
        }

        if (channel == ReleaseChannels.Stable)
        {
            return parsed.Prerelease is null ? parsed
                : throw DomainError.Invalid(pointer, "VERSION_CHANNEL_INVALID", $"version does not match stable channel (expected x.y.z got {version})");
        }

        return parsed.Prerelease?.StartsWith(channel, StringComparison.Ordinal) == true ? parsed
            : throw DomainError.Invalid(pointer, "VERSION_CHANNEL_INVALID",
                $"version does not match prerelease channel (expected x.y.z-{channel}.n got {version})");
    }

    /// <summary>Throws every rule the release breaks, in this order, as one 422 "Unprocessable resource".</summary>
    public static async Task ValidateAsync(LicenseServerDb db, Release release, DateTime now, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (release.Name is { Length: > Bounds.Text })
        {
            errors.Add($"{Pointer}/name", "NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        if (release.Description is { Length: > MaxDescription })
        {
            errors.Add($"{Pointer}/description", "DESCRIPTION_TOO_LONG", $"is too long (maximum is {MaxDescription} characters)");
        }

        if (release.Backdated is { } backdated && backdated > now)
        {
            errors.Add($"{Pointer}/backdated", "BACKDATED_INVALID", "must be in the past");
        }

        var siblings = db.Releases.Where(r => r.AccountId == release.AccountId && r.ProductId == release.ProductId
            && r.PackageId == release.PackageId && r.Id != release.Id);
        if (await siblings.AnyAsync(r => r.Version == release.Version, ct))
        {
            errors.Add($"{Pointer}/version", "VERSION_TAKEN", "version already exists");
        }

        if (release.Tag is { } tag)
        {
            if (tag.Length > Bounds.Text)
            {
                errors.Add($"{Pointer}/tag", "TAG_TOO_LONG", "is too long (maximum is 255 characters)");
            }

            if (tag is "action" or "actions")
            {
                errors.Add($"{Pointer}/tag", "TAG_NOT_ALLOWED", "is reserved");
            }

            if (await siblings.AnyAsync(r => r.Tag == tag, ct))
            {
                errors.Add($"{Pointer}/tag", "TAG_TAKEN", "tag already exists");
            }
        }

        errors.ThrowIfAny();
    }
}

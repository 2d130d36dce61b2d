using LicenseServer.Core.Distribution;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Distribution;

/// <summary>Releases written straight to the database, for the artifact tests (the release routes are tested on their own).</summary>
public static class ReleaseRows
{
    public static Task<Guid> AddAsync(TestApp app, Guid accountId, Guid productId, string version, string status = ReleaseStatuses.Published,
        Guid? packageId = null, string? tag = null, string? description = null) => app.QueryAsync(async db =>
    {
        var semver = SemanticVersion.Parse(version)!;
        var release = new Release
        {
            AccountId = accountId,
            ProductId = productId,
            PackageId = packageId,
            Version = semver.ToString(),
            VersionKey = semver.SortKey,
            Major = semver.Major,
            Minor = semver.Minor,
            Patch = semver.Patch,
            Prerelease = semver.Prerelease,
            Build = semver.Build,
            Channel = ReleaseChannels.Stable,
            Status = status,
            Tag = tag,
            Description = description,
        };
        db.Releases.Add(release);
        await db.SaveChangesAsync();
        return release.Id;
    });
}

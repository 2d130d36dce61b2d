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
        var release = Release.Of(semver, ReleaseChannels.Stable);
        release.AccountId = accountId;
        release.ProductId = productId;
        release.PackageId = packageId;
        release.Status = status;
        release.Tag = tag;
        release.Description = description;
        db.Releases.Add(release);
        await db.SaveChangesAsync();
        return release.Id;
    });
}

namespace LicenseServer.Core.Distribution.Storage;

/// <summary>The stored bytes of many artifacts at once, for deletes that take artifacts with them (a release, a package).</summary>
public static class StoredArtifacts
{
    /// <summary>Where the bytes of the artifacts of <paramref name="artifacts"/> are; read before their rows go.</summary>
    public static Task<List<ArtifactLocation>> LocateAsync(IQueryable<Artifact> artifacts, CancellationToken ct) =>
        artifacts.Select(a => new ArtifactLocation(a.AccountId, a.ReleaseId, a.Id)).ToListAsync(ct);

    /// <summary>Deletes the bytes at <paramref name="locations"/>, after their rows were deleted (distribution.md §9.1).</summary>
    public static async Task DeleteAsync(IArtifactStorage storage, List<ArtifactLocation> locations, CancellationToken ct)
    {
        foreach (var location in locations)
        {
            await storage.DeleteAsync(location, ct);
        }
    }
}

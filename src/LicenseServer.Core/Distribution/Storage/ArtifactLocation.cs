namespace LicenseServer.Core.Distribution.Storage;

/// <summary>
/// Where an artifact's bytes are stored: ids only, never the client's file name (distribution.md §9.1, §19 d). The
/// object key is <c>artifacts/{account}/{release}/{artifact}</c>.
/// </summary>
public readonly record struct ArtifactLocation(Guid AccountId, Guid ReleaseId, Guid ArtifactId)
{
    /// <summary>The object key in a bucket; the local backend uses the same three ids as directories under its root.</summary>
    public string Key => $"artifacts/{AccountId:D}/{ReleaseId:D}/{ArtifactId:D}";

    /// <summary>Where the bytes of <paramref name="artifact"/> are stored.</summary>
    public static ArtifactLocation Of(Artifact artifact) => new(artifact.AccountId, artifact.ReleaseId, artifact.Id);
}

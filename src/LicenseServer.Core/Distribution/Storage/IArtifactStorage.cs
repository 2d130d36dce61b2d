namespace LicenseServer.Core.Distribution.Storage;

/// <summary>
/// Where artifact bytes live (distribution.md §9): the local disk behind this server's own signed URLs
/// (<see cref="LocalArtifactStorage"/>, the default) or an S3-compatible bucket behind presigned URLs
/// (<see cref="S3ArtifactStorage"/>). Clients only ever see the URLs.
/// </summary>
public interface IArtifactStorage
{
    /// <summary>
    /// True when uploads arrive at this server, which checks them before it keeps them (local); false when the client
    /// puts the bytes straight into the store and the server learns of them afterwards (S3, §9.2).
    /// </summary>
    bool ReceivesUploads { get; }

    /// <summary>
    /// A URL the client <c>PUT</c>s the bytes to, valid until <paramref name="expires"/>. <paramref name="origin"/> is this
    /// server's public origin (scheme, host and path base), for URLs that point at it.
    /// </summary>
    Uri UploadUrl(ArtifactLocation location, string filename, string origin, DateTimeOffset expires);

    /// <summary>A URL the client <c>GET</c>s the bytes from without credentials, valid until <paramref name="expires"/>.</summary>
    Uri DownloadUrl(ArtifactLocation location, string filename, string origin, DateTimeOffset expires);

    /// <summary>The stored object, or null when nothing is stored there (yet).</summary>
    Task<StoredObject?> HeadAsync(ArtifactLocation location, CancellationToken ct);

    /// <summary>The stored bytes as a stream (the caller disposes it), or null when nothing is stored there.</summary>
    Task<Stream?> OpenReadAsync(ArtifactLocation location, CancellationToken ct);

    /// <summary>Removes the stored bytes; nothing stored is not an error.</summary>
    Task DeleteAsync(ArtifactLocation location, CancellationToken ct);
}

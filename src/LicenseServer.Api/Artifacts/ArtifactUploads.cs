using System.Buffers;
using System.Security.Cryptography;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Distribution.Storage;

namespace LicenseServer.Api.Artifacts;

/// <summary>
/// The end of an upload (distribution.md §7.1 step 3): what the artifact learns from the stored bytes, and the events.
/// The local backend completes an upload as it receives it; with the S3 backend the server notices the object later
/// (§9.2) and checks it then.
/// </summary>
public static class ArtifactUploads
{
    /// <summary>
    /// Marks <paramref name="artifact"/> (tracked) uploaded with the stored object's length (when it declared none), content
    /// type and SHA-256, and records <c>artifact.upload.succeeded</c> and its compatibility name <c>artifact.uploaded</c>.
    /// The caller saves.
    /// </summary>
    public static void Complete(LicenseServerDb db, Artifact artifact, StoredObject stored, string? sha256)
    {
        artifact.Status = ArtifactStatuses.Uploaded;
        artifact.Filesize ??= stored.Length;
        artifact.ContentType = stored.ContentType;
        artifact.ContentSha256 = sha256;
        EventLog.Touch(db, artifact);
        EventLog.Record(db, "artifact.upload.succeeded", artifact, ArtifactSerializer.Write);
        EventLog.Record(db, "artifact.uploaded", artifact, ArtifactSerializer.Write);
    }

    /// <summary>
    /// For a store the client uploads to directly: when the object of a waiting artifact exists, checks its size and
    /// recognisable checksum (reading it once) and marks the artifact uploaded, or failed with
    /// <c>artifact.upload.failed</c>. Returns the artifact as it now is.
    /// </summary>
    public static async Task<Artifact> NoticeAsync(LicenseServerDb db, IArtifactStorage storage, Artifact artifact, long maxSize, CancellationToken ct)
    {
        var location = ArtifactLocation.Of(artifact);
        if (await storage.HeadAsync(location, ct) is not { } stored)
        {
            return artifact;
        }

        var tracked = await db.Artifacts.IgnoreQueryFilters().FirstAsync(a => a.Id == artifact.Id, ct);
        if (tracked.Status != ArtifactStatuses.Waiting)
        {
            return tracked;
        }

        var sha256 = stored.Length <= maxSize && (tracked.Filesize is null || tracked.Filesize == stored.Length)
            ? await DigestIfMatchingAsync(storage, location, tracked.Checksum, ct)
            : null;
        if (sha256 is null)
        {
            tracked.Status = ArtifactStatuses.Failed;
            EventLog.Touch(db, tracked);
            EventLog.Record(db, "artifact.upload.failed", tracked, ArtifactSerializer.Write);
        }
        else
        {
            Complete(db, tracked, stored, sha256);
        }

        await db.SaveChangesAsync(ct);
        return tracked;
    }

    /// <summary>The hex SHA-256 of the stored bytes, or null when they do not match a recognisable <paramref name="checksum"/>.</summary>
    private static async Task<string?> DigestIfMatchingAsync(IArtifactStorage storage, ArtifactLocation location, string? checksum, CancellationToken ct)
    {
        await using var stream = await storage.OpenReadAsync(location, ct);
        if (stream is null)
        {
            return null;
        }

        var expected = ArtifactChecksum.Recognize(checksum);
        using var verify = expected?.NewHash();
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
                verify?.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return verify is not null && !expected!.Matches(verify.GetHashAndReset()) ? null : Convert.ToHexStringLower(sha256.GetHashAndReset());
    }
}

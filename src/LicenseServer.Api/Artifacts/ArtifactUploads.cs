using LicenseServer.Api.Events;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Distribution.Storage;

namespace LicenseServer.Api.Artifacts;

/// <summary>The end of an upload (distribution.md §7.1 step 3): what the artifact learns from the stored bytes, and the events.</summary>
public static class ArtifactUploads
{
    /// <summary>
    /// Marks <paramref name="artifact"/> (tracked) uploaded with the stored object's length (when it declared none), content
    /// type and digest, and records <c>artifact.upload.succeeded</c> and its compatibility name <c>artifact.uploaded</c>.
    /// The caller saves.
    /// </summary>
    public static void Complete(LicenseServerDb db, Artifact artifact, StoredObject stored)
    {
        artifact.Status = ArtifactStatuses.Uploaded;
        artifact.Filesize ??= stored.Length;
        artifact.ContentType = stored.ContentType;
        artifact.ContentSha256 = stored.ETag;
        EventLog.Touch(db, artifact);
        EventLog.Record(db, "artifact.upload.succeeded", artifact, ArtifactSerializer.Write);
        EventLog.Record(db, "artifact.uploaded", artifact, ArtifactSerializer.Write);
    }
}

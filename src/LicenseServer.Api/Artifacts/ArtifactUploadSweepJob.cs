using LicenseServer.Api.Configuration;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Distribution.Storage;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.Artifacts;

/// <summary>
/// Every minute, for a store the client uploads to directly (S3, distribution.md §9.2): each waiting artifact of the last
/// hour whose object has appeared is checked and marked uploaded (or failed); one still waiting an hour after its creation
/// (its upload URL has expired) becomes <c>FAILED</c> with <c>artifact.upload.failed</c>. Nothing to do with the local
/// backend, which completes uploads as it receives them. Idempotent and safe on several nodes at once.
/// </summary>
public sealed class ArtifactUploadSweepJob(LicenseServerDb db, IArtifactStorage storage, IOptions<DistributionOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan UploadWindow = TimeSpan.FromHours(1);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (storage.ReceivesUploads)
        {
            return 0;
        }

        var since = clock.GetUtcNow().UtcDateTime - UploadWindow;
        var waiting = await db.Artifacts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Status == ArtifactStatuses.Waiting).OrderBy(a => a.Created).Take(500).ToListAsync(ct);
        var changed = 0;
        foreach (var artifact in waiting)
        {
            if (artifact.Created >= since)
            {
                var noticed = await ArtifactUploads.NoticeAsync(db, storage, artifact, options.Value.MaxArtifactSize, ct);
                changed += noticed.Status == ArtifactStatuses.Waiting ? 0 : 1;
                continue;
            }

            var expired = await db.Artifacts.IgnoreQueryFilters().FirstAsync(a => a.Id == artifact.Id, ct);
            expired.Status = ArtifactStatuses.Failed;
            EventLog.Touch(db, expired);
            EventLog.Record(db, "artifact.upload.failed", expired, ArtifactSerializer.Write);
            await db.SaveChangesAsync(ct);
            changed++;
        }

        return changed;
    }
}

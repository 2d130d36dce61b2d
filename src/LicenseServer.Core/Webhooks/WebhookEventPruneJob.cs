namespace LicenseServer.Core.Webhooks;

/// <summary>
/// Daily: deletes webhook events older than the retention (30 days by default; 0 disables), in batches, within a one-hour
/// budget. Safe on two nodes at once: each batch is a plain delete. Recorded events are event logs, pruned on their own
/// retention (<see cref="EventLogs.LogPruneJob"/>).
/// </summary>
public sealed class WebhookEventPruneJob(LicenseServerDb db, TimeProvider clock, int retentionDays = WebhookEventPruneJob.DefaultRetentionDays)
{
    public const int DefaultRetentionDays = 30;

    private const int Batch = 1000;

    private static readonly TimeSpan Budget = TimeSpan.FromHours(1);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (retentionDays <= 0)
        {
            return 0;
        }

        var started = clock.GetUtcNow();
        var cutoff = started.UtcDateTime.AddDays(-retentionDays);
        var deleted = 0;
        while (clock.GetUtcNow() - started < Budget)
        {
            var batch = await db.WebhookEvents
                .Where(e => db.WebhookEvents.Where(x => x.Created < cutoff).OrderBy(x => x.Created).Select(x => x.Id).Take(Batch).Contains(e.Id))
                .ExecuteDeleteAsync(ct);
            deleted += batch;
            if (batch == 0)
            {
                break;
            }
        }

        return deleted;
    }
}

namespace LicenseServer.Core.Webhooks;

/// <summary>
/// Every minute: re-enqueues deliveries that are due but were not picked up (the server stopped between
/// commit and enqueue, or died mid-delivery and its claim ran out). Enqueueing twice is harmless: the
/// delivery job claims the row first.
/// </summary>
public sealed class WebhookSweepJob(LicenseServerDb db, IWebhookQueue queue, TimeProvider clock)
{
    /// <summary>How long a due row may wait for its own job before the sweep enqueues it again.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private const int Batch = 1000;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - Grace;
        var ids = await db.WebhookEvents.AsNoTracking()
            .Where(e => e.NextAttemptAt != null && e.NextAttemptAt <= stale && (e.ClaimedUntil == null || e.ClaimedUntil < now))
            .OrderBy(e => e.NextAttemptAt)
            .Select(e => e.Id)
            .Take(Batch)
            .ToListAsync(ct);
        foreach (var id in ids)
        {
            queue.Enqueue(id);
        }

        return ids.Count;
    }
}

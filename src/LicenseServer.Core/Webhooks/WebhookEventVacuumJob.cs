namespace LicenseServer.Core.Webhooks;

/// <summary>
/// Daily, after the prune (behaviour.md §9): <c>VACUUM (ANALYZE)</c> of the webhook event and event tables, the two
/// tables with the most churn, so the space the prune freed is reused and the planner's statistics stay fresh.
/// It runs outside any transaction (VACUUM cannot run inside one); two nodes running it at once simply queue.
/// </summary>
public sealed class WebhookEventVacuumJob(LicenseServerDb db)
{
    public Task RunAsync(CancellationToken ct) => db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) webhook_events, events", ct);
}

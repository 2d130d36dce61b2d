using Hangfire;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Throttling;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Webhooks;

namespace LicenseServer.Api.Jobs;

/// <summary>
/// The recurring jobs (behaviour.md §9), in UTC. Each is idempotent and safe when two nodes run it at once.
/// </summary>
public static class RecurringJobs
{
    public static void Register(IRecurringJobManager jobs)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<WebhookSweepJob>("webhook-delivery-sweep", job => job.RunAsync(CancellationToken.None), "* * * * *", utc);
        jobs.AddOrUpdate<ExpiredTokenPruneJob>("prune-expired-tokens", job => job.RunAsync(CancellationToken.None), "0 1 * * *", utc);
        jobs.AddOrUpdate<LicenseExpirationsJob>("license-expirations", job => job.RunAsync(CancellationToken.None), "*/10 * * * *", utc);
        jobs.AddOrUpdate<CheckInOverdueJob>("overdue-check-ins", job => job.RunAsync(CancellationToken.None), "*/10 * * * *", utc);
        jobs.AddOrUpdate<MachineHeartbeatCullJob>("cull-dead-machines", job => job.ExecuteAsync(CancellationToken.None), "*/2 * * * *", utc);
        jobs.AddOrUpdate<ProcessHeartbeatCullJob>("cull-dead-processes", job => job.ExecuteAsync(CancellationToken.None), "*/2 * * * *", utc);
        jobs.AddOrUpdate<WebhookEventPruneJob>("prune-webhook-events", job => job.RunAsync(CancellationToken.None), "0 6 * * *", utc);
        jobs.AddOrUpdate<ThrottleCounterPruneJob>("prune-throttle-counters", job => job.RunAsync(CancellationToken.None), "17 * * * *", utc);
        jobs.AddOrUpdate<WebhookEventVacuumJob>("vacuum-webhook-events", job => job.RunAsync(CancellationToken.None), "0 7 * * *", utc);
    }
}

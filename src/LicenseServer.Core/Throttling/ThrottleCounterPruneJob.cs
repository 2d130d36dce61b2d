namespace LicenseServer.Core.Throttling;

/// <summary>Hourly: deletes throttle windows that ended long ago (no built-in window is longer than an hour). Idempotent.</summary>
public sealed class ThrottleCounterPruneJob(LicenseServerDb db, TimeProvider clock)
{
    public static readonly TimeSpan Keep = TimeSpan.FromHours(2);

    public Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - Keep;
        return db.Database.ExecuteSqlAsync($"DELETE FROM throttle_counters WHERE window_start < {cutoff}", ct);
    }
}

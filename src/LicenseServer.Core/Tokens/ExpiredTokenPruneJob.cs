namespace LicenseServer.Core.Tokens;

/// <summary>Daily: deletes tokens that expired more than 90 days ago, 1000 at a time (behaviour.md §9). Idempotent.</summary>
public sealed class ExpiredTokenPruneJob(LicenseServerDb db, TimeProvider clock)
{
    public static readonly TimeSpan KeepExpired = TimeSpan.FromDays(90);

    private const int Batch = 1000;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - KeepExpired;
        var deleted = 0;
        while (true)
        {
            var batch = await db.Tokens
                .Where(t => db.Tokens.Where(x => x.Expiry != null && x.Expiry < cutoff).Select(x => x.Id).Take(Batch).Contains(t.Id))
                .ExecuteDeleteAsync(ct);
            deleted += batch;
            if (batch < Batch)
            {
                return deleted;
            }
        }
    }
}

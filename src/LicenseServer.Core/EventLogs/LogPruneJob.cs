namespace LicenseServer.Core.EventLogs;

/// <summary>
/// Daily: deletes the event logs and request logs older than their retention (<see cref="LogRetention"/>; validation events
/// on their own), in batches, within a one-hour budget. Nothing references an event row (webhook events copy their payload),
/// so events go with a plain delete. Safe on two nodes at once.
/// </summary>
public sealed class LogPruneJob(LicenseServerDb db, TimeProvider clock, LogRetention retention)
{
    private const int Batch = 1000;

    private static readonly TimeSpan Budget = TimeSpan.FromHours(1);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var now = started.UtcDateTime;
        var requests = LogRetention.Cutoff(retention.RequestLogDays, now);
        var events = LogRetention.Cutoff(retention.EventLogDays, now);
        var validations = LogRetention.Cutoff(retention.ValidationEventLogDays, now);
        var deleted = 0;
        while (clock.GetUtcNow() - started < Budget)
        {
            var batch = 0;
            if (requests is { } r)
            {
                batch += await Delete(db.RequestLogs, db.RequestLogs.Where(l => l.Created < r), ct);
            }

            if (events is { } e)
            {
                batch += await Delete(db.Events, db.Events.Where(x => x.Created < e && !x.Name.StartsWith(LogRetention.ValidationPrefix)), ct);
            }

            if (validations is { } v)
            {
                batch += await Delete(db.Events, db.Events.Where(x => x.Created < v && x.Name.StartsWith(LogRetention.ValidationPrefix)), ct);
            }

            deleted += batch;
            if (batch == 0)
            {
                break;
            }
        }

        return deleted;
    }

    /// <summary>Deletes one batch of the oldest rows of <paramref name="old"/>.</summary>
    private static Task<int> Delete<T>(DbSet<T> rows, IQueryable<T> old, CancellationToken ct)
        where T : AccountEntity =>
        rows.Where(x => old.OrderBy(o => o.Created).Select(o => o.Id).Take(Batch).Contains(x.Id)).ExecuteDeleteAsync(ct);
}

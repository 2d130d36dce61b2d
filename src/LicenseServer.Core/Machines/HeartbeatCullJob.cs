using LicenseServer.Core.Events;
using LicenseServer.Core.Policies;

namespace LicenseServer.Core.Machines;

/// <summary>
/// Culls dead heartbeats of one kind (behaviour.md §4.5, §4.6, §9; every 2 minutes). For each dead one it records the
/// dead event once per death, then, once the revive window has passed, deletes it under DEACTIVATE_DEAD (no deleted
/// event) or keeps it under KEEP_DEAD; ALWAYS_REVIVE ones are never deleted. While the window is open it is monitored:
/// a run that finds it alive again records the pong event and stops watching it.
/// Safe to run twice and on several nodes at once: each batch claims its rows with <c>FOR UPDATE SKIP LOCKED</c>,
/// and the markers are written in the same transaction as the events.
/// </summary>
public abstract class HeartbeatCullJob<T>(LicenseServerDb db, TimeProvider clock, HeartbeatKind kind)
    where T : AccountEntity, IHeartbeating
{
    public const int BatchSize = 500;

    /// <summary>The job's context, for the queries of the kind.</summary>
    protected LicenseServerDb Db => db;

    /// <summary>Runs until no dead one is left to look at; returns how many were deleted.</summary>
    public async Task<int> ExecuteAsync(CancellationToken ct)
    {
        var deleted = 0;
        var after = Guid.Empty;
        while (true)
        {
            var (count, last, removed) = await CullBatchAsync(after, ct);
            deleted += removed;
            if (count < BatchSize || last is null)
            {
                return deleted;
            }

            after = last.Value;
        }
    }

    /// <summary>
    /// Claims (locks, skipping locked rows) up to <see cref="BatchSize"/> ids after <paramref name="after"/>, in id order,
    /// of the dead ones not yet settled and of those being monitored.
    /// </summary>
    protected abstract Task<List<Guid>> ClaimAsync(Guid after, DateTime now, CancellationToken ct);

    /// <summary>The claimed rows, tracked, with what <see cref="PolicyOf"/> and the payload need.</summary>
    protected abstract Task<List<T>> LoadAsync(List<Guid> ids, CancellationToken ct);

    protected abstract Policy PolicyOf(T subject);

    /// <summary>The resource object of an event payload.</summary>
    protected abstract string Payload(T subject, DateTime now);

    private async Task<(int Count, Guid? Last, int Deleted)> CullBatchAsync(Guid after, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ids = await ClaimAsync(after, now, ct);
        if (ids.Count == 0)
        {
            return (0, null, 0);
        }

        var deleted = 0;
        foreach (var subject in await LoadAsync(ids, ct))
        {
            if (Cull(subject, PolicyOf(subject), now))
            {
                db.Remove(subject);
                deleted++;
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (ids.Count, ids[^1], deleted);
    }

    /// <summary>Reports a death or a revival and updates the markers; true when it is to be deleted.</summary>
    private bool Cull(T subject, Policy policy, DateTime now)
    {
        var status = subject.HeartbeatStatus(policy, now);
        if (status != Heartbeats.Dead)
        {
            if (status == Heartbeats.Alive && subject.HeartbeatMonitoredAt is not null)
            {
                subject.HeartbeatMonitoredAt = null;
                Record(kind.PongEvent, subject, now);
            }

            return false;
        }

        if (subject.LastDeathEventSentAt is null)
        {
            subject.LastDeathEventSentAt = now;
            Record(kind.DeadEvent, subject, now);
        }

        switch (Heartbeats.Watch(subject.LastHeartbeat, policy, now))
        {
            case Heartbeats.Verdict.Monitor:
                subject.HeartbeatMonitoredAt ??= now;
                return false;
            case Heartbeats.Verdict.Cull:
                return true;
            default:
                subject.HeartbeatMonitoredAt = null;
                return false;
        }
    }

    private void Record(string name, T subject, DateTime now) =>
        EventRecorder.Record(db, subject.AccountId, name, kind.ResourceType, subject.Id, Payload(subject, now));
}

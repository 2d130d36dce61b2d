using LicenseServer.Core.Data;
using LicenseServer.Core.Events;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Machines;

/// <summary>
/// Culls machines whose heartbeat is dead (behaviour.md §4.5, §9; every 2 minutes). For each dead machine it records
/// <c>machine.heartbeat.dead</c> once per death, then, once the revive window has passed, deletes it under
/// DEACTIVATE_DEAD (no <c>machine.deleted</c>) or keeps it under KEEP_DEAD. ALWAYS_REVIVE machines are never deleted.
/// While the window is open the machine is monitored: a run that finds it alive again records
/// <c>machine.heartbeat.pong</c> and stops watching it.
/// Safe to run twice and on several nodes at once: each batch locks its rows with <c>FOR UPDATE SKIP LOCKED</c>,
/// and the markers are written in the same transaction as the events.
/// </summary>
public sealed class MachineHeartbeatCullJob(LicenseServerDb db, TimeProvider clock, MachinePayload payload)
{
    public const int BatchSize = 500;

    /// <summary>Runs until no dead machine is left to look at; returns how many machines were deleted.</summary>
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

    private async Task<(int Count, Guid? Last, int Deleted)> CullBatchAsync(Guid after, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Dead: a last heartbeat older than the duration, or none yet with heartbeats required and created more than
        // a duration ago. Machines already reported dead and kept by KEEP_DEAD need nothing more.
        var ids = await db.Database.SqlQuery<Guid>($"""
            SELECT m.id AS "Value"
            FROM machines m
            JOIN licenses l ON l.id = m.license_id
            JOIN policies p ON p.id = l.policy_id
            WHERE m.id > {after}
              AND (m.heartbeat_monitored_at IS NOT NULL
                   OR (CASE WHEN m.last_heartbeat IS NOT NULL
                            THEN m.last_heartbeat + make_interval(secs => coalesce(p.heartbeat_duration, 600)) < {now}
                            ELSE p.require_heartbeat AND m.created + make_interval(secs => coalesce(p.heartbeat_duration, 600)) < {now}
                       END
                       AND NOT (m.last_death_event_sent_at IS NOT NULL AND p.heartbeat_cull_strategy = 'KEEP_DEAD')))
            ORDER BY m.id
            LIMIT {BatchSize}
            FOR UPDATE OF m SKIP LOCKED
            """).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return (0, null, 0);
        }

        var machines = await MachineQueries.WithLicense(db.Machines.Where(m => ids.Contains(m.Id))).ToListAsync(ct);
        var deleted = 0;
        foreach (var machine in machines)
        {
            var policy = machine.LoadedLicense.LoadedPolicy;
            var status = Heartbeats.Status(machine, policy, now);
            if (status != Heartbeats.Dead)
            {
                if (status == Heartbeats.Alive && machine.HeartbeatMonitoredAt is not null)
                {
                    machine.HeartbeatMonitoredAt = null;
                    EventRecorder.Record(db, machine.AccountId, "machine.heartbeat.pong", "machines", machine.Id, payload(machine, now));
                }

                continue;
            }

            if (machine.LastDeathEventSentAt is null)
            {
                machine.LastDeathEventSentAt = now;
                EventRecorder.Record(db, machine.AccountId, "machine.heartbeat.dead", "machines", machine.Id, payload(machine, now));
            }

            switch (Heartbeats.Watch(machine.LastHeartbeat, policy, now))
            {
                case Heartbeats.Verdict.Monitor:
                    machine.HeartbeatMonitoredAt ??= now;
                    break;
                case Heartbeats.Verdict.Cull:
                    db.Machines.Remove(machine);
                    deleted++;
                    break;
                default:
                    machine.HeartbeatMonitoredAt = null;
                    break;
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (ids.Count, ids[^1], deleted);
    }
}

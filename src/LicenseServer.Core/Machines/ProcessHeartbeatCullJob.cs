using LicenseServer.Core.Data;
using LicenseServer.Core.Events;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Machines;

/// <summary>
/// Culls dead processes (behaviour.md §4.6, §9; every 2 minutes), like <see cref="MachineHeartbeatCullJob"/>:
/// <c>process.heartbeat.dead</c> once per death, then deletion under DEACTIVATE_DEAD once the revive window has
/// passed, and <c>process.heartbeat.pong</c> when a monitored process is found alive again. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so concurrent runs never report a death twice.
/// </summary>
public sealed class ProcessHeartbeatCullJob(LicenseServerDb db, TimeProvider clock, ProcessPayload payload)
{
    public const int BatchSize = 500;

    /// <summary>Runs until no dead process is left to look at; returns how many processes were deleted.</summary>
    public async Task<int> ExecuteAsync(CancellationToken ct)
    {
        var deleted = 0;
        var after = Guid.Empty;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var ids = await db.Database.SqlQuery<Guid>($"""
                SELECT pr.id AS "Value"
                FROM processes pr
                JOIN machines m ON m.id = pr.machine_id
                JOIN licenses l ON l.id = m.license_id
                JOIN policies p ON p.id = l.policy_id
                WHERE pr.id > {after}
                  AND (pr.heartbeat_monitored_at IS NOT NULL
                       OR (pr.last_heartbeat + make_interval(secs => coalesce(p.heartbeat_duration, 600)) < {now}
                           AND NOT (pr.last_death_event_sent_at IS NOT NULL AND p.heartbeat_cull_strategy = 'KEEP_DEAD')))
                ORDER BY pr.id
                LIMIT {BatchSize}
                FOR UPDATE OF pr SKIP LOCKED
                """).ToListAsync(ct);
            if (ids.Count == 0)
            {
                return deleted;
            }

            var processes = await MachineQueries.ProcessesWithMachine(db.Processes.Where(p => ids.Contains(p.Id))).ToListAsync(ct);
            foreach (var process in processes)
            {
                var policy = process.LoadedMachine.LoadedLicense.LoadedPolicy;
                if (Heartbeats.ProcessStatus(process, policy, now) != Heartbeats.Dead)
                {
                    if (process.HeartbeatMonitoredAt is not null)
                    {
                        process.HeartbeatMonitoredAt = null;
                        EventRecorder.Record(db, process.AccountId, "process.heartbeat.pong", "processes", process.Id, payload(process, now));
                    }

                    continue;
                }

                if (process.LastDeathEventSentAt is null)
                {
                    process.LastDeathEventSentAt = now;
                    EventRecorder.Record(db, process.AccountId, "process.heartbeat.dead", "processes", process.Id, payload(process, now));
                }

                switch (Heartbeats.Watch(process.LastHeartbeat, policy, now))
                {
                    case Heartbeats.Verdict.Monitor:
                        process.HeartbeatMonitoredAt ??= now;
                        break;
                    case Heartbeats.Verdict.Cull:
                        db.Processes.Remove(process);
                        deleted++;
                        break;
                    default:
                        process.HeartbeatMonitoredAt = null;
                        break;
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            if (ids.Count < BatchSize)
            {
                return deleted;
            }

            after = ids[^1];
        }
    }
}

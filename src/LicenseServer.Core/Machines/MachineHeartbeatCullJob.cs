using LicenseServer.Core.Policies;

namespace LicenseServer.Core.Machines;

/// <summary>
/// Culls machines whose heartbeat is dead (behaviour.md §4.5, §9), as <see cref="HeartbeatCullJob{T}"/> describes:
/// <c>machine.heartbeat.dead</c> once per death, deletion under DEACTIVATE_DEAD (no <c>machine.deleted</c>) once the
/// revive window has passed, <c>machine.heartbeat.pong</c> when a monitored machine is found alive again.
/// </summary>
public sealed class MachineHeartbeatCullJob(LicenseServerDb db, TimeProvider clock, MachinePayload payload)
    : HeartbeatCullJob<Machine>(db, clock, HeartbeatKind.Machine)
{
    /// <summary>
    /// Dead: a last heartbeat older than the duration, or none yet with heartbeats required and created more than a
    /// duration ago. Machines already reported dead and kept by KEEP_DEAD need nothing more.
    /// </summary>
    protected override Task<List<Guid>> ClaimAsync(Guid after, DateTime now, CancellationToken ct) =>
        Db.Database.SqlQuery<Guid>($"""
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

    protected override Task<List<Machine>> LoadAsync(List<Guid> ids, CancellationToken ct) =>
        MachineQueries.WithLicense(Db.Machines.Where(m => ids.Contains(m.Id))).ToListAsync(ct);

    protected override Policy PolicyOf(Machine subject) => subject.LoadedLicense.LoadedPolicy;

    protected override string Payload(Machine subject, DateTime now) => payload(subject, now);
}

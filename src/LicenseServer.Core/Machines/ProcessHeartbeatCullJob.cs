using LicenseServer.Core.Policies;

namespace LicenseServer.Core.Machines;

/// <summary>
/// Culls dead processes (behaviour.md §4.6, §9), as <see cref="HeartbeatCullJob{T}"/> describes:
/// <c>process.heartbeat.dead</c> once per death, deletion under DEACTIVATE_DEAD once the revive window has passed,
/// and <c>process.heartbeat.pong</c> when a monitored process is found alive again.
/// </summary>
public sealed class ProcessHeartbeatCullJob(LicenseServerDb db, TimeProvider clock, ProcessPayload payload)
    : HeartbeatCullJob<MachineProcess>(db, clock, HeartbeatKind.Process)
{
    /// <summary>Dead: a last heartbeat older than the duration. Processes already reported dead and kept by KEEP_DEAD need nothing more.</summary>
    protected override Task<List<Guid>> ClaimAsync(Guid after, DateTime now, CancellationToken ct) =>
        Db.Database.SqlQuery<Guid>($"""
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

    protected override Task<List<MachineProcess>> LoadAsync(List<Guid> ids, CancellationToken ct) =>
        MachineQueries.ProcessesWithMachine(Db.Processes.Where(p => ids.Contains(p.Id))).ToListAsync(ct);

    protected override Policy PolicyOf(MachineProcess subject) => subject.LoadedMachine.LoadedLicense.LoadedPolicy;

    protected override string Payload(MachineProcess subject, DateTime now) => payload(subject, now);
}

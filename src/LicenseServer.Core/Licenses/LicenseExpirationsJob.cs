namespace LicenseServer.Core.Licenses;

/// <summary>
/// Every 10 minutes (behaviour.md §8, §9): <c>license.expiring-soon</c> for a license that expires within the next
/// 3 days, and <c>license.expired</c> for one that expired less than 12 hours ago; each at most once per 24 hours per
/// license. Only expiries within 3 days of now are looked at (an index on expiry). Changes no license state.
/// Idempotent and safe on several nodes at once (<see cref="LicenseNotices"/>).
/// </summary>
public sealed class LicenseExpirationsJob(LicenseServerDb db, TimeProvider clock, LicensePayload payload)
{
    public Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (from, to) = (now - LicenseNotices.Horizon, now + LicenseNotices.Horizon);
        var (quiet, late) = (now - LicenseNotices.Quiet, now - LicenseNotices.Late);
        return LicenseNotices.SendAsync(db, payload, now, after => $"""
            SELECT l.id, due.event
            FROM licenses l
            CROSS JOIN LATERAL (
                SELECT CASE
                    WHEN l.expiry > {now}
                         AND (l.last_expiring_soon_event_sent_at IS NULL OR l.last_expiring_soon_event_sent_at < {quiet})
                        THEN {LicenseNotices.ExpiringSoon}
                    WHEN l.expiry <= {now} AND l.expiry > {late}
                         AND (l.last_expiration_event_sent_at IS NULL OR l.last_expiration_event_sent_at < {quiet})
                        THEN {LicenseNotices.Expired}
                END AS event) due
            WHERE l.id > {after}
              AND l.expiry IS NOT NULL AND l.expiry >= {from} AND l.expiry <= {to}
              AND due.event IS NOT NULL
            ORDER BY l.id
            LIMIT {LicenseNotices.BatchSize}
            FOR UPDATE OF l SKIP LOCKED
            """, ct);
    }
}

namespace LicenseServer.Core.Licenses;

/// <summary>
/// Every 10 minutes (behaviour.md §8, §9), for licenses whose policy requires check-in and that are not expired:
/// <c>license.check-in-required-soon</c> when the next check-in is due within 3 days, and
/// <c>license.check-in-overdue</c> when it was missed less than 12 hours ago; each at most once per 24 hours per
/// license. The next check-in is the last one plus the policy's interval in calendar units, in UTC, as
/// <see cref="License.NextCheckIn"/> computes it. Changes no license state; idempotent and safe on several nodes
/// at once (<see cref="LicenseNotices"/>).
/// </summary>
public sealed class CheckInOverdueJob(LicenseServerDb db, TimeProvider clock, LicensePayload payload)
{
    public Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (from, to) = (now - LicenseNotices.Horizon, now + LicenseNotices.Horizon);
        var (quiet, late) = (now - LicenseNotices.Quiet, now - LicenseNotices.Late);
        return LicenseNotices.SendAsync(db, payload, now, after => $"""
            SELECT l.id, due.event
            FROM licenses l
            JOIN policies p ON p.id = l.policy_id
            CROSS JOIN LATERAL (
                SELECT (l.last_check_in AT TIME ZONE 'UTC' + CASE p.check_in_interval
                    WHEN 'day' THEN make_interval(days => p.check_in_interval_count)
                    WHEN 'week' THEN make_interval(weeks => p.check_in_interval_count)
                    WHEN 'month' THEN make_interval(months => p.check_in_interval_count)
                    WHEN 'year' THEN make_interval(years => p.check_in_interval_count)
                END) AT TIME ZONE 'UTC' AS next_check_in) n
            CROSS JOIN LATERAL (
                SELECT CASE
                    WHEN n.next_check_in >= {now} AND n.next_check_in < {to}
                         AND (l.last_check_in_soon_event_sent_at IS NULL OR l.last_check_in_soon_event_sent_at < {quiet})
                        THEN {LicenseNotices.CheckInRequiredSoon}
                    WHEN n.next_check_in < {now} AND n.next_check_in > {late}
                         AND (l.last_check_in_event_sent_at IS NULL OR l.last_check_in_event_sent_at < {quiet})
                        THEN {LicenseNotices.CheckInOverdue}
                END AS event) due
            WHERE l.id > {after}
              AND p.require_check_in
              AND l.last_check_in IS NOT NULL
              AND n.next_check_in >= {from} AND n.next_check_in <= {to}
              AND (l.expiry IS NULL OR l.expiry > {now})
              AND due.event IS NOT NULL
            ORDER BY l.id
            LIMIT {LicenseNotices.BatchSize}
            FOR UPDATE OF l SKIP LOCKED
            """, ct);
    }
}

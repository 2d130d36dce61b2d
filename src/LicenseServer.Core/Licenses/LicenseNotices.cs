using System.Linq.Expressions;
using LicenseServer.Core.Events;

namespace LicenseServer.Core.Licenses;

/// <summary>A license due a reminder event, as the job's query selects it.</summary>
public sealed class DueNotice
{
    public Guid Id { get; set; }

    public string Event { get; set; } = "";
}

/// <summary>
/// The batch loop of the two license reminder jobs (<see cref="LicenseExpirationsJob"/>, <see cref="CheckInOverdueJob"/>;
/// behaviour.md §8 "Events raised by scheduled jobs"). A job's query decides which licenses are due which event; this
/// locks them with <c>FOR UPDATE SKIP LOCKED</c> (so two nodes never pick the same license), records one event per
/// license, stamps the time it was sent (the 24-hour de-duplication) and commits, batch by batch. The stamp is a
/// set-based UPDATE of that one column: the license's state and <c>updated</c> are left alone.
/// </summary>
public static class LicenseNotices
{
    public const int BatchSize = 500;

    public const string ExpiringSoon = "license.expiring-soon";
    public const string Expired = "license.expired";
    public const string CheckInRequiredSoon = "license.check-in-required-soon";
    public const string CheckInOverdue = "license.check-in-overdue";

    /// <summary>How far ahead "soon" looks, and how far around now the jobs look at all.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(3);

    /// <summary>No second notice of one kind for a license within this time.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromHours(24);

    /// <summary>An expiry or missed check-in older than this is no longer announced.</summary>
    public static readonly TimeSpan Late = TimeSpan.FromHours(12);

    /// <summary>The column that remembers when each event was last sent.</summary>
    private static readonly Dictionary<string, Expression<Func<License, DateTime?>>> SentAt = new()
    {
        [ExpiringSoon] = l => l.LastExpiringSoonEventSentAt,
        [Expired] = l => l.LastExpirationEventSentAt,
        [CheckInRequiredSoon] = l => l.LastCheckInSoonEventSentAt,
        [CheckInOverdue] = l => l.LastCheckInEventSentAt,
    };

    /// <summary>
    /// Sends every due notice; returns how many events were recorded. <paramref name="due"/> gives the query of one
    /// batch after a license id: it must select <c>id</c> and <c>event</c>, ordered by id, limited to
    /// <see cref="BatchSize"/>, with <c>FOR UPDATE OF l SKIP LOCKED</c>.
    /// </summary>
    public static async Task<int> SendAsync(LicenseServerDb db, LicensePayload payload, DateTime now, Func<Guid, FormattableString> due, CancellationToken ct)
    {
        var sent = 0;
        var after = Guid.Empty;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = await db.Database.SqlQuery<DueNotice>(due(after)).ToListAsync(ct);
            if (batch.Count == 0)
            {
                await transaction.CommitAsync(ct);
                return sent;
            }

            var ids = batch.Select(n => n.Id).ToList();
            var licenses = await db.Licenses.AsNoTracking().Include(l => l.Policy).Include(l => l.Owner)
                .Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
            await LicenseQueries.FillDetailsAsync(db, [.. licenses.Values], ct);
            foreach (var notice in batch)
            {
                var license = licenses[notice.Id];
                EventRecorder.Record(db, license.AccountId, notice.Event, "licenses", license.Id, payload(license, now));
            }

            foreach (var kind in batch.GroupBy(n => n.Event))
            {
                var column = SentAt[kind.Key];
                var stamped = kind.Select(n => n.Id).ToList();
                await db.Licenses.Where(l => stamped.Contains(l.Id)).ExecuteUpdateAsync(s => s.SetProperty(column, now), ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            sent += batch.Count;
            if (batch.Count < BatchSize)
            {
                return sent;
            }

            after = ids[^1];
        }
    }
}

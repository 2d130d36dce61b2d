using LicenseServer.Core.Events;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.RequestLogs;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Analytics;

/// <summary>
/// The rows analytics count for one account, and the clock they count against. Every analytics query starts from these
/// sets, which are EF queries of the request's context: the current environment's query filter (enterprise.md §2.3)
/// applies to each of them, so analytics count only what the environment sees.
/// </summary>
public sealed class AnalyticsScope(LicenseServerDb db, Guid accountId, TimeProvider clock)
{
    /// <summary>How far back a license's creation or activity makes it active (the <c>INACTIVE</c> status's window).</summary>
    public static readonly TimeSpan ActiveWindow = License.InactiveWindow;

    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;

    /// <summary>The current UTC day: analytics days are UTC days.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now);

    public IQueryable<License> Licenses => db.Licenses.AsNoTracking().Where(l => l.AccountId == accountId);

    public IQueryable<Machine> Machines => db.Machines.AsNoTracking().Where(m => m.AccountId == accountId);

    /// <summary>End users (role <c>user</c>), banned ones included; staff are not counted.</summary>
    public IQueryable<User> Users => db.Users.AsNoTracking().Where(u => u.AccountId == accountId && u.Role == Roles.User);

    public IQueryable<LicenseUser> LicenseUsers => db.LicenseUsers.AsNoTracking().Where(lu => lu.AccountId == accountId);

    public IQueryable<Event> Events => db.Events.AsNoTracking().Where(e => e.AccountId == accountId);

    public IQueryable<RequestLog> RequestLogs => db.RequestLogs.AsNoTracking().Where(r => r.AccountId == accountId);

    /// <summary>
    /// Licenses not owned by a banned user that were created, validated, checked out or checked in within
    /// <see cref="ActiveWindow"/> of now (enterprise.md §6.1).
    /// </summary>
    public IQueryable<License> ActiveLicenses
    {
        get
        {
            var since = Now - ActiveWindow;
            return Licenses.Where(l => (l.Owner == null || l.Owner.BannedAt == null)
                && (l.Created >= since || l.LastValidated >= since || l.LastCheckOut >= since || l.LastCheckIn >= since));
        }
    }

    /// <summary>The first instant of <paramref name="day"/> (UTC), for half-open ranges on <c>created</c>.</summary>
    public static DateTime StartOf(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}

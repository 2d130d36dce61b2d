using LicenseServer.Core.Events;
using LicenseServer.Core.RequestLogs;

namespace LicenseServer.Core.EventLogs;

/// <summary>
/// How long logs are kept, in days (0 = forever): request logs, event logs, and the <c>license.validation.*</c> event logs.
/// The daily prune deletes what is older, and reads never show it even before the prune has run (enterprise.md §3.6, §4.7).
/// </summary>
public sealed record LogRetention(int RequestLogDays = 30, int EventLogDays = 0, int ValidationEventLogDays = 90)
{
    public const string ValidationPrefix = "license.validation.";

    /// <summary>The time before which logs of a retention of <paramref name="days"/> are gone; null when kept forever.</summary>
    public static DateTime? Cutoff(int days, DateTime now) => days > 0 ? now.AddDays(-days) : null;

    /// <summary>The event logs still kept at <paramref name="now"/>.</summary>
    public IQueryable<Event> Kept(IQueryable<Event> events, DateTime now)
    {
        if (Cutoff(EventLogDays, now) is { } cutoff)
        {
            events = events.Where(e => e.Created >= cutoff || e.Name.StartsWith(ValidationPrefix));
        }

        if (Cutoff(ValidationEventLogDays, now) is { } validations)
        {
            events = events.Where(e => e.Created >= validations || !e.Name.StartsWith(ValidationPrefix));
        }

        return events;
    }

    /// <summary>The request logs still kept at <paramref name="now"/>.</summary>
    public IQueryable<RequestLog> Kept(IQueryable<RequestLog> logs, DateTime now) =>
        Cutoff(RequestLogDays, now) is { } cutoff ? logs.Where(l => l.Created >= cutoff) : logs;
}

using LicenseServer.Api.Configuration;
using LicenseServer.Core.EventLogs;
using LicenseServer.Core.Events;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.EventLogs;

/// <summary><c>event-logs</c>: index and show, newest first, with the filters of enterprise.md §3.4; nothing else.</summary>
public static class EventLogEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var logs = account.MapGroup("/event-logs");
        logs.MapGet("", IndexAsync).Requires("event-log.read");
        logs.MapGet("/{id}", ShowAsync).Requires("event-log.read");
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db, IOptions<LogOptions> options)
    {
        caller.Require(EventLogAccess.CanRead);
        var request = caller.Http.Request;
        var paging = Paging.Parse(request);
        var query = Kept(db, caller.AccountId, options.Value);
        var names = request.Query["events[]"].Concat(request.Query["events"]).OfType<string>().ToList();
        if (request.Query.TryGetValue("event", out var name))
        {
            names.Add(name.ToString());
        }

        if (names.Count > 0)
        {
            query = query.Where(e => names.Contains(e.Name));
        }

        query = LogFilters.Record(query, request, "resource", e => e.LogResourceType, e => e.LogResourceId);
        query = LogFilters.Record(query, request, "whodunnit", e => e.WhodunnitType, e => e.WhodunnitId);
        if (request.Query.TryGetValue("request", out var requestText))
        {
            Guid? requestId = Ids.TryParse(requestText.ToString(), out var id) ? id : Guid.Empty;
            query = query.Where(e => e.RequestId == requestId);
        }

        if (LogFilters.DateRange(request) is var (from, to))
        {
            query = query.Where(e => e.Created >= from && e.Created < to);
        }

        var (items, links) = await paging.ApplyAsync(WithoutPayload(query), caller.Http, countPages: false);
        return JsonApiResults.List(items, EventLogSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, IOptions<LogOptions> options, string id)
    {
        var found = EventLogAccess.InScope(caller.Bearer) && Ids.TryParse(id, out var uuid)
            ? await WithoutPayload(Kept(db, caller.AccountId, options.Value)).FirstOrDefaultAsync(e => e.Id == uuid, caller.Aborted)
            : null;
        if (found is null)
        {
            throw new DomainError(ErrorKind.NotFound, "The requested event log was not found", "NOT_FOUND");
        }

        caller.Require(EventLogAccess.CanRead);
        return JsonApiResults.Resource(found, EventLogSerializer.Write);
    }

    /// <summary>The account's event logs still within the retention (enterprise.md §3.6).</summary>
    private static IQueryable<Event> Kept(LicenseServerDb db, Guid accountId, LogOptions options) =>
        options.Retention.Kept(db.Events.AsNoTracking().Where(e => e.AccountId == accountId), db.Now());

    /// <summary>Event rows without their webhook payloads, which a log does not show.</summary>
    private static IQueryable<Event> WithoutPayload(IQueryable<Event> events) => events.Select(e => new Event
    {
        Id = e.Id,
        AccountId = e.AccountId,
        Created = e.Created,
        Updated = e.Updated,
        Name = e.Name,
        ResourceType = e.ResourceType,
        ResourceId = e.ResourceId,
        Payload = string.Empty,
        LogMetadata = e.LogMetadata,
        WhodunnitType = e.WhodunnitType,
        WhodunnitId = e.WhodunnitId,
        RequestId = e.RequestId,
        LogResourceType = e.LogResourceType,
        LogResourceId = e.LogResourceId,
        EnvironmentId = e.EnvironmentId,
    });
}

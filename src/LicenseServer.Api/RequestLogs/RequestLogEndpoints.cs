using System.Globalization;
using LicenseServer.Api.Configuration;
using LicenseServer.Api.EventLogs;
using LicenseServer.Core.RequestLogs;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.RequestLogs;

/// <summary><c>request-logs</c>: index, show and per-day counts, with the filters of enterprise.md §4.5.</summary>
public static class RequestLogEndpoints
{
    private const int CountedDays = 14;

    public static void Map(IEndpointRouteBuilder account)
    {
        var logs = account.MapGroup("/request-logs");
        logs.MapGet("", IndexAsync).Requires("request-log.read");
        logs.MapGet("/actions/count", CountAsync).Requires("request-log.read");
        logs.MapGet("/{id}", ShowAsync).Requires("request-log.read");
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db, IOptions<LogOptions> options)
    {
        caller.Require(RequestLogAccess.CanRead);
        var request = caller.Http.Request;
        var paging = Paging.Parse(request);
        var query = Kept(db, caller.AccountId, options.Value);
        var q = request.Query;
        if (q.TryGetValue("status", out var statusText))
        {
            var status = int.TryParse(statusText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1;
            query = query.Where(l => l.Status == status);
        }

        if (q.TryGetValue("method", out var methodText))
        {
            var method = methodText.ToString().ToUpperInvariant();
            query = query.Where(l => l.Method == method);
        }

        if (q.TryGetValue("url", out var urlText) && urlText.ToString() is { Length: > 0 } url)
        {
            query = query.Where(l => l.Url.Contains(url));
        }

        if (q.TryGetValue("ip", out var ipText) && ipText.ToString() is { Length: > 0 } ip)
        {
            var prefix = ip.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(l => EF.Functions.ILike(l.Ip, prefix));
        }

        query = LogFilters.Record(query, request, "requestor", l => l.RequestorType, l => l.RequestorId);
        query = LogFilters.Record(query, request, "resource", l => l.ResourceType, l => l.ResourceId);
        if (LogFilters.DateRange(request) is var (from, to))
        {
            query = query.Where(l => l.Created >= from && l.Created < to);
        }

        var (items, links) = await paging.ApplyAsync(RequestLogSerializer.Summary(query), caller.Http, countPages: false);
        return JsonApiResults.List(items, RequestLogSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, IOptions<LogOptions> options, string id)
    {
        var found = RequestLogAccess.InScope(caller.Bearer) && Ids.TryParse(id, out var uuid)
            ? await Kept(db, caller.AccountId, options.Value).FirstOrDefaultAsync(l => l.Id == uuid, caller.Aborted)
            : null;
        if (found is null)
        {
            throw new DomainError(ErrorKind.NotFound, "The requested request log was not found", "NOT_FOUND");
        }

        caller.Require(RequestLogAccess.CanRead);
        return JsonApiResults.Resource(found, RequestLogSerializer.Write);
    }

    /// <summary>
    /// <c>{"meta": {"YYYY-MM-DD": n, …}}</c>: the logs of each UTC day from 13 days ago to today, oldest first, 0 for a day
    /// without requests (enterprise.md §4.6).
    /// </summary>
    private static async Task<IResult> CountAsync(Caller caller, LicenseServerDb db, IOptions<LogOptions> options)
    {
        caller.Require(RequestLogAccess.CanRead);
        var today = db.Now().Date;
        var first = today.AddDays(1 - CountedDays);
        var counts = await Kept(db, caller.AccountId, options.Value)
            .Where(l => l.Created >= first)
            .GroupBy(l => l.Created.Date)
            .Select(g => new { Day = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => DateOnly.FromDateTime(g.Day), g => g.Count, caller.Aborted);
        return new JsonApiResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("meta");
            for (var day = first; day <= today; day = day.AddDays(1))
            {
                var date = DateOnly.FromDateTime(day);
                w.WriteNumber(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), counts.GetValueOrDefault(date));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>The account's request logs still within the retention (enterprise.md §4.7).</summary>
    private static IQueryable<RequestLog> Kept(LicenseServerDb db, Guid accountId, LogOptions options) =>
        options.Retention.Kept(db.RequestLogs.AsNoTracking().Where(l => l.AccountId == accountId), db.Now());
}

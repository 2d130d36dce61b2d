using System.Text.Json;

namespace LicenseServer.Core.Analytics;

/// <summary>
/// Daily series (enterprise.md §6.2): sparks, validations by code, requests by class, events by name. Each is one
/// date-bounded query on <c>created</c> grouped by UTC day, so it walks the (account, …, created) indexes; days without
/// anything are left out. Buckets are ordered by metric, then date.
/// </summary>
public static class SeriesQueries
{
    public const string Licenses = "licenses";
    public const string Machines = "machines";
    public const string Users = "users";
    public const string Alus = "alus";
    public const string Requests = "requests";
    public const string Validations = "validations";

    /// <summary>The metrics whose gauge and spark is a total of records: licenses, machines, users and ALUs.</summary>
    public static readonly IReadOnlySet<string> Totals = new HashSet<string>(StringComparer.Ordinal) { Licenses, Machines, Users, Alus };

    private const string LicenseType = "licenses";

    public static readonly IReadOnlyList<string> ValidationEvents = ["license.validation.failed", "license.validation.succeeded"];

    /// <summary>
    /// Each day's total of licenses, machines or users at the end of that day (those created by then and not deleted). ALUs
    /// keep no history, so their spark holds today's count alone (when the window reaches today).
    /// </summary>
    public static async Task<List<AnalyticsBucket>> TotalsAsync(AnalyticsScope scope, string metric, AnalyticsWindow window, CancellationToken ct)
    {
        switch (metric)
        {
            case Licenses:
                return await RunningTotalAsync(scope.Licenses, metric, window, ct);
            case Machines:
                return await RunningTotalAsync(scope.Machines, metric, window, ct);
            case Users:
                return await RunningTotalAsync(scope.Users, metric, window, ct);
            default:
                if (window.Start > scope.Today || window.End < scope.Today)
                {
                    return [];
                }

                var alus = await GaugeQueries.ActiveLicensedUsersAsync(scope, ct);
                return alus == 0 ? [] : [new AnalyticsBucket(Alus, scope.Today, alus)];
        }
    }

    /// <summary>Logged requests per day by class (<see cref="RequestClasses"/>), metric <c>requests.2xx</c> … <c>requests.5xx</c>.</summary>
    public static async Task<List<AnalyticsBucket>> RequestsAsync(AnalyticsScope scope, AnalyticsWindow window, CancellationToken ct)
    {
        // Grouped by status and folded into classes here: a few hundred groups, and no per-row test of the status list.
        var rows = await scope.RequestLogs
            .Where(r => r.Created >= window.From && r.Created < window.Until)
            .GroupBy(r => new { r.Status, Day = DateOnly.FromDateTime(r.Created) })
            .Select(g => new { g.Key.Status, g.Key.Day, Count = g.LongCount() })
            .ToListAsync(ct);
        var buckets = rows
            .Where(r => RequestClasses.Counted.Contains(r.Status))
            .GroupBy(r => (Metric: RequestClasses.MetricOf(r.Status / 100), r.Day))
            .Select(g => new AnalyticsBucket(g.Key.Metric, g.Key.Day, g.Sum(r => r.Count)));
        return Ordered(buckets);
    }

    /// <summary>
    /// Validations per day by result code, metric <c>validations.&lt;code&gt;</c> (<c>validations.not-found</c>), read from the
    /// validation events' log metadata (<c>{"code": "NOT_FOUND"}</c>); optionally of one license only.
    /// </summary>
    public static async Task<List<AnalyticsBucket>> ValidationsAsync(AnalyticsScope scope, AnalyticsWindow window, Guid? license, CancellationToken ct)
    {
        var events = scope.Events.Where(e => ValidationEvents.Contains(e.Name) && e.Created >= window.From && e.Created < window.Until);
        if (license is { } id)
        {
            events = events.Where(e => e.ResourceType == LicenseType && e.ResourceId == id);
        }

        // The metadata texts are a handful of distinct values ({"code":"VALID"}, …): group by the text, read the code once per group.
        var rows = await events
            .GroupBy(e => new { Day = DateOnly.FromDateTime(e.Created), e.LogMetadata })
            .Select(g => new { g.Key.Day, g.Key.LogMetadata, Count = g.LongCount() })
            .ToListAsync(ct);
        var buckets = rows
            .Select(r => (Code: CodeOf(r.LogMetadata), r.Day, r.Count))
            .Where(r => r.Code is not null)
            .GroupBy(r => (Metric: ValidationMetric(r.Code!), r.Day))
            .Select(g => new AnalyticsBucket(g.Key.Metric, g.Key.Day, g.Sum(r => r.Count)));
        return Ordered(buckets);
    }

    /// <summary>
    /// Events of the given names per day, metric the event name; with a resource, only the events whose log points at that
    /// record (the request's primary record, or the event's own when none).
    /// </summary>
    public static async Task<List<AnalyticsBucket>> EventsAsync(AnalyticsScope scope, IReadOnlyList<string> names, AnalyticsWindow window,
        (string Type, Guid Id)? resource, CancellationToken ct)
    {
        var events = scope.Events.Where(e => names.Contains(e.Name) && e.Created >= window.From && e.Created < window.Until);
        if (resource is var (type, id))
        {
            events = events.Where(e => (e.LogResourceType == type && e.LogResourceId == id)
                || (e.LogResourceType == null && e.ResourceType == type && e.ResourceId == id));
        }

        var rows = await events
            .GroupBy(e => new { e.Name, Day = DateOnly.FromDateTime(e.Created) })
            .Select(g => new { g.Key.Name, g.Key.Day, Count = g.LongCount() })
            .ToListAsync(ct);
        return Ordered(rows.Select(r => new AnalyticsBucket(r.Name, r.Day, r.Count)));
    }

    /// <summary>A validation code's metric: <c>NOT_FOUND</c> → <c>validations.not-found</c>.</summary>
    public static string ValidationMetric(string code) => "validations." + code.ToLowerInvariant().Replace('_', '-');

    private static async Task<List<AnalyticsBucket>> RunningTotalAsync<T>(IQueryable<T> rows, string metric, AnalyticsWindow window, CancellationToken ct)
        where T : AccountEntity
    {
        var total = await rows.LongCountAsync(r => r.Created < window.From, ct);
        var perDay = await rows
            .Where(r => r.Created >= window.From && r.Created < window.Until)
            .GroupBy(r => DateOnly.FromDateTime(r.Created))
            .Select(g => new { Day = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(r => r.Day, r => r.Count, ct);
        var buckets = new List<AnalyticsBucket>();
        foreach (var day in window.Days)
        {
            total += perDay.GetValueOrDefault(day);
            if (total > 0)
            {
                buckets.Add(new AnalyticsBucket(metric, day, total));
            }
        }

        return buckets;
    }

    private static string? CodeOf(string? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(metadata);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            // Not ours to judge: a metadata text that is not JSON carries no code, so it is not counted.
            return null;
        }
    }

    private static List<AnalyticsBucket> Ordered(IEnumerable<AnalyticsBucket> buckets) =>
        [.. buckets.Where(b => b.Count > 0).OrderBy(b => b.Metric, StringComparer.Ordinal).ThenBy(b => b.Date)];
}

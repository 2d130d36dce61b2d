namespace LicenseServer.Core.Analytics;

/// <summary>
/// Counts as of now (enterprise.md §6.1, §6.2): the record totals, active licenses and active licensed users, and today's
/// requests, validations and events (the day's bucket of the matching series).
/// </summary>
public static class GaugeQueries
{
    /// <summary>The legacy summary: ALUs, active licenses and the totals of licenses, machines and end users.</summary>
    public static async Task<AccountTotals> TotalsAsync(AnalyticsScope scope, CancellationToken ct) => new(
        ActiveLicensedUsers: await ActiveLicensedUsersAsync(scope, ct),
        ActiveLicenses: await scope.ActiveLicenses.LongCountAsync(ct),
        TotalLicenses: await scope.Licenses.LongCountAsync(ct),
        TotalMachines: await scope.Machines.LongCountAsync(ct),
        TotalUsers: await scope.Users.LongCountAsync(ct));

    /// <summary>The total of one of <see cref="SeriesQueries.Totals"/>: licenses, machines, users or ALUs.</summary>
    public static async Task<long> TotalAsync(AnalyticsScope scope, string metric, CancellationToken ct) => metric switch
    {
        SeriesQueries.Licenses => await scope.Licenses.LongCountAsync(ct),
        SeriesQueries.Machines => await scope.Machines.LongCountAsync(ct),
        SeriesQueries.Users => await scope.Users.LongCountAsync(ct),
        _ => await ActiveLicensedUsersAsync(scope, ct),
    };

    /// <summary>
    /// Active licensed users: over the active licenses, the distinct users related to them (owner or attached user, each
    /// user once however many licenses it has), plus the active licenses with neither owner nor attached users.
    /// </summary>
    public static async Task<long> ActiveLicensedUsersAsync(AnalyticsScope scope, CancellationToken ct)
    {
        var active = scope.ActiveLicenses;
        var owners = active.Where(l => l.OwnerId != null).Select(l => l.OwnerId!.Value);
        var attached = scope.LicenseUsers.Where(lu => active.Any(l => l.Id == lu.LicenseId)).Select(lu => lu.UserId);
        var users = await owners.Union(attached).LongCountAsync(ct);
        var unassigned = await active.LongCountAsync(l => l.OwnerId == null && !scope.LicenseUsers.Any(lu => lu.LicenseId == l.Id), ct);
        return users + unassigned;
    }

    /// <summary>Today's logged requests by class: always the four classes, in order, zeros included.</summary>
    public static async Task<List<AnalyticsCount>> RequestsAsync(AnalyticsScope scope, CancellationToken ct)
    {
        var today = await SeriesQueries.RequestsAsync(scope, Today(scope), ct);
        return [.. RequestClasses.Metrics.Select(metric => new AnalyticsCount(metric, today.Where(b => b.Metric == metric).Sum(b => b.Count)))];
    }

    /// <summary>Today's validations by code (only the codes that occurred), optionally of one license.</summary>
    public static async Task<List<AnalyticsCount>> ValidationsAsync(AnalyticsScope scope, Guid? license, CancellationToken ct) =>
        Counts(await SeriesQueries.ValidationsAsync(scope, Today(scope), license, ct));

    /// <summary>Today's events of the known names <paramref name="pattern"/> matches, one per name that occurred; none for an unknown name.</summary>
    public static async Task<List<AnalyticsCount>> EventsAsync(AnalyticsScope scope, string pattern, CancellationToken ct)
    {
        var names = EventPatterns.Match(pattern);
        if (names.Count == 0)
        {
            return [];
        }

        return Counts(await SeriesQueries.EventsAsync(scope, names, Today(scope), null, ct), EventPatterns.MetricOf);
    }

    private static AnalyticsWindow Today(AnalyticsScope scope) => new(scope.Today, scope.Today);

    private static List<AnalyticsCount> Counts(List<AnalyticsBucket> today, Func<string, string>? metric = null) =>
        [.. today.Select(b => new AnalyticsCount(metric is null ? b.Metric : metric(b.Metric), b.Count))];
}

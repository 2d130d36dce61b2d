using LicenseServer.Api.Hosting;
using LicenseServer.Core.Analytics;
using Microsoft.AspNetCore.Mvc;

namespace LicenseServer.Api.Analytics;

/// <summary>
/// Analytics (enterprise.md §6): the legacy summary routes (<c>actions/count</c>, <c>actions/top-*-by-volume</c>, answering
/// <c>{"meta": …}</c>) and the series routes (gauges, sparks, events, usage, leaderboards, heatmaps, answering
/// <c>{"data": [plain objects]}</c>). Computed live from the account's records, events and request logs; readers are the
/// staff roles and read-only (<see cref="AnalyticsAccess.CanRead"/>). Mapped under the account base and under
/// <c>/-/accounts/{account}</c>, where Keygen serves the series routes.
/// </summary>
public static class AnalyticsEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var analytics = account.MapGroup("/analytics").Requires("account.analytics.read");
        analytics.MapGet("/actions/count", CountAsync);
        analytics.MapGet("/actions/top-licenses-by-volume", TopLicensesAsync);
        analytics.MapGet("/actions/top-urls-by-volume", TopUrlsAsync);
        analytics.MapGet("/actions/top-ips-by-volume", TopIpsAsync);
        analytics.MapGet("/gauges/{metric}", GaugeAsync);
        analytics.MapGet("/gauges/events/{event}", EventGaugeAsync);
        analytics.MapGet("/sparks/{metric}", SparkAsync);
        analytics.MapGet("/sparks/events/{event}", EventSparkAsync);
        analytics.MapGet("/events/{event}", EventSeriesAsync);
        analytics.MapGet("/usage", UsageAsync);
        analytics.MapGet("/leaderboards/{name}", LeaderboardAsync);
        analytics.MapGet("/heatmaps/{name}", HeatmapAsync);
    }

    private static async Task<IResult> CountAsync(Caller caller, LicenseServerDb db, TimeProvider clock)
    {
        var totals = await GaugeQueries.TotalsAsync(Scope(caller, db, clock), caller.Aborted);
        return Document(w =>
        {
            w.WriteStartObject("meta");
            w.WriteNumber("activeLicensedUsers", totals.ActiveLicensedUsers);
            w.WriteNumber("activeLicenses", totals.ActiveLicenses);
            w.WriteNumber("totalLicenses", totals.TotalLicenses);
            w.WriteNumber("totalMachines", totals.TotalMachines);
            w.WriteNumber("totalUsers", totals.TotalUsers);
            w.WriteEndObject();
        });
    }

    private static Task<IResult> TopLicensesAsync(Caller caller, LicenseServerDb db, TimeProvider clock) =>
        TopAsync(caller, db, clock, LeaderboardQueries.Licenses, "licenseId");

    private static async Task<IResult> TopUrlsAsync(Caller caller, LicenseServerDb db, TimeProvider clock)
    {
        var scope = Scope(caller, db, clock);
        var rows = await LeaderboardQueries.UrlsAsync(scope, AnalyticsWindow.LastTwoWeeks(scope.Today), LeaderboardQueries.DefaultLimit, caller.Aborted);
        return MetaList(rows, (w, row) =>
        {
            w.WriteString("method", row.Method);
            w.WriteString("url", row.Url);
            w.WriteNumber("count", row.Count);
        });
    }

    private static Task<IResult> TopIpsAsync(Caller caller, LicenseServerDb db, TimeProvider clock) =>
        TopAsync(caller, db, clock, LeaderboardQueries.Ips, "ip");

    /// <summary>A legacy top-by-volume list: the leaderboard <paramref name="name"/> of the last 14 days, its discriminator named <paramref name="member"/>.</summary>
    private static async Task<IResult> TopAsync(Caller caller, LicenseServerDb db, TimeProvider clock, string name, string member)
    {
        var scope = Scope(caller, db, clock);
        var rows = await LeaderboardQueries.RankAsync(scope, name, AnalyticsWindow.LastTwoWeeks(scope.Today), LeaderboardQueries.DefaultLimit, caller.Aborted);
        return MetaList(rows, (w, row) =>
        {
            w.WriteString(member, row.Discriminator);
            w.WriteNumber("count", row.Count);
        });
    }

    private static async Task<IResult> GaugeAsync(Caller caller, LicenseServerDb db, TimeProvider clock, string metric)
    {
        var scope = Scope(caller, db, clock);
        var counts = metric switch
        {
            SeriesQueries.Requests => await GaugeQueries.RequestsAsync(scope, caller.Aborted),
            SeriesQueries.Validations => await GaugeQueries.ValidationsAsync(scope, AnalyticsParameters.License(caller.Http.Request), caller.Aborted),
            _ when SeriesQueries.Totals.Contains(metric) => [new AnalyticsCount(metric, await GaugeQueries.TotalAsync(scope, metric, caller.Aborted))],
            _ => throw Pipeline.UnknownRoute(),
        };
        return Counts(counts);
    }

    private static async Task<IResult> EventGaugeAsync(Caller caller, LicenseServerDb db, TimeProvider clock, [FromRoute(Name = "event")] string pattern) =>
        Counts(await GaugeQueries.EventsAsync(Scope(caller, db, clock), pattern, caller.Aborted));

    private static async Task<IResult> SparkAsync(Caller caller, LicenseServerDb db, TimeProvider clock, string metric)
    {
        var scope = Scope(caller, db, clock);
        if (metric != SeriesQueries.Requests && metric != SeriesQueries.Validations && !SeriesQueries.Totals.Contains(metric))
        {
            throw DomainError.BadParameter("metrics", "is invalid");
        }

        var window = AnalyticsParameters.SeriesWindow(caller.Http.Request, scope.Today);
        var buckets = metric switch
        {
            SeriesQueries.Requests => await SeriesQueries.RequestsAsync(scope, window, caller.Aborted),
            SeriesQueries.Validations => await SeriesQueries.ValidationsAsync(scope, window, AnalyticsParameters.License(caller.Http.Request), caller.Aborted),
            _ => await SeriesQueries.TotalsAsync(scope, metric, window, caller.Aborted),
        };
        return Buckets(buckets);
    }

    private static async Task<IResult> EventSparkAsync(Caller caller, LicenseServerDb db, TimeProvider clock, [FromRoute(Name = "event")] string pattern)
    {
        var scope = Scope(caller, db, clock);
        var names = EventPatterns.RequireMatch(pattern);
        var window = AnalyticsParameters.SeriesWindow(caller.Http.Request, scope.Today);
        var buckets = await SeriesQueries.EventsAsync(scope, names, window, null, caller.Aborted);
        return Buckets([.. buckets.Select(b => b with { Metric = EventPatterns.MetricOf(b.Metric) })]);
    }

    private static async Task<IResult> EventSeriesAsync(Caller caller, LicenseServerDb db, TimeProvider clock, [FromRoute(Name = "event")] string pattern)
    {
        var scope = Scope(caller, db, clock);
        var names = EventPatterns.RequireMatch(pattern);
        var window = AnalyticsParameters.SeriesWindow(caller.Http.Request, scope.Today);
        return Buckets(await SeriesQueries.EventsAsync(scope, names, window, AnalyticsParameters.Resource(caller.Http.Request), caller.Aborted));
    }

    private static async Task<IResult> UsageAsync(Caller caller, LicenseServerDb db, TimeProvider clock)
    {
        var scope = Scope(caller, db, clock);
        var window = AnalyticsParameters.SeriesWindow(caller.Http.Request, scope.Today);
        return Buckets(await SeriesQueries.RequestsAsync(scope, window, caller.Aborted));
    }

    private static async Task<IResult> LeaderboardAsync(Caller caller, LicenseServerDb db, TimeProvider clock, string name)
    {
        var scope = Scope(caller, db, clock);
        if (!LeaderboardQueries.Names.Contains(name))
        {
            throw Pipeline.UnknownRoute();
        }

        var window = AnalyticsParameters.SeriesWindow(caller.Http.Request, scope.Today);
        var limit = AnalyticsParameters.Limit(caller.Http.Request);
        var scores = await LeaderboardQueries.RankAsync(scope, name, window, limit, caller.Aborted);
        return Data(scores, (w, score) =>
        {
            w.WriteString("discriminator", score.Discriminator);
            w.WriteNumber("count", score.Count);
        });
    }

    private static async Task<IResult> HeatmapAsync(Caller caller, LicenseServerDb db, TimeProvider clock, string name)
    {
        var scope = Scope(caller, db, clock);
        if (!HeatmapQueries.Names.Contains(name))
        {
            throw Pipeline.UnknownRoute();
        }

        var window = AnalyticsParameters.HeatmapWindow(caller.Http.Request, scope.Today);
        var cells = await HeatmapQueries.ExpirationsAsync(scope, window, caller.Aborted);
        return Data(cells, (w, cell) =>
        {
            w.WriteString("date", cell.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("x", cell.X);
            w.WriteNumber("y", cell.Y);
            w.WriteNumber("temperature", cell.Temperature);
            w.WriteNumber("count", cell.Count);
        });
    }

    /// <summary>The rows the caller may count, once it is known to be a reader (403 otherwise).</summary>
    private static AnalyticsScope Scope(Caller caller, LicenseServerDb db, TimeProvider clock)
    {
        caller.Require(AnalyticsAccess.CanRead);
        return new AnalyticsScope(db, caller.AccountId, clock);
    }

    private static JsonApiResult Counts(IReadOnlyList<AnalyticsCount> counts) => Data(counts, (w, count) =>
    {
        w.WriteString("metric", count.Metric);
        w.WriteNumber("count", count.Count);
    });

    private static JsonApiResult Buckets(IReadOnlyList<AnalyticsBucket> buckets) => Data(buckets, (w, bucket) =>
    {
        w.WriteString("metric", bucket.Metric);
        w.WriteString("date", bucket.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteNumber("count", bucket.Count);
    });

    /// <summary><c>{"data": [ {…}, … ]}</c>: plain objects, not resource objects.</summary>
    private static JsonApiResult Data<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeMembers) =>
        Document(w => Array(w, "data", items, writeMembers));

    /// <summary><c>{"meta": [ {…}, … ]}</c>, the legacy lists' shape.</summary>
    private static JsonApiResult MetaList<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeMembers) =>
        Document(w => Array(w, "meta", items, writeMembers));

    private static JsonApiResult Document(Action<Utf8JsonWriter> writeMembers) => new(StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        writeMembers(w);
        w.WriteEndObject();
    });

    private static void Array<T>(Utf8JsonWriter w, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeMembers)
    {
        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStartObject();
            writeMembers(w, item);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}

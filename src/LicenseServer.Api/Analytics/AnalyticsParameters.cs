using System.Globalization;
using LicenseServer.Core.Analytics;

namespace LicenseServer.Api.Analytics;

/// <summary>
/// Reads the query parameters of the analytics routes (enterprise.md §6.2): <c>date[start]</c> and <c>date[end]</c> (both
/// or neither, <c>YYYY-MM-DD</c>), <c>limit</c>, <c>license</c>, <c>resource[type]</c> and <c>resource[id]</c>. A value that
/// does not parse is a 400 "is invalid" naming the parameter; the limits themselves are Core's (<see cref="AnalyticsWindow"/>).
/// </summary>
public static class AnalyticsParameters
{
    /// <summary>The window of a series or leaderboard.</summary>
    public static AnalyticsWindow SeriesWindow(HttpRequest request, DateOnly today)
    {
        var (start, end) = Dates(request);
        return AnalyticsWindow.ForSeries(start, end, today);
    }

    /// <summary>The window of a heatmap.</summary>
    public static AnalyticsWindow HeatmapWindow(HttpRequest request, DateOnly today)
    {
        var (start, end) = Dates(request);
        return AnalyticsWindow.ForHeatmap(start, end, today);
    }

    /// <summary><c>limit</c>: 1 to <see cref="LeaderboardQueries.MaxLimit"/>, default <see cref="LeaderboardQueries.DefaultLimit"/>.</summary>
    public static int Limit(HttpRequest request)
    {
        if (!request.Query.TryGetValue("limit", out var value))
        {
            return LeaderboardQueries.DefaultLimit;
        }

        if (!int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit))
        {
            throw DomainError.BadParameter("limit", "is invalid");
        }

        return limit switch
        {
            > LeaderboardQueries.MaxLimit => throw DomainError.BadParameter("limit", $"must be less than or equal to {LeaderboardQueries.MaxLimit}"),
            < 1 => throw DomainError.BadParameter("limit", "must be greater than or equal to 1"),
            _ => limit,
        };
    }

    /// <summary><c>license</c>: a license id (UUID), or null when absent.</summary>
    public static Guid? License(HttpRequest request)
    {
        if (!request.Query.TryGetValue("license", out var value))
        {
            return null;
        }

        return Ids.TryParse(value.ToString(), out var id) ? id : throw DomainError.BadParameter("license", "is invalid");
    }

    /// <summary>
    /// <c>resource[type]</c> (a wire type, e.g. <c>licenses</c>) with <c>resource[id]</c>: the record an event series is
    /// narrowed to, applied when both are given; an id that is no UUID matches nothing.
    /// </summary>
    public static (string Type, Guid Id)? Resource(HttpRequest request)
    {
        var type = request.Query["resource[type]"].ToString();
        var id = request.Query["resource[id]"].ToString();
        if (type.Length == 0 || id.Length == 0)
        {
            return null;
        }

        return (type, Ids.TryParse(id, out var parsed) ? parsed : Guid.Empty);
    }

    private static (DateOnly? Start, DateOnly? End) Dates(HttpRequest request)
    {
        var query = request.Query;
        if (query.ContainsKey("date"))
        {
            throw DomainError.BadParameter("date", "is invalid");
        }

        var hasStart = query.TryGetValue(AnalyticsWindow.StartParameter, out var start);
        var hasEnd = query.TryGetValue(AnalyticsWindow.EndParameter, out var end);
        if (hasStart != hasEnd)
        {
            throw DomainError.BadParameter(hasStart ? AnalyticsWindow.EndParameter : AnalyticsWindow.StartParameter, "is missing");
        }

        return hasStart ? (Date(AnalyticsWindow.StartParameter, start.ToString()), Date(AnalyticsWindow.EndParameter, end.ToString())) : (null, null);
    }

    private static DateOnly Date(string parameter, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw DomainError.BadParameter(parameter, "is invalid");
}

namespace LicenseServer.Core.Analytics;

/// <summary>
/// The most frequent ips, licenses, urls and user agents among an account's request logs of a window (enterprise.md §6.1's
/// top-by-volume lists and §6.2's leaderboards): one date-bounded query grouped by the discriminator, most first (ties in
/// byte order of the discriminator), at most <c>limit</c> rows.
/// </summary>
public static class LeaderboardQueries
{
    public const string Ips = "ips";
    public const string Licenses = "licenses";
    public const string Urls = "urls";
    public const string UserAgents = "user-agents";

    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { Ips, Licenses, Urls, UserAgents };

    private const string LicenseType = "licenses";

    /// <summary>The leaderboard <paramref name="name"/> (one of <see cref="Names"/>); urls are discriminated as <c>"METHOD url"</c>.</summary>
    public static async Task<List<LeaderboardScore>> RankAsync(AnalyticsScope scope, string name, AnalyticsWindow window, int limit, CancellationToken ct)
    {
        var logs = scope.RequestLogs.Where(r => r.Created >= window.From && r.Created < window.Until);
        var scores = name switch
        {
            Ips => logs.GroupBy(r => r.Ip).Select(g => new { Key = g.Key, Count = g.LongCount() }),
            UserAgents => logs.Where(r => r.UserAgent != null).GroupBy(r => r.UserAgent!).Select(g => new { Key = g.Key, Count = g.LongCount() }),
            Licenses => logs.Where(r => r.ResourceType == LicenseType && r.ResourceId != null)
                .GroupBy(r => r.ResourceId!.Value).Select(g => new { Key = g.Key.ToString(), Count = g.LongCount() }),
            _ => null,
        };
        if (scores is null)
        {
            return [.. (await UrlsAsync(scope, window, limit, ct)).Select(u => new LeaderboardScore($"{u.Method} {u.Url}", u.Count))];
        }

        var rows = await scores.OrderByDescending(s => s.Count).ThenBy(s => s.Key).Take(limit).ToListAsync(ct);
        return [.. rows.Select(r => new LeaderboardScore(r.Key, r.Count))];
    }

    /// <summary>The most requested method and url pairs.</summary>
    public static async Task<List<UrlScore>> UrlsAsync(AnalyticsScope scope, AnalyticsWindow window, int limit, CancellationToken ct)
    {
        var rows = await scope.RequestLogs
            .Where(r => r.Created >= window.From && r.Created < window.Until)
            .GroupBy(r => new { r.Method, r.Url })
            .Select(g => new { g.Key.Method, g.Key.Url, Count = g.LongCount() })
            .OrderByDescending(s => s.Count).ThenBy(s => s.Method).ThenBy(s => s.Url)
            .Take(limit)
            .ToListAsync(ct);
        return [.. rows.Select(r => new UrlScore(r.Method, r.Url, r.Count))];
    }
}

using System.Collections.Concurrent;

namespace LicenseServer.Api.RequestLogs;

/// <summary>
/// What the logs need to know of an account-scoped route, worked out once per endpoint from its pattern: whether its requests
/// are logged (enterprise.md §4.3 leaves out webhook endpoints and events, the logs themselves, the account and its settings,
/// search, analytics, health and ping), and its primary record: the collection and parameter of the first record the path
/// names (<c>licenses</c> and <c>id</c> for <c>/licenses/{id}/actions/validate</c>, <c>tokens</c> and <c>token</c> for
/// <c>/tokens/{token}</c>). That record is the request log's <c>resource</c> and the record its event logs point at.
/// </summary>
public sealed class LoggedRoute
{
    private static readonly string[] NotLogged =
        ["webhook-endpoints", "webhook-events", "request-logs", "event-logs", "settings", "search", "analytics", "health", "ping"];

    private static readonly ConcurrentDictionary<Endpoint, LoggedRoute> Routes = new();

    private static readonly LoggedRoute Unlogged = new(false, null, null);

    private LoggedRoute(bool logged, string? resourceType, string? parameter)
    {
        Logged = logged;
        ResourceType = resourceType;
        Parameter = parameter;
    }

    public bool Logged { get; }

    /// <summary>Wire type of the primary record, or null when the path names none (<c>/licenses</c>, <c>/me</c>).</summary>
    public string? ResourceType { get; }

    /// <summary>The route parameter that names the primary record.</summary>
    public string? Parameter { get; }

    public static LoggedRoute Of(Endpoint endpoint) => Routes.GetOrAdd(endpoint, e => Parse((e as RouteEndpoint)?.RoutePattern.RawText));

    /// <summary>The route of a pattern such as <c>/v1/accounts/{account}/licenses/{id}/machines</c>.</summary>
    public static LoggedRoute Parse(string? pattern)
    {
        const string account = "{account}";
        var at = pattern?.IndexOf(account, StringComparison.Ordinal) ?? -1;
        if (pattern is null || at < 0)
        {
            return Unlogged;
        }

        var segments = pattern[(at + account.Length)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || NotLogged.Contains(segments[0], StringComparer.Ordinal))
        {
            return Unlogged;
        }

        if (segments.Length > 1 && !segments[0].StartsWith('{') && segments[1] is ['{', .. var name, '}'])
        {
            return new LoggedRoute(true, segments[0], name.Split(':')[0]);
        }

        return new LoggedRoute(true, null, null);
    }
}

namespace LicenseServer.Core.Analytics;

/// <summary>
/// The four classes analytics sorts request logs into (enterprise.md §6.2) and the statuses each counts: a status outside
/// these lists (e.g. 206, 418) is in no class.
/// </summary>
public static class RequestClasses
{
    /// <summary>The metrics in the order every requests gauge and series lists them.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["requests.2xx", "requests.3xx", "requests.4xx", "requests.5xx"];

    /// <summary>Every status that counts in a class.</summary>
    public static readonly int[] Counted =
    [
        200, 201, 202, 204,
        301, 302, 303, 304, 307, 308,
        400, 401, 402, 403, 404, 405, 406, 409, 410, 413, 422, 429,
        500, 501, 502, 503, 504,
    ];

    /// <summary>The metric of a class by its hundreds digit (2 → <c>requests.2xx</c>).</summary>
    public static string MetricOf(int hundreds) => $"requests.{hundreds}xx";
}

namespace LicenseServer.Core.Analytics;

/// <summary>A gauge reading: <c>{"metric": "licenses", "count": 2}</c>.</summary>
public sealed record AnalyticsCount(string Metric, long Count);

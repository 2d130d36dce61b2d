namespace LicenseServer.Core.Analytics;

/// <summary>One day of a series: <c>{"metric": "requests.2xx", "date": "2026-12-07", "count": 12}</c>. Zero days are never listed.</summary>
public sealed record AnalyticsBucket(string Metric, DateOnly Date, long Count);

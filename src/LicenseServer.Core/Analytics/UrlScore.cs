namespace LicenseServer.Core.Analytics;

/// <summary>How often one method and url were requested (the urls leaderboard and <c>top-urls-by-volume</c>).</summary>
public sealed record UrlScore(string Method, string Url, long Count);

namespace LicenseServer.Core.Analytics;

/// <summary>One row of a leaderboard: what was counted (an ip, a license id, <c>"METHOD url"</c>, a user agent) and how often.</summary>
public sealed record LeaderboardScore(string Discriminator, long Count);

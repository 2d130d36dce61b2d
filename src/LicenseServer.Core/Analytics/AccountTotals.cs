namespace LicenseServer.Core.Analytics;

/// <summary>The legacy <c>analytics/actions/count</c> summary (enterprise.md §6.1).</summary>
public sealed record AccountTotals(long ActiveLicensedUsers, long ActiveLicenses, long TotalLicenses, long TotalMachines, long TotalUsers);

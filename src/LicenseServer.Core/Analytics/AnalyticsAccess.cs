namespace LicenseServer.Core.Analytics;

/// <summary>
/// Who may read analytics (enterprise.md §6, §7): the staff roles and read-only. Products, end users and licenses may not
/// (403), whatever the route.
/// </summary>
public static class AnalyticsAccess
{
    /// <summary><c>account.analytics.read</c>: admins, developers, sales and support agents, read-only.</summary>
    public static bool CanRead(Bearer bearer) => bearer.CanReadAll;
}

using LicenseServer.Core.Analytics;
using LicenseServer.Tests.Access;

namespace LicenseServer.Tests.Analytics;

/// <summary>The analytics row of the access table (enterprise.md §7): staff and read-only read; products, users and licenses do not.</summary>
public sealed class WhoMayReadAnalytics
{
    [Fact]
    public void Account_analytics_read_is_for_staff_and_read_only() =>
        AccessTable.AssertAllows("admin developer sales-agent support-agent read-only", AccessTable.EveryRole(), AnalyticsAccess.CanRead);
}

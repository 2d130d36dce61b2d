using LicenseServer.Core.EventLogs;
using LicenseServer.Core.RequestLogs;
using static LicenseServer.Tests.Access.AccessTable;

namespace LicenseServer.Tests.Access;

/// <summary>enterprise.md §3.5, §4.7 and §7: who reads event and request logs, and who is told they exist.</summary>
public sealed class WhoMayReadLogs
{
    [Fact]
    public void Admins_developers_and_read_only_users_read_event_logs() =>
        AssertAllows("admin developer read-only", EveryRole(), EventLogAccess.CanRead);

    [Fact]
    public void Staff_and_read_only_users_have_event_logs_in_scope() =>
        AssertAllows("admin developer sales-agent support-agent read-only", EveryRole(), EventLogAccess.InScope);

    [Fact]
    public void Admins_developers_and_read_only_users_read_request_logs() =>
        AssertAllows("admin developer read-only", EveryRole(), RequestLogAccess.CanRead);

    [Fact]
    public void Staff_and_read_only_users_have_request_logs_in_scope() =>
        AssertAllows("admin developer sales-agent support-agent read-only", EveryRole(), RequestLogAccess.InScope);
}

namespace LicenseServer.Core.RequestLogs;

/// <summary>
/// Who may read request logs and their per-day counts (enterprise.md §4.7, §7): admins, developers and read-only users. Sales
/// and support agents see that the logs exist but are refused them (403); products, users and licenses have none in their
/// scope (index and count 403, show 404).
/// </summary>
public static class RequestLogAccess
{
    /// <summary><c>request-log.read</c>: admins, developers and read-only users.</summary>
    public static bool CanRead(Bearer bearer) => bearer.IsAdmin || bearer.IsReadOnly;

    /// <summary>Whether any request log is in the bearer's scope: staff and read-only users; not products, users or licenses.</summary>
    public static bool InScope(Bearer bearer) => bearer.IsUser && bearer.CanReadAll;
}

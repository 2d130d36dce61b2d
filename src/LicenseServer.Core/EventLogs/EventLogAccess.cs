namespace LicenseServer.Core.EventLogs;

/// <summary>
/// Who may read event logs (enterprise.md §3.5, §7): admins, developers and read-only users. Sales and support agents see
/// that the logs exist (they are in their scope) but are refused them (403); products, users and licenses have none in
/// their scope (index 403, show 404).
/// </summary>
public static class EventLogAccess
{
    /// <summary><c>event-log.read</c>: admins, developers and read-only users.</summary>
    public static bool CanRead(Bearer bearer) => bearer.IsAdmin || bearer.IsReadOnly;

    /// <summary>Whether any event log is in the bearer's scope: staff and read-only users; not products, users or licenses.</summary>
    public static bool InScope(Bearer bearer) => bearer.IsUser && bearer.CanReadAll;
}

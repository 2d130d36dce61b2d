namespace LicenseServer.Api.Configuration;

/// <summary>The <c>Logs</c> settings section: request logging and the retention of event and request logs (enterprise.md §3.6, §4.7).</summary>
public sealed class LogOptions
{
    public const string Section = "Logs";

    /// <summary>Whether account-scoped requests are logged; an operator may turn it off.</summary>
    public bool RequestLogs { get; set; } = true;

    /// <summary>Days request logs are kept; 0 keeps them forever.</summary>
    public int RequestLogRetentionDays { get; set; } = 30;

    /// <summary>Days event logs other than validations are kept; 0 (the default) keeps them forever.</summary>
    public int EventLogRetentionDays { get; set; }

    /// <summary>Days <c>license.validation.*</c> event logs are kept; 0 keeps them forever.</summary>
    public int ValidationEventLogRetentionDays { get; set; } = 90;

    /// <summary>The retention as Core's jobs and queries take it.</summary>
    public Core.EventLogs.LogRetention Retention =>
        new(RequestLogRetentionDays, EventLogRetentionDays, ValidationEventLogRetentionDays);
}

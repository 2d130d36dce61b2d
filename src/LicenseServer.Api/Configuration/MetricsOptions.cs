namespace LicenseServer.Api.Configuration;

/// <summary>The <c>Metrics</c> settings section: the Prometheus endpoint at <c>/metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Collect metrics and serve <c>/metrics</c>. Off: no meter is listened to and <c>/metrics</c> is a 404.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When set, <c>/metrics</c> answers only requests with <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string? Token { get; set; }
}

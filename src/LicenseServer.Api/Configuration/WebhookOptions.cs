namespace LicenseServer.Api.Configuration;

/// <summary>The <c>Webhooks</c> settings section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Lets endpoints use http and loopback hosts; for tests only.</summary>
    public bool AllowInsecureUrls { get; set; }

    /// <summary>Days webhook events are kept before the daily prune deletes them; 0 keeps them forever.</summary>
    public int RetentionDays { get; set; } = 30;
}

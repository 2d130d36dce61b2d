namespace LicenseServer.Api.Configuration;

/// <summary>The <c>Webhooks</c> settings section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Lets endpoints use http and loopback hosts; for tests only.</summary>
    public bool AllowInsecureUrls { get; set; }
}

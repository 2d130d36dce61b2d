using LicenseServer.Core.Environments;
using LicenseServer.Core.Signatures;

namespace LicenseServer.Core.Webhooks;

/// <summary>A URL of the account that receives the events it subscribes to (resources.md §19).</summary>
public sealed class WebhookEndpoint : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public required string Url { get; set; }

    /// <summary>Event names, or <c>["*"]</c> for all. Empty once the endpoint is disabled by a 410 answer.</summary>
    public List<string> Subscriptions { get; set; } = [WebhookEventNames.Wildcard];

    public string SignatureAlgorithm { get; set; } = SignatureAlgorithms.Ed25519;

    public required string ApiVersion { get; set; }

    /// <summary>Set for a product-scoped endpoint: it only receives events for resources of that product.</summary>
    public Guid? ProductId { get; set; }

    public bool Subscribes(string eventName) =>
        Subscriptions.Contains(WebhookEventNames.Wildcard) || Subscriptions.Contains(eventName);
}

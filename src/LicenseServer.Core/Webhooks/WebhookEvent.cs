using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Webhooks;

/// <summary>
/// One delivery of one event to one endpoint (resources.md §20). Its delivery state lives on the row,
/// so the delivery job can be run any number of times.
/// </summary>
public sealed class WebhookEvent : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    /// <summary>The endpoint it goes to; null once that endpoint is deleted.</summary>
    public Guid? EndpointId { get; set; }

    /// <summary>The endpoint URL when the event was made (the <c>endpoint</c> attribute).</summary>
    public required string Endpoint { get; set; }

    public required string ApiVersion { get; set; }

    /// <summary>The event name, e.g. <c>license.created</c>.</summary>
    public required string Event { get; set; }

    /// <summary>The JSON:API document of the affected resource, as a string.</summary>
    public required string Payload { get; set; }

    public string Status { get; set; } = WebhookStatuses.Delivering;

    public int? LastResponseCode { get; set; }

    public string? LastResponseBody { get; set; }

    /// <summary>64 characters shared by every retry of the same event.</summary>
    public required string IdempotencyToken { get; set; }

    /// <summary>Delivery attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due; null once DELIVERED or FAILED.</summary>
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>A delivery in progress holds the row until then; a crashed one lets it go when it passes.</summary>
    public DateTime? ClaimedUntil { get; set; }

    public bool IsPending => Status is WebhookStatuses.Delivering or WebhookStatuses.Failing;

    /// <summary>64 characters: random hex with the last two replaced by <c>v3</c>.</summary>
    public static string NewIdempotencyToken() => Secrets.RandomHex(32)[..62] + "v3";
}

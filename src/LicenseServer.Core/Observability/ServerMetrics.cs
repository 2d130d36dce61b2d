using System.Diagnostics;
using System.Diagnostics.Metrics;
using LicenseServer.Core.Licenses;

namespace LicenseServer.Core.Observability;

/// <summary>
/// The server's own counters, on one <see cref="Meter"/> named <see cref="MeterName"/> (the BCL's metrics API: Core
/// knows nothing of who listens). A counter with no listener costs a flag check; with one, an add with a few tags from
/// a small fixed set (codes and statuses, never ids or keys), so the hot path allocates nothing for it.
/// </summary>
public static class ServerMetrics
{
    /// <summary>The meter's name, for exporters to subscribe to (and for the API's gauges on the same name).</summary>
    public const string MeterName = "LicenseServer";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Validations = Meter.CreateCounter<long>(
        "licenseserver.license.validations", "{validation}", "License validations by result code (VALID, NOT_FOUND, EXPIRED, SUSPENDED, …) and validity.");

    private static readonly Counter<long> Activations = Meter.CreateCounter<long>(
        "licenseserver.machine.activations", "{activation}", "Machines activated.");

    private static readonly Counter<long> ActivationRejections = Meter.CreateCounter<long>(
        "licenseserver.machine.activation.rejections", "{activation}",
        "Machine activations refused by a rule (limits, fingerprint uniqueness, group room), by error code.");

    private static readonly Counter<long> ValidationsDropped = Meter.CreateCounter<long>(
        "licenseserver.validation_writer.dropped", "{validation}",
        "Validations whose event and lastValidated time were dropped: the writer's queue was full while the database was unavailable (README \"Scale out\").");

    private static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "licenseserver.webhook.deliveries", "{attempt}", "Webhook delivery attempts by the event's status after them (DELIVERED, FAILING, FAILED).");

    /// <summary>Counts one validation by its code and whether it was valid; returns the result for chaining.</summary>
    public static ValidationResult Validated(ValidationResult result)
    {
        if (Validations.Enabled)
        {
            Validations.Add(1, new TagList { { "code", result.Code }, { "valid", result.Valid ? "true" : "false" } });
        }

        return result;
    }

    public static void Activated() => Activations.Add(1);

    /// <summary>A validation whose side effects were dropped (the queue was full during an outage).</summary>
    public static void ValidationDropped() => ValidationsDropped.Add(1);

    /// <summary>A refused activation, by the code of its first error (<c>MACHINE_LIMIT_EXCEEDED</c>, <c>FINGERPRINT_TAKEN</c>, …).</summary>
    public static void ActivationRejected(DomainError error) =>
        ActivationRejections.Add(1, new KeyValuePair<string, object?>("code", error.Errors.Count > 0 ? error.Errors[0].Code ?? "NONE" : "NONE"));

    /// <summary>One delivery attempt, by the status it left the event in.</summary>
    public static void WebhookDelivered(string status) => WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("status", status));
}

using LicenseServer.Core.Webhooks;

namespace LicenseServer.Api.Webhooks;

/// <summary>The <c>webhook-events</c> resource; also the body of a delivery (behaviour.md §8).</summary>
public static class WebhookEventSerializer
{
    public const string Type = "webhook-events";

    public static void Write(Utf8JsonWriter w, WebhookEvent webhookEvent)
    {
        var self = w.BeginResource(Type, webhookEvent);
        w.WriteString("endpoint", webhookEvent.Endpoint);
        w.WriteString("apiVersion", webhookEvent.ApiVersion);
        w.WriteString("payload", webhookEvent.Payload);
        w.WriteString("event", webhookEvent.Event);
        w.WriteString("status", webhookEvent.Status);
        w.WriteNullableNumber("lastResponseCode", webhookEvent.LastResponseCode);
        w.WriteNullableString("lastResponseBody", webhookEvent.LastResponseBody);
        w.BeginRelationships(webhookEvent);
        w.EndRelationships(self);
        w.WriteStartObject("meta");
        w.WriteString("idempotencyToken", webhookEvent.IdempotencyToken);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The whole document <c>{"data": …}</c> as UTF-8, as a delivery sends it.</summary>
    public static byte[] Document(WebhookEvent webhookEvent)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            Write(w, webhookEvent);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }
}

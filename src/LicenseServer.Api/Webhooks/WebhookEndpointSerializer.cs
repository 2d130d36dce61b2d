using LicenseServer.Core.Webhooks;

namespace LicenseServer.Api.Webhooks;

public static class WebhookEndpointSerializer
{
    public const string Type = "webhook-endpoints";

    public static void Write(Utf8JsonWriter w, WebhookEndpoint endpoint)
    {
        var self = w.BeginResource(Type, endpoint);
        w.WriteString("url", endpoint.Url);
        w.WriteStringArray("subscriptions", endpoint.Subscriptions);
        w.WriteString("signatureAlgorithm", endpoint.SignatureAlgorithm);
        w.WriteString("apiVersion", endpoint.ApiVersion);
        w.BeginRelationships(endpoint);
        w.WriteToOne("product", $"{self}/product", "products", endpoint.ProductId);
        w.EndResource(self);
    }
}

using System.Text.Json;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Webhooks;

namespace LicenseServer.Api.Webhooks;

public static class WebhookEndpointSerializer
{
    public const string Type = "webhook-endpoints";

    public static void Write(Utf8JsonWriter w, WebhookEndpoint endpoint)
    {
        var self = Links.Resource(endpoint.AccountId, Type, endpoint.Id);
        w.WriteStartObject();
        w.WriteString("id", endpoint.Id);
        w.WriteString("type", Type);
        w.WriteStartObject("attributes");
        w.WriteString("url", endpoint.Url);
        w.WriteStringArray("subscriptions", endpoint.Subscriptions);
        w.WriteString("signatureAlgorithm", endpoint.SignatureAlgorithm);
        w.WriteString("apiVersion", endpoint.ApiVersion);
        w.WriteTime("created", endpoint.Created);
        w.WriteTime("updated", endpoint.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteToOne("account", Links.Account(endpoint.AccountId), "accounts", endpoint.AccountId);
        w.WriteToOne("product", $"{self}/product", "products", endpoint.ProductId);
        w.WriteEndObject();
        w.WriteSelfLink(self);
        w.WriteEndObject();
    }
}

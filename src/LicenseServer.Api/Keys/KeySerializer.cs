using System.Text.Json;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Keys;

namespace LicenseServer.Api.Keys;

public static class KeySerializer
{
    public const string Type = "keys";

    public static void Write(Utf8JsonWriter w, Key key)
    {
        var self = Links.Resource(key.AccountId, Type, key.Id);
        w.WriteStartObject();
        w.WriteString("id", key.Id);
        w.WriteString("type", Type);
        w.WriteStartObject("attributes");
        w.WriteString("key", key.Value);
        w.WriteTime("created", key.Created);
        w.WriteTime("updated", key.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteToOne("account", Links.Account(key.AccountId), "accounts", key.AccountId);
        w.WriteToOne("product", $"{self}/product", "products", key.ProductId);
        w.WriteToOne("policy", $"{self}/policy", "policies", key.PolicyId);
        w.WriteEndObject();
        w.WriteSelfLink(self);
        w.WriteEndObject();
    }
}

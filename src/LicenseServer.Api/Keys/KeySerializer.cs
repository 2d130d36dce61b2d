using LicenseServer.Core.Keys;

namespace LicenseServer.Api.Keys;

public static class KeySerializer
{
    public const string Type = "keys";

    public static void Write(Utf8JsonWriter w, Key key)
    {
        var self = w.BeginResource(Type, key);
        w.WriteString("key", key.Value);
        w.BeginRelationships(key);
        w.WriteToOne("product", $"{self}/product", "products", key.ProductId);
        w.WriteToOne("policy", $"{self}/policy", "policies", key.PolicyId);
        w.EndResource(self);
    }
}

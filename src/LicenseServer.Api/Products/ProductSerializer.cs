using System.Text.Json;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Products;

namespace LicenseServer.Api.Products;

public static class ProductSerializer
{
    public const string Type = "products";

    public static void Write(Utf8JsonWriter w, Product product)
    {
        var self = Links.Resource(product.AccountId, Type, product.Id);
        w.WriteStartObject();
        w.WriteString("id", product.Id);
        w.WriteString("type", Type);
        w.WriteStartObject("attributes");
        w.WriteString("name", product.Name);
        w.WriteNullableString("code", product.Code);
        w.WriteString("distributionStrategy", product.DistributionStrategy);
        w.WriteNullableString("url", product.Url);
        w.WriteStringArray("platforms", product.Platforms);
        MetadataJson.Write(w, "metadata", product.Metadata);
        w.WriteTime("created", product.Created);
        w.WriteTime("updated", product.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteToOne("account", Links.Account(product.AccountId), "accounts", product.AccountId);
        w.WriteToMany("policies", $"{self}/policies");
        w.WriteToMany("licenses", $"{self}/licenses");
        w.WriteToMany("machines", $"{self}/machines");
        w.WriteToMany("users", $"{self}/users");
        w.WriteToMany("tokens", $"{self}/tokens");
        w.WriteEndObject();
        w.WriteSelfLink(self);
        w.WriteEndObject();
    }
}

using LicenseServer.Core.Permissions;
using LicenseServer.Core.Products;

namespace LicenseServer.Api.Products;

public static class ProductSerializer
{
    public const string Type = "products";

    public static void Write(Utf8JsonWriter w, Product product)
    {
        var self = w.BeginResource(Type, product);
        w.WriteString("name", product.Name);
        w.WriteNullableString("code", product.Code);
        w.WriteString("distributionStrategy", product.DistributionStrategy);
        w.WriteNullableString("url", product.Url);
        w.WriteStringArray("platforms", product.Platforms);
        w.WriteStringArray("permissions", Grants.Rendered("product", product.Permissions));
        w.BeginRelationships(product, product.Metadata);
        w.WriteToMany("policies", $"{self}/policies");
        w.WriteToMany("licenses", $"{self}/licenses");
        w.WriteToMany("machines", $"{self}/machines");
        w.WriteToMany("users", $"{self}/users");
        w.WriteToMany("tokens", $"{self}/tokens");
        w.EndResource(self);
    }
}

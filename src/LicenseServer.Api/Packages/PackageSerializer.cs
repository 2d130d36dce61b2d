using LicenseServer.Api.Products;
using LicenseServer.Core.Distribution;

namespace LicenseServer.Api.Packages;

public static class PackageSerializer
{
    public const string Type = "packages";

    public static void Write(Utf8JsonWriter w, Package package)
    {
        var self = w.BeginResource(Type, package);
        w.WriteString("name", package.Name);
        w.WriteString("key", package.Key);
        w.WriteNullableString("engine", package.Engine);
        w.BeginRelationships(package, package.Metadata);
        w.WriteToOne("product", Links.Resource(package.AccountId, ProductSerializer.Type, package.ProductId), ProductSerializer.Type, package.ProductId);
        w.WriteToMany("releases", $"{self}/releases");
        w.EndResource(self);
    }
}

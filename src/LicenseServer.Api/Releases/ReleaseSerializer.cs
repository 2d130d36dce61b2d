using LicenseServer.Api.Products;
using LicenseServer.Core.Distribution;

namespace LicenseServer.Api.Releases;

public static class ReleaseSerializer
{
    public const string Type = "releases";

    public static void Write(Utf8JsonWriter w, Release release)
    {
        var self = w.BeginResource(Type, release);
        w.WriteNullableString("name", release.Name);
        w.WriteNullableString("description", release.Description);
        w.WriteString("channel", release.Channel);
        w.WriteString("status", release.Status);
        w.WriteNullableString("tag", release.Tag);
        w.WriteString("version", release.Version);
        w.WriteStartObject("semver");
        w.WriteNumber("major", release.Major);
        w.WriteNumber("minor", release.Minor);
        w.WriteNumber("patch", release.Patch);
        w.WriteNullableString("prerelease", release.Prerelease);
        w.WriteNullableString("build", release.Build);
        w.WriteEndObject();
        w.WriteTime("backdated", release.Backdated);
        w.WriteTime("yanked", release.Yanked);
        w.BeginRelationships(release, release.Metadata);
        w.WriteToOne("product", $"{self}/product", ProductSerializer.Type, release.ProductId);
        w.WriteToOne("package", $"{self}/package", Packages.PackageSerializer.Type, release.PackageId);
        w.WriteToMany("entitlements", $"{self}/entitlements");
        w.WriteToMany("constraints", $"{self}/constraints");
        w.WriteToMany("artifacts", $"{self}/artifacts");
        w.WriteToMany("upgrade", $"{self}/upgrade");
        w.EndResource(self);
    }
}

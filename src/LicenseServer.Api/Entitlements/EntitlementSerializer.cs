using LicenseServer.Core.Entitlements;

namespace LicenseServer.Api.Entitlements;

public static class EntitlementSerializer
{
    public const string Type = "entitlements";

    public static void Write(Utf8JsonWriter w, Entitlement entitlement)
    {
        var self = w.BeginResource(Type, entitlement);
        w.WriteString("name", entitlement.Name);
        w.WriteString("code", entitlement.Code);
        w.BeginRelationships(entitlement, entitlement.Metadata);
        w.EndResource(self);
    }
}

using System.Text.Json;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Entitlements;

namespace LicenseServer.Api.Entitlements;

public static class EntitlementSerializer
{
    public const string Type = "entitlements";

    public static void Write(Utf8JsonWriter w, Entitlement entitlement)
    {
        w.WriteStartObject();
        w.WriteString("id", entitlement.Id);
        w.WriteString("type", Type);
        w.WriteStartObject("attributes");
        w.WriteString("name", entitlement.Name);
        w.WriteString("code", entitlement.Code);
        MetadataJson.Write(w, "metadata", entitlement.Metadata);
        w.WriteTime("created", entitlement.Created);
        w.WriteTime("updated", entitlement.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteToOne("account", Links.Account(entitlement.AccountId), "accounts", entitlement.AccountId);
        w.WriteEndObject();
        w.WriteSelfLink(Links.Resource(entitlement.AccountId, Type, entitlement.Id));
        w.WriteEndObject();
    }
}

using System.Text.Json;
using LicenseServer.Api.Entitlements;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Licenses;

namespace LicenseServer.Api.Licenses;

/// <summary>The <c>license-entitlements</c> join resource returned by attach.</summary>
public static class LicenseEntitlementSerializer
{
    public const string Type = "license-entitlements";

    public static void Write(Utf8JsonWriter w, LicenseEntitlement row)
    {
        var license = Links.Resource(row.AccountId, LicenseSerializer.Type, row.LicenseId);
        w.WriteStartObject();
        w.WriteString("id", row.Id);
        w.WriteString("type", Type);
        w.WriteStartObject("attributes");
        w.WriteTime("created", row.Created);
        w.WriteTime("updated", row.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteToOne("account", Links.Account(row.AccountId), "accounts", row.AccountId);
        w.WriteToOne("entitlement", Links.Resource(row.AccountId, EntitlementSerializer.Type, row.EntitlementId), EntitlementSerializer.Type, row.EntitlementId);
        w.WriteToOne("license", license, LicenseSerializer.Type, row.LicenseId);
        w.WriteEndObject();
        w.WriteStartObject("links");
        w.WriteString("related", $"{license}/entitlements/{row.EntitlementId}");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

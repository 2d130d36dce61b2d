using System.Text.Json;
using LicenseServer.Api.Entitlements;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Policies;

namespace LicenseServer.Api.Policies;

/// <summary>The <c>policy-entitlements</c> join resource returned by attach.</summary>
public static class PolicyEntitlementSerializer
{
    public const string Type = "policy-entitlements";

    public static void Write(Utf8JsonWriter w, PolicyEntitlement row)
    {
        var policy = Links.Resource(row.AccountId, PolicySerializer.Type, row.PolicyId);
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
        w.WriteToOne("policy", policy, PolicySerializer.Type, row.PolicyId);
        w.WriteEndObject();
        w.WriteStartObject("links");
        w.WriteString("related", $"{policy}/entitlements/{row.EntitlementId}");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

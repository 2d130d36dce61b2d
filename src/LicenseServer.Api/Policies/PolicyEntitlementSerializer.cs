using LicenseServer.Api.Entitlements;
using LicenseServer.Core.Policies;

namespace LicenseServer.Api.Policies;

/// <summary>The <c>policy-entitlements</c> join resource returned by attach.</summary>
public static class PolicyEntitlementSerializer
{
    public const string Type = "policy-entitlements";

    public static void Write(Utf8JsonWriter w, PolicyEntitlement row) => JoinSerializer.Write(w, Type, row,
        ("entitlement", EntitlementSerializer.Type, row.EntitlementId),
        ("policy", PolicySerializer.Type, row.PolicyId),
        ("related", $"{Links.Resource(row.AccountId, PolicySerializer.Type, row.PolicyId)}/entitlements/{row.EntitlementId}"));
}

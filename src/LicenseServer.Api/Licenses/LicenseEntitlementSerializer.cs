using LicenseServer.Api.Entitlements;
using LicenseServer.Core.Licenses;

namespace LicenseServer.Api.Licenses;

/// <summary>The <c>license-entitlements</c> join resource returned by attach.</summary>
public static class LicenseEntitlementSerializer
{
    public const string Type = "license-entitlements";

    public static void Write(Utf8JsonWriter w, LicenseEntitlement row) => JoinSerializer.Write(w, Type, row,
        ("entitlement", EntitlementSerializer.Type, row.EntitlementId),
        ("license", LicenseSerializer.Type, row.LicenseId),
        ("related", $"{Links.Resource(row.AccountId, LicenseSerializer.Type, row.LicenseId)}/entitlements/{row.EntitlementId}"));
}

using LicenseServer.Api.Entitlements;
using LicenseServer.Core.Distribution;

namespace LicenseServer.Api.Releases;

/// <summary>The <c>constraints</c> resource (distribution.md §5): a release's entitlement constraint.</summary>
public static class ReleaseConstraintSerializer
{
    public const string Type = "constraints";

    public static void Write(Utf8JsonWriter w, ReleaseConstraint row) => JoinSerializer.Write(w, Type, row,
        ("entitlement", EntitlementSerializer.Type, row.EntitlementId),
        ("release", ReleaseSerializer.Type, row.ReleaseId),
        ("related", $"{Links.Resource(row.AccountId, ReleaseSerializer.Type, row.ReleaseId)}/constraints/{row.Id}"));
}

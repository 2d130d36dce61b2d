using LicenseServer.Core.Auth;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Users;

namespace LicenseServer.Tests.Access;

/// <summary>
/// <see cref="LicenseAccess"/> as a table (resources.md §21): each row names a permission (§23), the license's
/// situation, and every bearer allowed. The columns: the staff roles and read-only, the license's owner, another
/// end user (attached or not: the scope decides), our product, and the license itself.
/// </summary>
public sealed class WhoMayActOnLicenses
{
    private const string Open = "open";
    private const string Protected = "protected";
    private const string ProtectedPolicyOnly = "protected policy, unprotected license";
    private const string ProtectedLicenseOnly = "protected license, unprotected policy";
    private const string OtherProduct = "another product's license";

    private const string Vendors = "admin developer sales-agent product";
    private const string VendorsAndSupport = "admin developer sales-agent support-agent product";

    private static readonly Dictionary<string, Func<Situation, Func<Bearer, bool>>> Actions = new()
    {
        ["license.read (index)"] = _ => LicenseAccess.CanList,
        ["license.create (for the owner)"] = s => b => LicenseAccess.CanCreate(b, s.Policy, s.OwnerId),
        ["privileged attributes"] = _ => LicenseAccess.CanSetPrivileged,
        ["license.update"] = _ => LicenseAccess.CanUpdate,
        ["license.delete"] = s => b => LicenseAccess.CanDelete(b, s.License),
        ["license.renew"] = s => b => LicenseAccess.CanRenew(b, s.License),
        ["license.revoke"] = s => b => LicenseAccess.CanRevoke(b, s.License),
        ["license.suspend"] = _ => LicenseAccess.CanSuspend,
        ["license.reinstate"] = _ => LicenseAccess.CanReinstate,
        ["license.check-in"] = s => b => LicenseAccess.CanCheckIn(b, s.License),
        ["license.usage.increment"] = s => b => LicenseAccess.CanIncrementUsage(b, s.License),
        ["license.usage.decrement"] = _ => LicenseAccess.CanDecrementUsage,
        ["license.usage.reset"] = _ => LicenseAccess.CanResetUsage,
        ["license.check-out"] = s => b => LicenseAccess.CanCheckOut(b, s.License),
        ["license.owner.update"] = _ => LicenseAccess.CanChangeOwner,
        ["license.group.update"] = _ => LicenseAccess.CanChangeGroup,
        ["license.tokens.generate"] = _ => LicenseAccess.CanGenerateTokens,
        ["license.tokens.read"] = s => b => LicenseAccess.CanReadTokens(b, s.License),
        ["license.entitlements.attach"] = _ => LicenseAccess.CanAttachEntitlements,
        ["license.entitlements.detach"] = _ => LicenseAccess.CanDetachEntitlements,
        ["license.users.attach"] = _ => LicenseAccess.CanAttachUsers,
        ["license.users.detach"] = _ => LicenseAccess.CanDetachUsers,
        ["license.policy.update (to its own policy)"] = s => b => LicenseAccess.CanChangePolicy(b, s.License, s.Policy),
    };

    [Theory]
    [InlineData("license.read (index)", Open, "admin developer sales-agent support-agent read-only owner user product")]
    [InlineData("license.create (for the owner)", Open, Vendors + " owner")]
    [InlineData("license.create (for the owner)", Protected, Vendors)]
    [InlineData("license.create (for the owner)", OtherProduct, "admin developer sales-agent owner")]
    [InlineData("privileged attributes", Open, Vendors)]
    [InlineData("license.update", Open, VendorsAndSupport)]
    [InlineData("license.delete", Open, Vendors + " owner")]
    [InlineData("license.delete", Protected, Vendors)]
    [InlineData("license.delete", ProtectedPolicyOnly, Vendors)]
    [InlineData("license.delete", ProtectedLicenseOnly, Vendors + " owner")]
    [InlineData("license.renew", Open, Vendors + " owner")]
    [InlineData("license.renew", ProtectedPolicyOnly, Vendors)]
    [InlineData("license.revoke", Open, Vendors + " owner")]
    [InlineData("license.revoke", ProtectedPolicyOnly, Vendors)]
    [InlineData("license.suspend", Open, VendorsAndSupport)]
    [InlineData("license.reinstate", Open, VendorsAndSupport)]
    [InlineData("license.check-in", Open, VendorsAndSupport + " owner license")]
    [InlineData("license.check-in", ProtectedLicenseOnly, VendorsAndSupport + " license")]
    [InlineData("license.check-in", ProtectedPolicyOnly, VendorsAndSupport + " owner license")]
    [InlineData("license.usage.increment", Open, VendorsAndSupport + " owner license")]
    [InlineData("license.usage.increment", Protected, VendorsAndSupport + " license")]
    [InlineData("license.usage.decrement", Open, VendorsAndSupport)]
    [InlineData("license.usage.reset", Open, VendorsAndSupport)]
    [InlineData("license.check-out", Open, VendorsAndSupport + " owner user license")]
    [InlineData("license.check-out", Protected, VendorsAndSupport + " license")]
    [InlineData("license.owner.update", Open, Vendors)]
    [InlineData("license.group.update", Open, Vendors)]
    [InlineData("license.tokens.generate", Open, Vendors)]
    [InlineData("license.tokens.read", Open, Vendors + " license")]
    [InlineData("license.entitlements.attach", Open, Vendors)]
    [InlineData("license.entitlements.detach", Open, Vendors)]
    [InlineData("license.users.attach", Open, VendorsAndSupport)]
    [InlineData("license.users.detach", Open, VendorsAndSupport)]
    [InlineData("license.policy.update (to its own policy)", Open, Vendors + " owner")]
    [InlineData("license.policy.update (to its own policy)", ProtectedLicenseOnly, Vendors)]
    [InlineData("license.policy.update (to its own policy)", ProtectedPolicyOnly, Vendors)]
    [InlineData("license.policy.update (to its own policy)", OtherProduct, "admin developer sales-agent owner")]
    public void Each_action_allows_exactly_the_bearers_in_its_row(string action, string situation, string allowed)
    {
        var s = Situation.Of(situation);

        AccessTable.AssertAllows(allowed, s.Bearers, Actions[action](s));
    }

    /// <summary>A license of one policy, owned by one user; our product owns both unless the situation says otherwise.</summary>
    private sealed record Situation(License License, Policy Policy, Guid OwnerId, List<(string Name, Bearer Bearer)> Bearers)
    {
        public static Situation Of(string name)
        {
            var ourProduct = Guid.NewGuid();
            var productId = name == OtherProduct ? Guid.NewGuid() : ourProduct;
            var owner = AccessTable.NewUser(Roles.User);
            var policy = new Policy { Name = "Policy", ProductId = productId, Protected = name is Protected or ProtectedPolicyOnly };
            var license = new License
            {
                Key = "KEY",
                KeyDigest = "DIGEST",
                ProductId = productId,
                PolicyId = policy.Id,
                Policy = policy,
                OwnerId = owner.Id,
                Protected = name is Protected or ProtectedLicenseOnly,
            };
            List<(string, Bearer)> bearers =
            [
                .. AccessTable.StaffRoles.Select(role => (role, AccessTable.UserBearer(role))),
                ("owner", Bearer.ForUser(owner, null)),
                ("user", AccessTable.UserBearer(Roles.User)),
                ("product", AccessTable.ProductBearer(ourProduct)),
                ("license", Bearer.ForLicense(license, null)),
            ];
            return new Situation(license, policy, owner.Id, bearers);
        }
    }
}

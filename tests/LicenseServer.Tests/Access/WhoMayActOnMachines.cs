using LicenseServer.Core.Auth;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Users;

namespace LicenseServer.Tests.Access;

/// <summary>
/// <see cref="MachineAccess"/> as a table (resources.md §21): machines, their components and processes. The columns:
/// the staff roles and read-only, the license's owner, another end user (the scope decides which machines they see),
/// our product, and the machine's license.
/// </summary>
public sealed class WhoMayActOnMachines
{
    private const string Open = "open";
    private const string Protected = "protected license";
    private const string OtherProduct = "another product's license";

    private const string Vendors = "admin developer sales-agent product";
    private const string VendorsAndSupport = "admin developer sales-agent support-agent product";

    private static readonly Dictionary<string, Func<Machine, Func<Bearer, bool>>> Actions = new()
    {
        ["privileged attributes"] = _ => MachineAccess.CanSetPrivileged,
        ["machine.create"] = m => b => MachineAccess.CanCreate(b, m.LoadedLicense, ownerId: null),
        ["machine.update"] = m => b => MachineAccess.CanUpdate(b, m),
        ["machine.delete"] = m => b => MachineAccess.CanDelete(b, m),
        ["machine.heartbeat.ping"] = m => b => MachineAccess.CanPing(b, m),
        ["machine.heartbeat.reset"] = _ => MachineAccess.CanReset,
        ["machine.check-out"] = m => b => MachineAccess.CanCheckOut(b, m),
        ["machine.proofs.generate"] = m => b => MachineAccess.CanGenerateProof(b, m),
        ["proof dataset"] = _ => MachineAccess.CanSupplyProofDataset,
        ["machine.owner.update"] = _ => MachineAccess.CanChangeOwner,
        ["machine.group.update"] = _ => MachineAccess.CanChangeGroup,
        ["component.create"] = m => b => MachineAccess.CanCreateComponent(b, m),
        ["component.update"] = m => b => MachineAccess.CanUpdateComponent(b, m),
        ["component metadata"] = _ => MachineAccess.CanSetComponentMetadata,
        ["component.delete"] = m => b => MachineAccess.CanDeleteComponent(b, m),
        ["process.create"] = m => b => MachineAccess.CanCreateProcess(b, m),
        ["process.update"] = _ => MachineAccess.CanUpdateProcess,
        ["process.delete"] = m => b => MachineAccess.CanDeleteProcess(b, m),
        ["process.heartbeat.ping"] = m => b => MachineAccess.CanPingProcess(b, m),
    };

    [Theory]
    [InlineData("privileged attributes", Open, Vendors)]
    [InlineData("machine.create", Open, Vendors + " owner license")]
    [InlineData("machine.create", Protected, Vendors + " license")]
    [InlineData("machine.create", OtherProduct, "admin developer sales-agent owner license")]
    [InlineData("machine.update", Open, VendorsAndSupport + " owner user license")]
    [InlineData("machine.update", Protected, VendorsAndSupport)]
    [InlineData("machine.delete", Open, Vendors + " owner user license")]
    [InlineData("machine.delete", Protected, Vendors + " license")]
    [InlineData("machine.heartbeat.ping", Open, "admin developer product owner user license")]
    [InlineData("machine.heartbeat.ping", Protected, "admin developer product license")]
    [InlineData("machine.heartbeat.reset", Open, Vendors)]
    [InlineData("machine.check-out", Open, VendorsAndSupport + " owner user license")]
    [InlineData("machine.check-out", Protected, VendorsAndSupport + " license")]
    [InlineData("machine.proofs.generate", Open, Vendors + " owner user license")]
    [InlineData("machine.proofs.generate", Protected, Vendors + " license")]
    [InlineData("proof dataset", Open, VendorsAndSupport)]
    [InlineData("machine.owner.update", Open, Vendors)]
    [InlineData("machine.group.update", Open, Vendors)]
    [InlineData("component.create", Open, Vendors + " owner user license")]
    [InlineData("component.create", Protected, Vendors + " license")]
    [InlineData("component.update", Open, VendorsAndSupport + " owner user license")]
    [InlineData("component.update", Protected, VendorsAndSupport)]
    [InlineData("component metadata", Open, VendorsAndSupport)]
    [InlineData("component.delete", Open, Vendors + " owner user license")]
    [InlineData("component.delete", Protected, Vendors + " license")]
    [InlineData("process.create", Open, Vendors + " owner user license")]
    [InlineData("process.create", Protected, Vendors + " license")]
    [InlineData("process.update", Open, VendorsAndSupport)]
    [InlineData("process.delete", Open, Vendors + " owner user license")]
    [InlineData("process.delete", Protected, Vendors + " license")]
    [InlineData("process.heartbeat.ping", Open, "admin developer product owner user license")]
    [InlineData("process.heartbeat.ping", Protected, "admin developer product license")]
    public void Each_action_allows_exactly_the_bearers_in_its_row(string action, string situation, string allowed)
    {
        var ourProduct = Guid.NewGuid();
        var owner = AccessTable.NewUser(Roles.User);
        var productId = situation == OtherProduct ? Guid.NewGuid() : ourProduct;
        var policy = new Policy { Name = "Policy", ProductId = productId };
        var license = new License
        {
            Key = "KEY",
            KeyDigest = "DIGEST",
            ProductId = productId,
            PolicyId = policy.Id,
            Policy = policy,
            OwnerId = owner.Id,
            Protected = situation == Protected,
        };
        var machine = new Machine { Fingerprint = "FP", LicenseId = license.Id, License = license };
        List<(string, Bearer)> bearers =
        [
            .. AccessTable.StaffRoles.Select(role => (role, AccessTable.UserBearer(role))),
            ("owner", Bearer.ForUser(owner, null)),
            ("user", AccessTable.UserBearer(Roles.User)),
            ("product", AccessTable.ProductBearer(ourProduct)),
            ("license", Bearer.ForLicense(license, null)),
        ];

        AccessTable.AssertAllows(allowed, bearers, Actions[action](machine));
    }

    [Fact]
    public void Only_the_machines_own_license_creates_machines_on_it()
    {
        var license = new License { Key = "KEY", KeyDigest = "DIGEST" };
        var another = new License { Key = "OTHER", KeyDigest = "OTHER" };

        Assert.True(MachineAccess.CanCreate(Bearer.ForLicense(license, null), license, ownerId: null));
        Assert.False(MachineAccess.CanCreate(Bearer.ForLicense(another, null), license, ownerId: null));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void A_user_creates_a_machine_on_a_license_they_do_not_own_only_by_naming_themself_owner_of_an_unprotected_one(bool isProtected, bool allowed)
    {
        var user = AccessTable.NewUser(Roles.User);
        var license = new License { Key = "KEY", KeyDigest = "DIGEST", OwnerId = Guid.NewGuid(), Protected = isProtected };
        var bearer = Bearer.ForUser(user, null);

        Assert.Equal(allowed, MachineAccess.CanCreate(bearer, license, ownerId: user.Id));
        Assert.False(MachineAccess.CanCreate(bearer, license, ownerId: null));
    }
}

using LicenseServer.Core.Accounts;
using LicenseServer.Core.Auth;
using LicenseServer.Core.Entitlements;
using LicenseServer.Core.Keys;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Products;

namespace LicenseServer.Tests.Access;

/// <summary>
/// The access tables that depend on the bearer's role alone (resources.md §21): the account, products, policies,
/// pooled keys and entitlements. The columns: the staff roles and read-only, an end user, a product and a license.
/// Which records a product sees is the scope's business, so a product here acts on its own.
/// </summary>
public sealed class WhoMayActOnTheCatalogue
{
    private const string Readers = "admin developer sales-agent support-agent read-only";

    private static readonly Dictionary<string, Func<Bearer, bool>> Actions = new()
    {
        ["account.read"] = AccountAccess.CanRead,
        ["account.update"] = AccountAccess.CanUpdate,
        ["product.read (index)"] = ProductAccess.CanList,
        ["product.read"] = ProductAccess.CanShow,
        ["product.create"] = ProductAccess.CanCreate,
        ["product.update"] = ProductAccess.CanUpdate,
        ["product.delete"] = ProductAccess.CanDelete,
        ["product.tokens.read"] = ProductAccess.CanReadTokens,
        ["policy.read"] = PolicyAccess.CanRead,
        ["policy.create"] = PolicyAccess.CanCreate,
        ["policy.update"] = PolicyAccess.CanUpdate,
        ["policy.delete"] = PolicyAccess.CanDelete,
        ["policy.pool.pop"] = PolicyAccess.CanPopPool,
        ["policy.entitlements.attach"] = PolicyAccess.CanAttachEntitlements,
        ["policy.entitlements.detach"] = PolicyAccess.CanDetachEntitlements,
        ["key.read"] = KeyAccess.CanRead,
        ["key.create"] = KeyAccess.CanCreate,
        ["key.update"] = KeyAccess.CanUpdate,
        ["key.delete"] = KeyAccess.CanDelete,
        ["entitlement.read"] = EntitlementAccess.CanRead,
        ["entitlement.create"] = EntitlementAccess.CanCreate,
        ["entitlement.update"] = EntitlementAccess.CanUpdate,
        ["entitlement.delete"] = EntitlementAccess.CanDelete,
    };

    [Theory]
    [InlineData("account.read", Readers + " product")]
    [InlineData("account.update", "admin developer")]
    [InlineData("product.read (index)", Readers)]
    [InlineData("product.read", Readers + " product")]
    [InlineData("product.create", "admin developer")]
    [InlineData("product.update", "admin developer product")]
    [InlineData("product.delete", "admin developer")]
    [InlineData("product.tokens.read", "admin developer product")]
    [InlineData("policy.read", Readers + " product")]
    [InlineData("policy.create", "admin developer sales-agent product")]
    [InlineData("policy.update", "admin developer sales-agent product")]
    [InlineData("policy.delete", "admin developer product")]
    [InlineData("policy.pool.pop", "admin developer product")]
    [InlineData("policy.entitlements.attach", "admin developer product")]
    [InlineData("policy.entitlements.detach", "admin developer product")]
    [InlineData("key.read", Readers + " product")]
    [InlineData("key.create", "admin developer product")]
    [InlineData("key.update", "admin developer product")]
    [InlineData("key.delete", "admin developer product")]
    [InlineData("entitlement.read", Readers + " user product license")]
    [InlineData("entitlement.create", "admin developer")]
    [InlineData("entitlement.update", "admin developer")]
    [InlineData("entitlement.delete", "admin developer")]
    public void Each_action_allows_exactly_the_bearers_in_its_row(string action, string allowed) =>
        AccessTable.AssertAllows(allowed, AccessTable.EveryRole(), Actions[action]);

    [Fact]
    public void A_product_creates_policies_only_for_itself()
    {
        var product = new Product { Name = "Ours" };
        var other = new Product { Name = "Theirs" };
        var bearer = AccessTable.ProductBearer(product.Id);

        Assert.True(PolicyAccess.CanCreateFor(bearer, product));
        Assert.False(PolicyAccess.CanCreateFor(bearer, other));
        Assert.True(PolicyAccess.CanCreateFor(AccessTable.UserBearer(Core.Users.Roles.SalesAgent), other));
    }

    [Fact]
    public void A_product_fills_only_its_own_policies_pools()
    {
        var product = Guid.NewGuid();
        var bearer = AccessTable.ProductBearer(product);

        Assert.True(KeyAccess.CanCreateFor(bearer, new Policy { Name = "Ours", ProductId = product }));
        Assert.False(KeyAccess.CanCreateFor(bearer, new Policy { Name = "Theirs", ProductId = Guid.NewGuid() }));
        Assert.True(KeyAccess.CanCreateFor(AccessTable.UserBearer(Core.Users.Roles.Admin), new Policy { Name = "Theirs", ProductId = Guid.NewGuid() }));
    }
}

using LicenseServer.Core.Auth;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Users;
using LicenseServer.Core.Webhooks;

namespace LicenseServer.Tests.Access;

/// <summary>
/// <see cref="GroupAccess"/> and <see cref="WebhookAccess"/> as tables (resources.md §21). The columns: the staff
/// roles and read-only, an end user, a product and a license; for groups also a user who owns the group.
/// </summary>
public sealed class WhoMayActOnGroupsAndWebhooks
{
    private const string Readers = "admin developer sales-agent support-agent read-only";

    private static readonly Dictionary<string, Func<Bearer, bool, bool>> GroupActions = new()
    {
        ["group.read"] = (b, _) => GroupAccess.CanRead(b),
        ["group.create"] = (b, _) => GroupAccess.CanCreate(b),
        ["group.update"] = (b, _) => GroupAccess.CanUpdate(b),
        ["group.delete"] = (b, _) => GroupAccess.CanDelete(b),
        ["group.owners.attach"] = (b, _) => GroupAccess.CanAttachOwners(b),
        ["group.owners.detach"] = (b, _) => GroupAccess.CanDetachOwners(b),
        ["group.users.read"] = GroupAccess.CanReadUsers,
        ["group.owners.read"] = GroupAccess.CanReadOwners,
        ["group.licenses.read"] = GroupAccess.CanReadLicenses,
    };

    private static readonly Dictionary<string, Func<Bearer, bool>> WebhookActions = new()
    {
        ["webhook-endpoint.read"] = WebhookAccess.CanReadEndpoints,
        ["webhook-endpoint.create"] = WebhookAccess.CanCreateEndpoint,
        ["webhook-endpoint.update"] = WebhookAccess.CanUpdateEndpoint,
        ["webhook-endpoint.delete"] = WebhookAccess.CanDeleteEndpoint,
        ["webhook-event.read"] = WebhookAccess.CanReadEvents,
        ["webhook-event.retry"] = WebhookAccess.CanRetryEvent,
        ["webhook-event.delete"] = WebhookAccess.CanDeleteEvent,
    };

    [Theory]
    [InlineData("group.read", Readers + " user owner product")]
    [InlineData("group.create", "admin developer product")]
    [InlineData("group.update", "admin developer product")]
    [InlineData("group.delete", "admin developer product")]
    [InlineData("group.owners.attach", "admin developer product")]
    [InlineData("group.owners.detach", "admin developer product")]
    [InlineData("group.users.read", Readers + " owner product")]
    [InlineData("group.owners.read", Readers + " owner product")]
    [InlineData("group.licenses.read", Readers + " owner product")]
    public void Each_group_action_allows_exactly_the_bearers_in_its_row(string action, string allowed)
    {
        var owner = AccessTable.UserBearer(Roles.User);
        List<(string, Bearer)> bearers = [.. AccessTable.EveryRole(), ("owner", owner)];

        AccessTable.AssertAllows(allowed, bearers, b => GroupActions[action](b, b == owner));
    }

    [Theory]
    [InlineData("webhook-endpoint.read", "admin developer read-only product")]
    [InlineData("webhook-endpoint.create", "admin developer product")]
    [InlineData("webhook-endpoint.update", "admin developer product")]
    [InlineData("webhook-endpoint.delete", "admin developer product")]
    [InlineData("webhook-event.read", "admin developer read-only product")]
    [InlineData("webhook-event.retry", "admin developer")]
    [InlineData("webhook-event.delete", "admin developer")]
    public void Each_webhook_action_allows_exactly_the_bearers_in_its_row(string action, string allowed) =>
        AccessTable.AssertAllows(allowed, AccessTable.EveryRole(), WebhookActions[action]);

    [Fact]
    public void A_product_scopes_webhook_endpoints_only_to_itself()
    {
        var product = Guid.NewGuid();
        var bearer = AccessTable.ProductBearer(product);

        Assert.True(WebhookAccess.CanScopeEndpointTo(bearer, product));
        Assert.False(WebhookAccess.CanScopeEndpointTo(bearer, Guid.NewGuid()));
        Assert.False(WebhookAccess.CanScopeEndpointTo(bearer, null));
        Assert.True(WebhookAccess.CanScopeEndpointTo(AccessTable.UserBearer(Roles.Admin), Guid.NewGuid()));
    }
}

using LicenseServer.Core.Errors;
using LicenseServer.Core.Permissions;

namespace LicenseServer.Tests.Permissions;

/// <summary>The permission strings, the sets per role and what stored lists mean (enterprise.md §5.1, §5.2, §9).</summary>
public sealed class PermissionSets
{
    [Fact]
    public void Every_string_is_listed_once_in_byte_order()
    {
        var all = Core.Permissions.Permissions.All;

        Assert.Equal(144, all.Count);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Theory]
    [InlineData("user", "license.validate machine.create token.generate user.update license.check-out", "account.read policy.read product.read license.users.attach license.users.detach admin.read license.suspend")]
    [InlineData("license", "license.validate license.check-in machine.create machine.heartbeat.ping token.regenerate", "account.read product.read policy.read user.read token.generate license.create")]
    [InlineData("product", "license.create policy.create account.read product.update release.yank", "product.create entitlement.create account.update admin.read")]
    [InlineData("read-only", "license.read account.analytics.read token.generate request-log.read", "license.create license.suspend admin.update")]
    [InlineData("environment", "account.read environment.read event-log.read license.create", "account.update admin.read environment.create environment.tokens.generate account.analytics.read")]
    [InlineData("admin", "admin.create account.update environment.delete", "")]
    public void A_new_holder_gets_the_default_set_of_its_role(string role, string included, string excluded)
    {
        var defaults = Core.Permissions.Permissions.DefaultFor(role);

        Assert.All(included.Split(' '), p => Assert.True(defaults.Contains(p), $"{role} default has {p}"));
        Assert.All(excluded.Split(' ', StringSplitOptions.RemoveEmptyEntries), p => Assert.False(defaults.Contains(p), $"{role} default lacks {p}"));
    }

    [Fact]
    public void Users_and_licenses_may_be_given_more_than_their_default()
    {
        Assert.True(Core.Permissions.Permissions.User.Contains("policy.read"));
        Assert.False(Core.Permissions.Permissions.UserDefault.Contains("policy.read"));
        Assert.True(Core.Permissions.Permissions.License.Contains("user.read"));
        Assert.False(Core.Permissions.Permissions.LicenseDefault.Contains("user.read"));
        Assert.False(Core.Permissions.Permissions.License.Contains("token.generate"));
    }

    [Fact]
    public void A_stored_wildcard_renders_as_the_wildcard_and_holds_what_the_role_allows()
    {
        Assert.Equal(["*"], Grants.Rendered("user", ["*"]));
        Assert.Equal(Core.Permissions.Permissions.User, Grants.Effective("user", ["*"]));
        Assert.Equal(Core.Permissions.Permissions.UserDefault.Names, Grants.Rendered("user", null));
        Assert.Equal(["license.read", "license.validate"], Grants.Rendered("license", ["license.validate", "license.read"]));
    }

    [Fact]
    public void A_token_renders_its_bearers_set_when_it_defers_and_the_intersection_otherwise()
    {
        string[] bearer = ["license.read", "license.validate", "token.generate"];

        Assert.Equal(bearer, Grants.RenderedForToken("user", bearer, null));
        Assert.Equal(bearer, Grants.RenderedForToken("user", bearer, ["*"]));
        Assert.Equal(["license.read"], Grants.RenderedForToken("user", bearer, ["license.read", "machine.read"]));
        Assert.Equal(["machine.read"], Grants.RenderedForToken("user", ["*"], ["machine.read"]));
    }

    [Theory]
    [InlineData("license.teleport")]
    [InlineData("admin.create")]
    [InlineData("license.read license.read")]
    public void A_list_with_an_unknown_duplicate_or_disallowed_string_is_refused(string requested)
    {
        var error = Assert.Throws<DomainError>(() => Grants.Validate(requested.Split(' '), Core.Permissions.Permissions.User));

        Assert.Equal("PERMISSIONS_NOT_ALLOWED", error.Errors[0].Code);
        Assert.Equal("unsupported permissions", error.Errors[0].Detail);
    }

    [Fact]
    public void An_empty_list_and_the_wildcard_are_valid()
    {
        Assert.Empty(Grants.Validate([], Core.Permissions.Permissions.User));
        Assert.Equal(["*"], Grants.Validate(["*"], Core.Permissions.Permissions.User));
    }

    [Fact]
    public void A_role_change_keeps_what_the_new_roles_default_also_has_and_keeps_the_wildcard()
    {
        Assert.Equal(["*"], Grants.AfterRoleChange("admin", ["*"], "user")!);
        Assert.Equal(["license.read"], Grants.AfterRoleChange("admin", ["license.read", "admin.create"], "user")!);
        Assert.Equal(Core.Permissions.Permissions.UserDefault.Names, Grants.AfterRoleChange("admin", null, "user")!);
    }

    [Fact]
    public void A_full_set_is_the_wildcard_or_every_permission()
    {
        Assert.True(Grants.IsFull("admin", null));
        Assert.True(Grants.IsFull("admin", ["*"]));
        Assert.True(Grants.IsFull("admin", [.. Core.Permissions.Permissions.All]));
        Assert.False(Grants.IsFull("admin", ["license.read"]));
    }
}

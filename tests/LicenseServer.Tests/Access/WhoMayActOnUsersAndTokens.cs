using LicenseServer.Core.Auth;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;

namespace LicenseServer.Tests.Access;

/// <summary>
/// <see cref="UserAccess"/> and <see cref="TokenAccess"/> as tables (resources.md §3, §6, §21). Rows act on someone
/// else of a given role, or on the bearer's own user or token. The columns: the staff roles and read-only, an end
/// user, a product and a license.
/// </summary>
public sealed class WhoMayActOnUsersAndTokens
{
    private const string Readers = "admin developer sales-agent support-agent read-only";
    private const string Users = Readers + " user";

    private static readonly Dictionary<string, Func<User, Func<Bearer, bool>>> UserActions = new()
    {
        ["user.read"] = _ => UserAccess.CanRead,
        ["user.create"] = _ => UserAccess.CanCreate,
        ["role attribute"] = _ => b => UserAccess.CanSetRole(b),
        ["password attribute on create"] = _ => b => UserAccess.CanSetPassword(b, creating: true),
        ["password attribute on update"] = _ => b => UserAccess.CanSetPassword(b, creating: false),
        ["metadata attribute on create"] = _ => b => UserAccess.CanSetMetadata(b, creating: true),
        ["metadata attribute on update"] = _ => b => UserAccess.CanSetMetadata(b, creating: false),
        ["group relationship"] = _ => b => UserAccess.CanSetGroup(b),
        ["user.update"] = target => b => UserAccess.CanUpdate(b, target),
        ["user.delete"] = target => b => UserAccess.CanDelete(b, target),
        ["user.ban"] = _ => UserAccess.CanBan,
        ["user.unban"] = _ => UserAccess.CanUnban,
        ["user.password.update"] = target => b => UserAccess.CanUpdatePassword(b, target),
        ["user.tokens.read"] = target => b => UserAccess.CanReadTokens(b, target),
        ["user.tokens.generate"] = target => b => TokenAccess.CanGenerateForUser(b, target),
        ["user.second-factors"] = target => b => UserAccess.CanManageSecondFactors(b, target),
    };

    [Theory]
    [InlineData("user.read", Roles.User, Users + " product")]
    [InlineData("user.create", Roles.User, "admin developer sales-agent product")]
    [InlineData("role attribute", Roles.User, "admin")]
    [InlineData("password attribute on create", Roles.User, Users + " product license")]
    [InlineData("password attribute on update", Roles.User, "admin developer product")]
    [InlineData("metadata attribute on create", Roles.User, Users + " product license")]
    [InlineData("metadata attribute on update", Roles.User, "admin developer sales-agent product")]
    [InlineData("group relationship", Roles.User, "admin developer sales-agent support-agent product")]
    [InlineData("user.update", Roles.User, "admin developer sales-agent product")]
    [InlineData("user.update", Roles.SalesAgent, "admin developer")]
    [InlineData("user.update", Roles.Developer, "admin developer")]
    [InlineData("user.update", Roles.Admin, "admin")]
    [InlineData("user.delete", Roles.User, "admin developer product")]
    [InlineData("user.delete", Roles.Developer, "admin developer")]
    [InlineData("user.delete", Roles.Admin, "admin")]
    [InlineData("user.ban", Roles.User, "admin developer sales-agent support-agent product")]
    [InlineData("user.unban", Roles.User, "admin developer sales-agent support-agent product")]
    [InlineData("user.password.update", Roles.User, "")]
    [InlineData("user.tokens.read", Roles.User, "admin developer")]
    [InlineData("user.tokens.read", Roles.Admin, "admin")]
    [InlineData("user.tokens.generate", Roles.User, "admin developer")]
    [InlineData("user.tokens.generate", Roles.SupportAgent, "")]
    [InlineData("user.second-factors", Roles.User, "admin")]
    public void Each_action_on_someone_else_allows_exactly_the_bearers_in_its_row(string action, string targetRole, string allowed) =>
        AccessTable.AssertAllows(allowed, AccessTable.EveryRole(), UserActions[action](AccessTable.NewUser(targetRole)));

    [Theory]
    [InlineData("user.update", "admin developer sales-agent support-agent user")]
    [InlineData("user.delete", "admin developer")]
    [InlineData("user.password.update", Users)]
    [InlineData("user.tokens.read", Users)]
    [InlineData("user.tokens.generate", Users)]
    [InlineData("user.second-factors", Users)]
    public void Each_action_on_oneself_allows_exactly_the_roles_in_its_row(string action, string allowed)
    {
        var bearers = Roles.All.Select(role => (role, AccessTable.UserBearer(role)));

        AccessTable.AssertAllows(allowed, bearers, b => UserActions[action](b.User!)(b));
    }

    [Fact]
    public void Only_user_role_users_can_be_banned()
    {
        Assert.True(UserAccess.CanBeBanned(AccessTable.NewUser(Roles.User)));
        Assert.All(Roles.All.Except([Roles.User]), role => Assert.False(UserAccess.CanBeBanned(AccessTable.NewUser(role))));
    }

    [Fact]
    public void An_anonymous_sign_up_sets_password_and_metadata_but_not_role_or_group()
    {
        Assert.True(UserAccess.CanSetPassword(null, creating: true));
        Assert.True(UserAccess.CanSetMetadata(null, creating: true));
        Assert.False(UserAccess.CanSetRole(null));
        Assert.False(UserAccess.CanSetGroup(null));
    }

    private static readonly Dictionary<string, Func<Token, Func<Bearer, bool>>> TokenActions = new()
    {
        ["token.generate"] = _ => TokenAccess.CanGenerateForSelf,
        ["product.tokens.generate"] = _ => TokenAccess.CanGenerateForProduct,
        ["token.regenerate"] = token => b => TokenAccess.CanRegenerate(b, token),
        ["token.revoke"] = token => b => TokenAccess.CanRevoke(b, token),
    };

    [Theory]
    [InlineData("token.generate", TokenKinds.User, Users)]
    [InlineData("product.tokens.generate", TokenKinds.Product, "admin developer")]
    [InlineData("token.regenerate", TokenKinds.User, "admin developer")]
    [InlineData("token.regenerate", TokenKinds.Product, "admin developer")]
    [InlineData("token.regenerate", TokenKinds.Activation, "admin developer")]
    [InlineData("token.regenerate", TokenKinds.Admin, "")]
    [InlineData("token.regenerate", TokenKinds.Support, "")]
    [InlineData("token.revoke", TokenKinds.User, "admin developer")]
    [InlineData("token.revoke", TokenKinds.Admin, "admin developer")]
    public void Each_token_action_on_someone_elses_token_allows_exactly_the_bearers_in_its_row(string action, string kind, string allowed)
    {
        var token = new Token { BearerType = Bearer.UserType, BearerId = Guid.NewGuid(), Kind = kind, Digest = "DIGEST" };

        AccessTable.AssertAllows(allowed, AccessTable.EveryRole(), TokenActions[action](token));
    }

    [Theory]
    [InlineData("token.regenerate")]
    [InlineData("token.revoke")]
    public void Every_bearer_regenerates_and_revokes_its_own_token(string action) =>
        AccessTable.AssertAllows(Users + " product license", AccessTable.EveryRole(), b =>
            TokenActions[action](new Token { BearerType = b.Type, BearerId = b.Id, Kind = TokenKinds.User, Digest = "DIGEST" })(b));
}

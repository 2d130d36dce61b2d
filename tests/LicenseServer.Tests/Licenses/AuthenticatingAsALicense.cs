using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Licenses;

public sealed class AuthenticatingAsALicense(TestApp app)
{
    private async Task<(TestAccount Account, string Id, string Key)> LicenseAsync(string strategy, object? license = null, string expiration = "RESTRICT_ACCESS")
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Auth", authenticationStrategy = strategy, expirationStrategy = expiration });
        var created = await app.CreateLicenseAsync(account, policy, license);
        return (account, (string)created.Data!["id"]!, created.Attribute("key"));
    }

    [Theory]
    [InlineData("LICENSE", 200, null)]
    [InlineData("MIXED", 200, null)]
    [InlineData("TOKEN", 403, "LICENSE_NOT_ALLOWED")]
    [InlineData("NONE", 403, "LICENSE_NOT_ALLOWED")]
    public async Task A_license_key_authenticates_per_the_policy_strategy(string strategy, int status, string? code)
    {
        var (account, id, key) = await LicenseAsync(strategy);

        var me = await app.WithAuthorization($"License {key}").GetAsync(account.Path("me"));

        if (code is null)
        {
            Assert.Equal(id, (string?)me.Expect(status).Data!["id"]);
            Assert.Equal("licenses", (string?)me.Data!["type"]);
        }
        else
        {
            me.ExpectError(status, code: code);
        }
    }

    [Theory]
    [InlineData("TOKEN", 200, null)]
    [InlineData("MIXED", 200, null)]
    [InlineData("LICENSE", 403, "TOKEN_NOT_ALLOWED")]
    public async Task An_activation_token_authenticates_per_the_policy_strategy(string strategy, int status, string? code)
    {
        var (account, id, _) = await LicenseAsync(strategy);
        var token = (await app.Admin(account).PostAsync(account.Path($"licenses/{id}/tokens"))).Expect(200).Attribute("token");

        var profile = await app.Client(token).GetAsync(account.Path("profile"));

        if (code is null)
        {
            Assert.Equal(id, (string?)profile.Expect(status).Data!["id"]);
            Assert.NotNull((string?)profile.Meta!["tokenId"]);
        }
        else
        {
            profile.ExpectError(status, code: code);
        }
    }

    [Fact]
    public async Task Suspended_and_revoked_expired_licenses_cannot_use_their_key()
    {
        var (account, _, suspendedKey) = await LicenseAsync("LICENSE", new { suspended = true });
        var (other, _, expiredKey) = await LicenseAsync("LICENSE", new { expiry = "2020-01-01T00:00:00Z" }, expiration: "REVOKE_ACCESS");

        (await app.WithAuthorization($"License {suspendedKey}").GetAsync(account.Path("me"))).ExpectError(403, code: "LICENSE_SUSPENDED");
        (await app.WithAuthorization($"License {expiredKey}").GetAsync(other.Path("me"))).ExpectError(403, code: "LICENSE_EXPIRED");
        (await app.WithAuthorization("License NOT-A-KEY").GetAsync(account.Path("me"))).ExpectError(401, code: "LICENSE_INVALID");
    }

    [Fact]
    public async Task A_license_whose_owner_is_banned_is_refused()
    {
        var account = await app.CreateAccountAsync();
        var (owner, _) = await app.CreateUserAsync(account, banned: true);
        var created = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, new { name = "A", authenticationStrategy = "LICENSE" }), ownerId: owner);

        var me = await app.WithAuthorization($"License {created.Attribute("key")}").GetAsync(account.Path("me"));
        var validated = await app.Admin(account).PostAsync(account.Path($"licenses/{created.Data!["id"]}/actions/validate"));

        me.ExpectError(403, code: "LICENSE_BANNED");
        Assert.Equal("BANNED", (string?)validated.Expect(200).Meta!["code"]);
        Assert.Equal("BANNED", validated.Attribute("status"));
    }

    [Fact]
    public async Task A_license_key_sees_only_itself_and_may_validate_its_own_key_only()
    {
        var (account, id, key) = await LicenseAsync("LICENSE");
        var otherKey = (await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account))).Attribute("key");
        var client = app.WithAuthorization($"License {key}");

        var own = await client.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key } });
        var foreign = await client.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key = otherKey } });
        var list = await client.GetAsync(account.Path("licenses"));

        Assert.Equal(id, (string?)own.Expect(200).Data!["id"]);
        foreign.Expect(403);
        list.Expect(403);
        await app.EventuallyAsync(db => db.Events.Where(e => e.AccountId == account.Id && e.Name == "license.validation.succeeded").ToListAsync());
    }
}

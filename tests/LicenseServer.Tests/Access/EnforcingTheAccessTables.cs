using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using static LicenseServer.Tests.Users.UserBuilders;

namespace LicenseServer.Tests.Access;

/// <summary>
/// A thin check over HTTP that endpoints ask the access tables: a visible record the bearer may not act on is a 403,
/// the same bearer's permitted action goes through. The tables themselves are the <c>WhoMayActOn…</c> classes.
/// </summary>
public sealed class EnforcingTheAccessTables(TestApp app)
{
    [Fact]
    public async Task A_support_agent_suspends_and_reinstates_a_license_but_may_not_revoke_it()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var license = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var (_, _, token) = await app.CreateUserWithTokenAsync(account, "support-agent");
        var support = app.Client(token);

        (await support.PostAsync(account.Path($"licenses/{license}/actions/suspend"))).Expect(200);
        (await support.PostAsync(account.Path($"licenses/{license}/actions/reinstate"))).Expect(200);
        var revoke = await support.DeleteAsync(account.Path($"licenses/{license}/actions/revoke"));

        Assert.Equal("Access denied", (string?)revoke.ExpectError(403)["title"]);
        (await support.GetAsync(account.Path($"licenses/{license}"))).Expect(200);
    }
}

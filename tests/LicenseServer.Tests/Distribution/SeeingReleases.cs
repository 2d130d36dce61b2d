using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Users;

namespace LicenseServer.Tests.Distribution;

/// <summary>Who sees which releases (distribution.md §2): 404 outside the visible set, 403 for what is visible but refused.</summary>
public sealed class SeeingReleases(TestApp app)
{
    private async Task<(TestAccount Account, string Product, string Policy)> ProductAsync(string strategy = "LICENSED", object? policy = null)
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account, strategy);
        return (account, product, await app.CreatePolicyAsync(account, policy, product));
    }

    private async Task<(string Id, ApiClient Client)> LicenseAsync(TestAccount account, string policy, object? attributes = null)
    {
        var id = (string)(await app.CreateLicenseAsync(account, policy, attributes)).Data!["id"]!;
        return (id, app.Client(await app.LicenseTokenAsync(account, id)));
    }

    [Fact]
    public async Task A_license_sees_published_releases_of_its_product_only()
    {
        var (account, product, policy) = await ProductAsync();
        var published = await app.CreateReleaseAsync(account, product, "1.0.0");
        var draft = await app.CreateReleaseAsync(account, product, "2.0.0", publish: false);
        var foreign = await app.CreateReleaseAsync(account, await app.CreateProductAsync(account), "1.0.0");
        var (_, license) = await LicenseAsync(account, policy);

        var index = await license.GetAsync(account.Path("releases"));

        Assert.Equal([published], index.Expect(200).Data!.AsArray().Select(r => (string)r!["id"]!));
        (await license.GetAsync(account.Path($"releases/{published}"))).Expect(200);
        (await license.GetAsync(account.Path($"releases/{draft}"))).ExpectError(404, code: "NOT_FOUND");
        (await license.GetAsync(account.Path($"releases/{foreign}"))).ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task Every_constraint_must_be_among_the_license_entitlements()
    {
        var (account, product, policy) = await ProductAsync();
        var (a, b) = (await app.CreateEntitlementAsync(account, "A"), await app.CreateEntitlementAsync(account, "B"));
        var release = await app.CreateReleaseAsync(account, product, "1.0.0", entitlements: [a, b]);
        await app.AttachEntitlementAsync(account, $"policies/{policy}", a);
        var (id, license) = await LicenseAsync(account, policy);

        var withA = await license.GetAsync(account.Path($"releases/{release}"));
        var constraintsWithA = await license.GetAsync(account.Path($"releases/{release}/constraints"));
        await app.AttachEntitlementAsync(account, $"licenses/{id}", b);
        var withBoth = await license.GetAsync(account.Path($"releases/{release}"));

        withA.ExpectError(404, code: "NOT_FOUND");
        constraintsWithA.ExpectError(404, code: "NOT_FOUND");
        withBoth.Expect(200);
    }

    [Fact]
    public async Task A_suspended_license_is_refused_what_it_sees()
    {
        var (account, product, policy) = await ProductAsync();
        var release = await app.CreateReleaseAsync(account, product, "1.0.0");
        var (id, license) = await LicenseAsync(account, policy);
        (await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/suspend"))).Expect(200);

        var response = await license.GetAsync(account.Path($"releases/{release}"));

        Assert.Equal("You do not have permission to complete the request (license is suspended)", (string?)response.ExpectError(403)["detail"]);
    }

    [Fact]
    public async Task An_expired_license_keeps_the_releases_made_before_its_expiry_under_RESTRICT_ACCESS()
    {
        var (account, product, policy) = await ProductAsync(policy: new { name = "P", expirationStrategy = "RESTRICT_ACCESS" });
        var old = await app.CreateReleaseAsync(account, product, "1.0.0");
        (await app.Admin(account).PatchAsync(account.Path($"releases/{old}"),
            new { data = new { type = "releases", attributes = new { backdated = "2020-01-01T00:00:00Z" } } })).Expect(200);
        var recent = await app.CreateReleaseAsync(account, product, "2.0.0");
        var (_, license) = await LicenseAsync(account, policy, new { expiry = "2021-01-01T00:00:00Z" });

        (await license.GetAsync(account.Path($"releases/{old}"))).Expect(200);
        (await license.GetAsync(account.Path($"releases/{recent}"))).ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task Anonymous_callers_see_only_open_unconstrained_published_releases()
    {
        var (account, open, _) = await ProductAsync("OPEN");
        var licensed = await app.CreateProductAsync(account, "LICENSED");
        var entitlement = await app.CreateEntitlementAsync(account, "A");
        var visible = await app.CreateReleaseAsync(account, open, "1.0.0");
        var constrained = await app.CreateReleaseAsync(account, open, "2.0.0", entitlements: [entitlement]);
        await app.CreateReleaseAsync(account, open, "3.0.0", publish: false);
        await app.CreateReleaseAsync(account, licensed, "1.0.0");

        var index = await app.Anonymous.GetAsync(account.Path("releases"));

        Assert.Equal([visible], index.Expect(200).Data!.AsArray().Select(r => (string)r!["id"]!));
        (await app.Anonymous.GetAsync(account.Path($"releases/{constrained}"))).ExpectError(404, code: "NOT_FOUND");
        (await app.Anonymous.PostAsync(account.Path("releases"), DistributionSetup.ReleaseBody(open, "9.0.0"))).ExpectError(401, code: "TOKEN_MISSING");
    }

    [Fact]
    public async Task A_user_sees_what_its_licenses_grant()
    {
        var (account, product, policy) = await ProductAsync();
        var release = await app.CreateReleaseAsync(account, product, "1.0.0");
        var (owner, ownerToken) = await app.CreateUserAsync(account, banned: false);
        var (_, strangerToken) = await app.CreateUserAsync(account, banned: false);
        await app.CreateLicenseAsync(account, policy, ownerId: owner);

        (await app.Client(ownerToken).GetAsync(account.Path($"releases/{release}"))).Expect(200);
        (await app.Client(strangerToken).GetAsync(account.Path($"releases/{release}"))).ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task Licenses_users_and_agents_may_not_write_what_they_see()
    {
        var (account, product, policy) = await ProductAsync();
        var release = await app.CreateReleaseAsync(account, product, "1.0.0");
        var hidden = await app.CreateReleaseAsync(account, product, "2.0.0", publish: false);
        var (_, license) = await LicenseAsync(account, policy);
        var agent = app.Client((await app.CreateUserWithTokenAsync(account, "sales-agent")).Token);

        (await license.PostAsync(account.Path("releases"), DistributionSetup.ReleaseBody(product, "9.0.0"))).ExpectError(403);
        (await license.PostAsync(account.Path($"releases/{release}/actions/yank"))).ExpectError(403);
        (await license.DeleteAsync(account.Path($"releases/{hidden}"))).ExpectError(404, code: "NOT_FOUND");
        (await agent.PostAsync(account.Path($"releases/{release}/actions/yank"))).ExpectError(403);
        (await agent.GetAsync(account.Path($"releases/{hidden}"))).Expect(200);
    }

    [Fact]
    public async Task A_closed_product_shows_nothing_to_its_licenses()
    {
        var (account, product, policy) = await ProductAsync("CLOSED");
        var release = await app.CreateReleaseAsync(account, product, "1.0.0");
        var (_, license) = await LicenseAsync(account, policy);

        (await license.GetAsync(account.Path($"releases/{release}"))).ExpectError(404, code: "NOT_FOUND");
        (await app.Client(await app.ProductTokenAsync(account, product)).GetAsync(account.Path($"releases/{release}"))).Expect(200);
    }
}

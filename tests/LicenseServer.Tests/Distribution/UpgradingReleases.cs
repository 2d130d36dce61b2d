using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Users;

namespace LicenseServer.Tests.Distribution;

/// <summary>The upgrade relationship (distribution.md §11): channels, constraints, packages, drafts, yanked and entitled releases.</summary>
public sealed class UpgradingReleases(TestApp app)
{
    private async Task<(TestAccount Account, string Product)> ReleasesAsync(params string[] versions)
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        foreach (var version in versions)
        {
            await app.CreateReleaseAsync(account, product, version);
        }

        return (account, product);
    }

    private async Task<string> NextAsync(TestAccount account, string current, string query = "", ApiClient? client = null)
    {
        var response = await (client ?? app.Admin(account)).GetAsync(account.Path($"releases/{current}/upgrade{query}"));
        response.Expect(200);
        Assert.Equal(current.Replace("%2B", "+"), (string?)response.Meta!["current"]);
        Assert.Equal(response.Attribute("version"), (string?)response.Meta!["next"]);
        return response.Attribute("version");
    }

    [Fact]
    public async Task The_highest_release_of_the_current_channel_is_the_upgrade()
    {
        var (account, _) = await ReleasesAsync("1.0.0", "1.0.1", "2.0.1", "1.1.0", "2.1.0-beta.1");

        Assert.Equal("2.0.1", await NextAsync(account, "1.0.0"));
        (await app.Admin(account).GetAsync(account.Path("releases/2.0.1/upgrade"))).ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task A_requested_channel_widens_or_narrows_the_candidates()
    {
        var (account, _) = await ReleasesAsync("1.0.0", "1.7.0", "1.8.0-alpha.1", "1.8.0-alpha.2", "1.8.0-beta.1", "2.0.0-alpha.1", "2.0.0-dev.1");

        Assert.Equal("1.7.0", await NextAsync(account, "1.0.0", "?channel=rc"));
        Assert.Equal("1.8.0-beta.1", await NextAsync(account, "1.8.0-alpha.2", "?channel=beta"));
        Assert.Equal("2.0.0-alpha.1", await NextAsync(account, "1.0.0", "?channel=alpha"));
        Assert.Equal("2.0.0-dev.1", await NextAsync(account, "1.0.0", "?channel=dev"));
        Assert.Equal("2.0.0-alpha.1", await NextAsync(account, "1.8.0-alpha.1"));
        (await app.Admin(account).GetAsync(account.Path("releases/1.0.0/upgrade?channel=edge"))).ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task A_beta_upgrades_to_its_stable_release()
    {
        var (account, _) = await ReleasesAsync("1.0.0-beta.1", "1.0.0");

        Assert.Equal("1.0.0", await NextAsync(account, "1.0.0-beta.1"));
    }

    [Fact]
    public async Task A_build_only_bump_is_an_upgrade()
    {
        var (account, _) = await ReleasesAsync("1.0.0+build.1", "1.0.0+build.2", "1.0.0");

        Assert.Equal("1.0.0+build.2", await NextAsync(account, "1.0.0"));
        Assert.Equal("1.0.0+build.2", await NextAsync(account, "1.0.0%2Bbuild.1"));
    }

    [Theory]
    [InlineData("1.5.0", "1.0", "1.7.0")]
    [InlineData("1.0.0", "2", "2.0.1")]
    [InlineData("1.0.0", "1.5.0", "1.5.3")]
    [InlineData("1.0.0", ">= 1.0", "1.7.0")]
    public async Task A_constraint_pins_the_upgrade(string current, string constraint, string next)
    {
        var (account, _) = await ReleasesAsync("1.0.0", "1.5.0", "1.5.3", "1.7.0", "2.0.0", "2.0.1");

        Assert.Equal(next, await NextAsync(account, current, $"?constraint={Uri.EscapeDataString(constraint)}"));
    }

    [Fact]
    public async Task Constraints_with_identifiers_keep_releases_of_the_same_build_or_prerelease()
    {
        var (account, _) = await ReleasesAsync("1.0.0+p1", "1.2.0+p1", "1.3.0+p2", "2.0.0+p1", "1.0.0-beta.1", "1.4.0-beta.2", "1.5.0-alpha.1");

        Assert.Equal("1.2.0+p1", await NextAsync(account, "1.0.0%2Bp1", "?constraint=1%2Bp1"));
        Assert.Equal("1.4.0-beta.2", await NextAsync(account, "1.0.0-beta.1", "?constraint=1-beta&channel=alpha"));
    }

    [Fact]
    public async Task A_malformed_constraint_is_CONSTRAINT_INVALID()
    {
        var (account, _) = await ReleasesAsync("1.0.0", "1.1.0");

        var response = await app.Admin(account).GetAsync(account.Path("releases/1.0.0/upgrade?constraint=1.x"));

        response.ExpectError(400, code: "CONSTRAINT_INVALID", parameter: "constraint");
    }

    [Fact]
    public async Task Drafts_and_yanked_releases_are_never_targets()
    {
        var (account, product) = await ReleasesAsync("1.0.0", "1.1.0", "1.2.0");
        await app.CreateReleaseAsync(account, product, "1.3.0", publish: false);
        (await app.Admin(account).PostAsync(account.Path("releases/1.2.0/actions/yank"))).Expect(200);

        Assert.Equal("1.1.0", await NextAsync(account, "1.0.0"));
    }

    [Fact]
    public async Task Upgrades_stay_inside_the_package()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var (one, two) = (await app.CreatePackageAsync(account, product, "one"), await app.CreatePackageAsync(account, product, "two"));
        await app.CreateReleaseAsync(account, product, "1.0.0", packageId: one);
        await app.CreateReleaseAsync(account, product, "1.0.1", packageId: one);
        await app.CreateReleaseAsync(account, product, "1.0.0", packageId: two);
        await app.CreateReleaseAsync(account, product, "3.0.0", packageId: two);
        await app.CreateReleaseAsync(account, product, "9.0.0");

        Assert.Equal("1.0.1", await NextAsync(account, "1.0.0", "?package=one"));
        Assert.Equal("3.0.0", await NextAsync(account, "1.0.0", $"?package={two}"));
    }

    [Fact]
    public async Task A_license_upgrades_only_to_releases_it_is_entitled_to()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var entitlement = await app.CreateEntitlementAsync(account, "PRO");
        await app.CreateReleaseAsync(account, product, "1.0.0");
        await app.CreateReleaseAsync(account, product, "1.1.0");
        await app.CreateReleaseAsync(account, product, "2.0.0", entitlements: [entitlement]);
        var license = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, productId: product))).Data!["id"]!;
        var client = app.Client(await app.LicenseTokenAsync(account, license));

        var before = await NextAsync(account, "1.0.0", client: client);
        await app.AttachEntitlementAsync(account, $"licenses/{license}", entitlement);
        var after = await NextAsync(account, "1.0.0", client: client);

        Assert.Equal("1.1.0", before);
        Assert.Equal("2.0.0", after);
        Assert.Contains("release.upgraded", await app.EventNamesAsync(account, "releases"));
    }
}

using LicenseServer.Core.Users;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Licenses;

/// <summary>Who may do what to a license (resources.md §21), bearer by bearer.</summary>
public sealed class LicenseAccessRules(TestApp app)
{
    public enum Who
    {
        Admin,
        SalesAgent,
        SupportAgent,
        ReadOnly,
        OwnProduct,
        OtherProduct,
        Owner,
        OtherUser,
        Itself,
        OtherLicense,
    }

    private sealed record World(TestAccount Account, string License, string PolicyId, Dictionary<Who, string> Tokens);

    private async Task<World> WorldAsync()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var otherProduct = await app.CreateProductAsync(account);
        var policy = await app.CreatePolicyAsync(account, new { name = "P", requireCheckIn = true, checkInInterval = "day", checkInIntervalCount = 1, maxUses = 100 }, product);
        var (owner, ownerToken) = await app.CreateUserAsync(account);
        var (_, otherUserToken) = await app.CreateUserAsync(account);
        var license = (string)(await app.CreateLicenseAsync(account, policy, ownerId: owner)).Data!["id"]!;
        var other = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var tokens = new Dictionary<Who, string>
        {
            [Who.Admin] = account.AdminToken,
            [Who.SalesAgent] = await StaffTokenAsync(account, Roles.SalesAgent),
            [Who.SupportAgent] = await StaffTokenAsync(account, Roles.SupportAgent),
            [Who.ReadOnly] = await StaffTokenAsync(account, Roles.ReadOnly),
            [Who.OwnProduct] = await app.ProductTokenAsync(account, product),
            [Who.OtherProduct] = await app.ProductTokenAsync(account, otherProduct),
            [Who.Owner] = ownerToken,
            [Who.OtherUser] = otherUserToken,
            [Who.Itself] = await ActivationTokenAsync(account, license),
            [Who.OtherLicense] = await ActivationTokenAsync(account, other),
        };
        return new World(account, license, policy, tokens);
    }

    private async Task<string> StaffTokenAsync(TestAccount account, string role)
    {
        var (id, _) = await app.CreateUserAsync(account);
        await app.QueryAsync(async db =>
        {
            var user = await db.Users.FindAsync(Guid.Parse(id));
            user!.Role = role;
            return await db.SaveChangesAsync();
        });
        var email = await app.QueryAsync(async db => (await db.Users.FindAsync(Guid.Parse(id)))!.Email);
        var login = await app.WithAuthorization(ApiClient.Basic(email, TestApp.Password)).PostAsync(account.Path("tokens"));
        return login.Expect(201).Attribute("token");
    }

    private async Task<string> ActivationTokenAsync(TestAccount account, string license)
    {
        var response = await app.Admin(account).PostAsync(account.Path($"licenses/{license}/tokens"));
        return response.Expect(200).Attribute("token");
    }

    [Theory]
    [InlineData(Who.Admin, 200)]
    [InlineData(Who.SalesAgent, 200)]
    [InlineData(Who.SupportAgent, 200)]
    [InlineData(Who.ReadOnly, 200)]
    [InlineData(Who.OwnProduct, 200)]
    [InlineData(Who.OtherProduct, 404)]
    [InlineData(Who.Owner, 200)]
    [InlineData(Who.OtherUser, 404)]
    [InlineData(Who.Itself, 200)]
    [InlineData(Who.OtherLicense, 404)]
    public async Task Reading_and_validating(Who who, int status)
    {
        var world = await WorldAsync();
        var client = app.Client(world.Tokens[who]);

        (await client.GetAsync(world.Account.Path($"licenses/{world.License}"))).Expect(status);
        (await client.PostAsync(world.Account.Path($"licenses/{world.License}/actions/validate"))).Expect(status);
    }

    [Theory]
    [InlineData(Who.Admin, 200)]
    [InlineData(Who.SupportAgent, 200)]
    [InlineData(Who.OwnProduct, 200)]
    [InlineData(Who.OtherProduct, 404)]
    [InlineData(Who.Owner, 403)]
    [InlineData(Who.Itself, 403)]
    public async Task Suspending(Who who, int status)
    {
        var world = await WorldAsync();

        var response = await app.Client(world.Tokens[who]).PostAsync(world.Account.Path($"licenses/{world.License}/actions/suspend"));

        response.Expect(status);
    }

    [Theory]
    [InlineData(Who.Admin, 200)]
    [InlineData(Who.SupportAgent, 200)]
    [InlineData(Who.Owner, 200)]
    [InlineData(Who.Itself, 200)]
    [InlineData(Who.OtherLicense, 404)]
    public async Task Checking_in_and_incrementing_usage(Who who, int status)
    {
        var world = await WorldAsync();
        var client = app.Client(world.Tokens[who]);

        (await client.PostAsync(world.Account.Path($"licenses/{world.License}/actions/check-in"))).Expect(status);
        (await client.PostAsync(world.Account.Path($"licenses/{world.License}/actions/increment-usage"))).Expect(status);
    }

    [Theory]
    [InlineData(Who.Admin, 200)]
    [InlineData(Who.SupportAgent, 200)]
    [InlineData(Who.Owner, 403)]
    [InlineData(Who.Itself, 403)]
    public async Task Resetting_usage(Who who, int status)
    {
        var world = await WorldAsync();

        var response = await app.Client(world.Tokens[who]).PostAsync(world.Account.Path($"licenses/{world.License}/actions/reset-usage"));

        response.Expect(status);
    }

    [Theory]
    [InlineData(Who.Admin, 204)]
    [InlineData(Who.SupportAgent, 403)]
    [InlineData(Who.Owner, 204)]
    [InlineData(Who.OtherUser, 404)]
    [InlineData(Who.Itself, 403)]
    public async Task Deleting(Who who, int status)
    {
        var world = await WorldAsync();

        var response = await app.Client(world.Tokens[who]).DeleteAsync(world.Account.Path($"licenses/{world.License}"));

        response.Expect(status);
    }

    [Theory]
    [InlineData(Who.Admin, 200)]
    [InlineData(Who.OwnProduct, 200)]
    [InlineData(Who.Owner, 200)]
    [InlineData(Who.Itself, 403)]
    public async Task Listing(Who who, int status)
    {
        var world = await WorldAsync();

        var response = await app.Client(world.Tokens[who]).GetAsync(world.Account.Path("licenses"));

        response.Expect(status);
    }

    [Theory]
    [InlineData(Who.OwnProduct, 201)]
    [InlineData(Who.OtherProduct, 403)]
    public async Task Creating(Who who, int status)
    {
        var world = await WorldAsync();

        var response = await app.Client(world.Tokens[who]).PostAsync(world.Account.Path("licenses"), LicensingSetup.LicenseBody(world.PolicyId));

        response.Expect(status);
    }
}

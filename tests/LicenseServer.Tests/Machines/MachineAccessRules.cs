using LicenseServer.Core.Users;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Machines;

/// <summary>Who may activate, ping, reset and deactivate (behaviour.md §6.5, §6.6), and activation-token counters (§4.1).</summary>
public sealed class MachineAccessRules(TestApp app)
{
    private async Task<string> LicenseTokenAsync(TestAccount account, string license, object? attributes = null)
    {
        var body = new { data = new { type = "tokens", attributes = attributes ?? new { } } };
        var response = await app.Admin(account).PostAsync(account.Path($"licenses/{license}/tokens"), body);
        Assert.True(response.Status is 200 or 201, response.Body);
        return response.Attribute("token");
    }

    private async Task<string> StaffTokenAsync(TestAccount account, string role)
    {
        var (id, token) = await app.CreateUserAsync(account);
        var userId = Guid.Parse(id);
        await app.QueryAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Role, role)));
        return token;
    }

    [Fact]
    public async Task A_license_token_activates_on_its_own_license_only()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account);
        var other = await app.CreateLicenseOnAsync(account);
        var client = app.Client(await LicenseTokenAsync(account, license));

        (await client.ActivateAsync(account, license, "own")).Expect(201);
        (await client.ActivateAsync(account, other, "foreign")).ExpectError(403);
    }

    [Fact]
    public async Task A_license_key_activates_on_its_own_license()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["authenticationStrategy"] = "LICENSE" });
        var key = (await app.Admin(account).GetAsync(account.Path($"licenses/{license}"))).Attribute("key");

        (await app.WithAuthorization("License " + key).ActivateAsync(account, license, "keyed")).Expect(201);
    }

    [Theory]
    [InlineData(false, true, 201)]
    [InlineData(true, true, 403)]
    [InlineData(false, false, 403)]
    public async Task A_user_activates_only_on_an_unprotected_license_it_owns(bool isProtected, bool owns, int status)
    {
        var account = await app.CreateAccountAsync();
        var (user, token) = await app.CreateUserAsync(account);
        var policy = await app.CreatePolicyAsync(account, new { name = "P", @protected = isProtected });
        var license = (string)(await app.CreateLicenseAsync(account, policy, ownerId: owns ? user : null)).Data!["id"]!;

        var response = await app.Client(token).ActivateAsync(account, license, "users-machine");

        response.Expect(status);
    }

    [Theory]
    [InlineData(Roles.SalesAgent, "ping", 403)]
    [InlineData(Roles.Developer, "ping", 200)]
    [InlineData(Roles.SalesAgent, "reset", 200)]
    [InlineData(Roles.SupportAgent, "reset", 403)]
    public async Task Heartbeat_actions_follow_the_role_table(string role, string action, int status)
    {
        var account = await app.CreateAccountAsync();
        var machine = await app.CreateMachineAsync(account, await app.CreateLicenseOnAsync(account));
        var client = app.Client(await StaffTokenAsync(account, role));

        (await client.PostAsync(account.Path($"machines/{machine}/actions/{action}"))).Expect(status);
    }

    [Fact]
    public async Task Max_activations_and_deactivations_of_a_license_token_are_enforced()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 5 });
        var client = app.Client(await LicenseTokenAsync(account, license, new { maxActivations = 1, maxDeactivations = 1 }));

        var first = (string)(await client.ActivateAsync(account, license, "one")).Expect(201).Data!["id"]!;
        var error = (await client.ActivateAsync(account, license, "two")).ExpectError(422, code: "ACTIVATIONS_LIMIT_EXCEEDED", pointer: "/data/attributes/activations");
        Assert.Equal("exceeds maximum allowed (1)", (string?)error["detail"]);

        var second = await app.CreateMachineAsync(account, license);
        (await client.DeleteAsync(account.Path($"machines/{first}"))).Expect(204);
        (await client.DeleteAsync(account.Path($"machines/{second}"))).ExpectError(422, code: "DEACTIVATIONS_LIMIT_EXCEEDED", pointer: "/data/attributes/deactivations");
    }

    [Fact]
    public async Task A_user_sees_only_machines_of_its_licenses()
    {
        var account = await app.CreateAccountAsync();
        var (user, token) = await app.CreateUserAsync(account);
        var policy = await app.CreatePolicyAsync(account);
        var own = (string)(await app.CreateLicenseAsync(account, policy, ownerId: user)).Data!["id"]!;
        var mine = await app.CreateMachineAsync(account, own);
        var theirs = await app.CreateMachineAsync(account, await app.CreateLicenseOnAsync(account));
        var client = app.Client(token);

        var listed = (await client.GetAsync(account.Path("machines"))).Expect(200).Json!["data"]!.AsArray();
        Assert.Equal([mine], listed.Select(m => (string?)m!["id"]));
        (await client.GetAsync(account.Path($"machines/{theirs}"))).ExpectError(404);
        (await client.GetAsync(account.Path($"licenses/{own}/machines"))).Expect(200);
    }
}

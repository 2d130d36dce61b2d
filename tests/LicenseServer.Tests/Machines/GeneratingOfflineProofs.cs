using System.Text;
using System.Text.Json.Nodes;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Machines;

/// <summary>The legacy offline proof (behaviour.md §4.9): a signed dataset in meta.proof, and machine.proofs.generated.</summary>
public sealed class GeneratingOfflineProofs(TestApp app)
{
    private static string Action(TestAccount account, string machine) => account.Path($"machines/{machine}/actions/generate-offline-proof");

    /// <summary>Checks the proof's RSA PKCS#1 v1.5 SHA-256 signature with the account's public key and returns its dataset.</summary>
    private async Task<JsonNode> OpenAsync(TestAccount account, string proof)
    {
        Assert.StartsWith("proof/", proof);
        var dot = proof.LastIndexOf('.');
        var signed = proof[..dot];
        var signature = Convert.FromBase64String(proof[(dot + 1)..].Replace('-', '+').Replace('_', '/'));
        var keys = (await app.Admin(account).GetAsync(account.Path())).Expect(200).Data!["meta"]!;
        Assert.True(Signatures.Verify("rsa-sha256", keys, Encoding.ASCII.GetBytes(signed), signature), "the proof's signature does not verify");
        var dataset = Convert.FromBase64String(signed["proof/".Length..].Replace('-', '+').Replace('_', '/'));
        return JsonNode.Parse(dataset)!;
    }

    [Fact]
    public async Task An_admin_gets_the_machine_with_a_signed_default_dataset_and_the_event_carries_the_proof()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["duration"] = 86400 });
        var machine = await app.CreateMachineAsync(account, license, "proof-fp");

        var response = await app.Admin(account).PostAsync(Action(account, machine));

        response.Expect(200);
        Assert.Equal(machine, (string?)response.Data!["id"]);
        var proof = (string)response.Meta!["proof"]!;
        var dataset = await OpenAsync(account, proof);
        var shown = (await app.Admin(account).GetAsync(account.Path($"licenses/{license}"))).Data!;
        Assert.Equal(account.Id.ToString(), (string?)dataset["account"]!["id"]);
        Assert.Equal((string?)shown["relationships"]!["product"]!["data"]!["id"], (string?)dataset["product"]!["id"]);
        Assert.Equal((string?)shown["relationships"]!["policy"]!["data"]!["id"], (string?)dataset["policy"]!["id"]);
        Assert.Equal(86400, (int?)dataset["policy"]!["duration"]);
        Assert.Equal(license, (string?)dataset["license"]!["id"]);
        Assert.Equal((string?)shown["attributes"]!["key"], (string?)dataset["license"]!["key"]);
        Assert.NotNull((string?)dataset["license"]!["expiry"]);
        Assert.Equal(machine, (string?)dataset["machine"]!["id"]);
        Assert.Equal("proof-fp", (string?)dataset["machine"]!["fingerprint"]);
        Assert.NotNull((string?)dataset["machine"]!["created"]);
        Assert.NotNull((string?)dataset["ts"]);
        var id = Guid.Parse(machine);
        var recorded = await app.QueryAsync(db => db.Events.SingleAsync(e => e.ResourceId == id && e.Name == "machine.proofs.generated"));
        Assert.Equal(proof, (string?)JsonNode.Parse(recorded.Meta!)!["proof"]);
    }

    [Fact]
    public async Task An_admin_may_sign_a_dataset_of_its_own()
    {
        var account = await app.CreateAccountAsync();
        var machine = await app.CreateMachineAsync(account, await app.CreateLicenseOnAsync(account));

        var response = await app.Admin(account).PostAsync(Action(account, machine), new { meta = new { dataset = new { seatCount = 3, tier = "pro" } } });

        var dataset = await OpenAsync(account, (string)response.Expect(200).Meta!["proof"]!);
        Assert.Equal(3, (int?)dataset["seat_count"]);
        Assert.Equal("pro", (string?)dataset["tier"]);
    }

    [Fact]
    public async Task The_license_itself_may_generate_a_proof_but_not_choose_the_dataset()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["authenticationStrategy"] = "LICENSE" });
        var machine = await app.CreateMachineAsync(account, license);
        var key = (await app.Admin(account).GetAsync(account.Path($"licenses/{license}"))).Attribute("key");
        var client = app.WithAuthorization("License " + key);

        var dataset = await OpenAsync(account, (string)(await client.PostAsync(Action(account, machine))).Expect(200).Meta!["proof"]!);
        Assert.Equal(machine, (string?)dataset["machine"]!["id"]);
        var refused = await client.PostAsync(Action(account, machine), new { meta = new { dataset = new { tier = "pro" } } });
        Assert.Equal("unpermitted parameter", (string?)refused.ExpectError(400, pointer: "/meta")["detail"]);
    }

    [Fact]
    public async Task The_owner_of_a_protected_license_may_not_generate_a_proof()
    {
        var account = await app.CreateAccountAsync();
        var (user, token) = await app.CreateUserAsync(account);
        var policy = await app.CreatePolicyAsync(account, new { name = "Protected", @protected = true });
        var license = (string)(await app.CreateLicenseAsync(account, policy, ownerId: user)).Data!["id"]!;
        var machine = await app.CreateMachineAsync(account, license);

        (await app.Client(token).PostAsync(Action(account, machine))).ExpectError(403);
    }

    [Theory]
    [InlineData("""{"meta":{}}""", "/meta/dataset", "is missing")]
    [InlineData("""{"meta":{"dataset":null}}""", "/meta/dataset", "cannot be null")]
    [InlineData("""{"meta":{"dataset":"x"}}""", "/meta/dataset", "type mismatch (received string expected object)")]
    public async Task A_bad_dataset_is_a_400_at_its_pointer(string body, string pointer, string detail)
    {
        var account = await app.CreateAccountAsync();
        var machine = await app.CreateMachineAsync(account, await app.CreateLicenseOnAsync(account));

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, Action(account, machine), body, ApiClient.JsonApi);

        Assert.Equal(detail, (string?)response.ExpectError(400, pointer: pointer)["detail"]);
    }
}

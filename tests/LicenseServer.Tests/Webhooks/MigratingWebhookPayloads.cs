using System.Text.Json.Nodes;
using LicenseServer.Core.Webhooks;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Machines;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Webhooks;

public sealed class MigratingWebhookPayloads(TestApp app)
{
    private async Task<Guid> CreateEndpointAsync(TestAccount account, string apiVersion, params string[] subscriptions)
    {
        var response = await app.Admin(account).PostAsync(account.Path("webhook-endpoints"), new
        {
            data = new { type = "webhook-endpoints", attributes = new { url = $"https://hooks.example.com/v{apiVersion}", apiVersion, subscriptions } },
        });
        Assert.Equal(apiVersion, response.Expect(201).Attribute("apiVersion"));
        return Guid.Parse((string)response.Data!["id"]!);
    }

    private static JsonObject PayloadOf(IEnumerable<WebhookEvent> events, Guid endpoint, string name) =>
        JsonNode.Parse(events.Single(e => e.EndpointId == endpoint && e.Event == name).Payload)!.AsObject();

    [Fact]
    public async Task A_1_3_endpoint_gets_policy_and_license_payloads_in_the_1_3_shape()
    {
        var account = await app.CreateAccountAsync();
        var old = await CreateEndpointAsync(account, "1.3", "policy.created", "license.created");
        var current = await CreateEndpointAsync(account, "1.8", "policy.created", "license.created");
        var policy = await app.CreatePolicyAsync(account);
        var (owner, _) = await app.CreateUserAsync(account);
        var license = (string)(await app.CreateLicenseAsync(account, policy, ownerId: owner)).Data!["id"]!;

        var events = await Hooks.EventsAsync(app, account);

        Assert.Equal(4, events.Count);
        Assert.Equal(["1.3", "1.3"], events.Where(e => e.EndpointId == old).Select(e => e.ApiVersion));
        var oldPolicy = PayloadOf(events, old, "policy.created")["data"]!["attributes"]!.AsObject();
        var currentPolicy = PayloadOf(events, current, "policy.created")["data"]!["attributes"]!.AsObject();
        Assert.Equal("PER_MACHINE", (string?)oldPolicy["leasingStrategy"]);
        Assert.Equal("UNIQUE_PER_LICENSE", (string?)oldPolicy["fingerprintUniquenessStrategy"]);
        Assert.NotNull((string?)oldPolicy["fingerprintMatchingStrategy"]);
        Assert.False(oldPolicy.ContainsKey("processLeasingStrategy") || oldPolicy.ContainsKey("machineUniquenessStrategy")
            || oldPolicy.ContainsKey("machineMatchingStrategy") || oldPolicy.ContainsKey("concurrent"));
        Assert.Equal("PER_MACHINE", (string?)currentPolicy["processLeasingStrategy"]);
        Assert.Equal("UNIQUE_PER_LICENSE", (string?)currentPolicy["machineUniquenessStrategy"]);
        Assert.False(currentPolicy.ContainsKey("leasingStrategy") || currentPolicy.ContainsKey("fingerprintUniquenessStrategy"));

        var oldLicense = PayloadOf(events, old, "license.created")["data"]!["relationships"]!.AsObject();
        var currentLicense = PayloadOf(events, current, "license.created")["data"]!["relationships"]!.AsObject();
        Assert.False(oldLicense.ContainsKey("owner"));
        Assert.Equal(owner, (string?)oldLicense["user"]!["data"]!["id"]);
        Assert.Equal($"/v1/accounts/{account.Id}/licenses/{license}/user", (string?)oldLicense["user"]!["links"]!["related"]);
        Assert.False(currentLicense.ContainsKey("user"));
        Assert.Equal(owner, (string?)currentLicense["owner"]!["data"]!["id"]);
    }

    [Fact]
    public async Task A_retried_event_keeps_the_payload_and_version_of_the_original()
    {
        var account = await app.CreateAccountAsync();
        var old = await CreateEndpointAsync(account, "1.3", "policy.created");
        await app.CreatePolicyAsync(account);
        var original = (await Hooks.EventsAsync(app, account)).Single(e => e.EndpointId == old);

        var retry = await app.Admin(account).PostAsync(account.Path($"webhook-events/{original.Id}/actions/retry"));

        Assert.Equal("1.3", retry.Expect(201).Attribute("apiVersion"));
        Assert.Equal(original.Payload, retry.Attribute("payload"));
        Assert.Contains("\"fingerprintUniquenessStrategy\"", retry.Attribute("payload"));
    }

    [Fact]
    public async Task A_1_2_endpoint_sees_a_new_machine_with_the_license_owner_as_user_and_no_heartbeat_yet()
    {
        var account = await app.CreateAccountAsync();
        var old = await CreateEndpointAsync(account, "1.2", "machine.created");
        var current = await CreateEndpointAsync(account, "1.8", "machine.created");
        var policy = await app.CreatePolicyAsync(account, new { name = "Heartbeat", requireHeartbeat = true, heartbeatDuration = 600 });
        var (owner, _) = await app.CreateUserAsync(account);
        var license = (string)(await app.CreateLicenseAsync(account, policy, ownerId: owner)).Data!["id"]!;
        var machine = await app.CreateMachineAsync(account, license);

        var events = await Hooks.EventsAsync(app, account);

        var oldMachine = PayloadOf(events, old, "machine.created")["data"]!.AsObject();
        var currentMachine = PayloadOf(events, current, "machine.created")["data"]!.AsObject();
        Assert.Equal("ALIVE", (string?)currentMachine["attributes"]!["heartbeatStatus"]);
        Assert.NotNull((string?)currentMachine["attributes"]!["lastHeartbeat"]);
        Assert.Null(currentMachine["relationships"]!["owner"]!["data"]);
        Assert.Equal("NOT_STARTED", (string?)oldMachine["attributes"]!["heartbeatStatus"]);
        Assert.Null((string?)oldMachine["attributes"]!["lastHeartbeat"]);
        var relationships = oldMachine["relationships"]!.AsObject();
        Assert.False(relationships.ContainsKey("owner"));
        Assert.Equal(owner, (string?)relationships["user"]!["data"]!["id"]);
        Assert.Equal($"/v1/accounts/{account.Id}/machines/{machine}/user", (string?)relationships["user"]!["links"]!["related"]);
    }

    [Fact]
    public async Task Validation_events_are_recorded_in_the_current_shape_whatever_the_request_version_and_migrated_per_endpoint()
    {
        var account = await app.CreateAccountAsync();
        var old = await CreateEndpointAsync(account, "1.1", "license.validation.succeeded");
        var current = await CreateEndpointAsync(account, "1.8", "license.validation.succeeded");
        var policy = await app.CreatePolicyAsync(account, new { name = "Users", maxUsers = 1, overageStrategy = "ALWAYS_ALLOW_OVERAGE" });
        var (owner, _) = await app.CreateUserAsync(account);
        var (attached, _) = await app.CreateUserAsync(account);
        var id = (string)(await app.CreateLicenseAsync(account, policy, ownerId: owner)).Data!["id"]!;
        await app.QueryAsync(async db =>
        {
            db.LicenseUsers.Add(new Core.Licenses.LicenseUser { AccountId = account.Id, LicenseId = Guid.Parse(id), UserId = Guid.Parse(attached) });
            return await db.SaveChangesAsync();
        });

        var legacy = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path($"licenses/{id}/actions/validate"), null, null,
            headers: new Dictionary<string, string> { ["Keygen-Version"] = "1.1" });

        Assert.Equal("TOO_MANY_USERS", (string?)legacy.Expect(200).Meta!["constant"]);
        var events = await app.EventuallyAsync(db => db.WebhookEvents.AsNoTracking()
            .Where(e => e.AccountId == account.Id && e.Event == "license.validation.succeeded").ToListAsync(), atLeast: 2);
        var currentMeta = PayloadOf(events, current, "license.validation.succeeded")["meta"]!.AsObject();
        var oldMeta = PayloadOf(events, old, "license.validation.succeeded")["meta"]!.AsObject();
        Assert.Equal(["ts", "valid", "detail", "code"], currentMeta.Select(p => p.Key));
        Assert.True((bool)currentMeta["valid"]!);
        Assert.Equal("TOO_MANY_USERS", (string?)currentMeta["code"]);
        Assert.Equal(["ts", "valid", "detail", "constant"], oldMeta.Select(p => p.Key));
        Assert.False((bool)oldMeta["valid"]!);
        Assert.Equal("TOO_MANY_USERS", (string?)oldMeta["constant"]);
    }
}

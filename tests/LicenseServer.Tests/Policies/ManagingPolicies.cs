using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Policies;

public sealed class ManagingPolicies(TestApp app)
{
    [Fact]
    public async Task A_policy_is_created_with_every_default_filled_in()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);

        var response = await app.Admin(account).PostAsync(account.Path("policies"), LicensingSetup.PolicyBody(product, new { name = "Default" }));

        var attributes = response.Expect(201).Data!["attributes"]!;
        Assert.Equal(1, (int?)attributes["maxMachines"]);
        Assert.Null(attributes["scheme"]);
        Assert.False((bool)attributes["usePool"]!);
        Assert.Equal("NO_OVERAGE", (string?)attributes["overageStrategy"]);
        Assert.Equal("FROM_FIRST_PING", (string?)attributes["heartbeatBasis"]);
        Assert.Equal("DEACTIVATE_DEAD", (string?)attributes["heartbeatCullStrategy"]);
        Assert.Equal("UNIQUE_PER_MACHINE", (string?)attributes["componentUniquenessStrategy"]);
        Assert.Equal(product, (string?)response.Data!["relationships"]!["product"]!["data"]!["id"]);
        var events = await app.QueryAsync(db => db.Events.CountAsync(e => e.AccountId == account.Id && e.Name == "policy.created"));
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task Heartbeat_basis_starts_from_creation_when_heartbeats_are_required()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);

        var response = await app.Admin(account).PostAsync(account.Path("policies"),
            LicensingSetup.PolicyBody(product, new { name = "HB", requireHeartbeat = true, heartbeatDuration = 600 }));

        Assert.Equal("FROM_CREATION", response.Expect(201).Attribute("heartbeatBasis"));
    }

    [Theory]
    [InlineData("""{"duration":3600}""", "DURATION_INVALID", "duration")]
    [InlineData("""{"duration":0}""", "DURATION_INVALID", "duration")]
    [InlineData("""{"floating":true,"maxMachines":0}""", "MAX_MACHINES_INVALID", "maxMachines")]
    [InlineData("""{"floating":false,"maxMachines":5}""", "MAX_MACHINES_INVALID", "maxMachines")]
    [InlineData("""{"maxCores":0}""", "MAX_CORES_INVALID", "maxCores")]
    [InlineData("""{"maxProcesses":0}""", "MAX_PROCESSES_INVALID", "maxProcesses")]
    [InlineData("""{"heartbeatDuration":59}""", "HEARTBEAT_DURATION_INVALID", "heartbeatDuration")]
    [InlineData("""{"requireCheckIn":true}""", "CHECK_IN_INTERVAL_NOT_ALLOWED", "checkInInterval")]
    [InlineData("""{"requireCheckIn":true,"checkInInterval":"day","checkInIntervalCount":400}""", "CHECK_IN_INTERVAL_COUNT_NOT_ALLOWED", "checkInIntervalCount")]
    [InlineData("""{"expirationStrategy":"SOMETIMES"}""", "EXPIRATION_STRATEGY_NOT_ALLOWED", "expirationStrategy")]
    [InlineData("""{"authenticationStrategy":"MAGIC"}""", "AUTHENTICATION_STRATEGY_NOT_ALLOWED", "authenticationStrategy")]
    [InlineData("""{"scheme":"ROT13"}""", "SCHEME_NOT_ALLOWED", "scheme")]
    [InlineData("""{"scheme":"LEGACY_ENCRYPT"}""", "SCHEME_INVALID", "scheme")]
    [InlineData("""{"usePool":true,"encrypted":true}""", "ENCRYPTED_NOT_SUPPORTED", "encrypted")]
    [InlineData("""{"usePool":true,"scheme":"ED25519_SIGN"}""", "SCHEME_NOT_SUPPORTED", "scheme")]
    [InlineData("""{"overageStrategy":"ALLOW_1_25X_OVERAGE"}""", "OVERAGE_STRATEGY_NOT_ALLOWED", "overageStrategy")]
    [InlineData("""{"floating":true,"maxMachines":6,"overageStrategy":"ALLOW_1_25X_OVERAGE"}""", "OVERAGE_STRATEGY_NOT_ALLOWED", "overageStrategy")]
    [InlineData("""{"floating":true,"maxMachines":3,"overageStrategy":"ALLOW_1_5X_OVERAGE"}""", "OVERAGE_STRATEGY_NOT_ALLOWED", "overageStrategy")]
    [InlineData("""{"heartbeatResurrectionStrategy":"ALWAYS_REVIVE"}""", "HEARTBEAT_CULL_STRATEGY_NOT_ALLOWED", "heartbeatCullStrategy")]
    [InlineData("""{"name":""}""", "NAME_MISSING", "name")]
    public async Task Invalid_attributes_are_rejected_with_codes_and_pointers(string json, string code, string attribute)
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var attributes = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        if (!attributes.ContainsKey("name"))
        {
            attributes["name"] = "P";
        }

        var response = await app.Admin(account).PostAsync(account.Path("policies"), LicensingSetup.PolicyBody(product, attributes));

        response.ExpectError(422, code: code, pointer: $"/data/attributes/{attribute}");
    }

    [Fact]
    public async Task A_policy_without_a_name_is_name_missing()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);

        var response = await app.Admin(account).PostAsync(account.Path("policies"), LicensingSetup.PolicyBody(product, new { duration = 86400 }));

        response.ExpectError(422, code: "NAME_MISSING", pointer: "/data/attributes/name");
    }

    [Fact]
    public async Task Create_only_attributes_cannot_be_updated()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);

        var response = await app.Admin(account).PatchAsync(account.Path($"policies/{policy}"), new { data = new { type = "policies", attributes = new { usePool = true } } });

        response.ExpectError(400, pointer: "/data/attributes/usePool");
    }

    [Fact]
    public async Task A_policy_is_updated_listed_by_product_and_deleted()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var policy = await app.CreatePolicyAsync(account, new { name = "A", floating = true, maxMachines = 2 }, product);
        await app.CreatePolicyAsync(account);

        var updated = await app.Admin(account).PatchAsync(account.Path($"policies/{policy}"), new { data = new { type = "policies", attributes = new { name = "B", maxMachines = 8 } } });
        var listed = await app.Admin(account).GetAsync(account.Path($"policies?product={product}"));
        var deleted = await app.Admin(account).DeleteAsync(account.Path($"policies/{policy}"));

        Assert.Equal("B", updated.Expect(200).Attribute("name"));
        Assert.Single(listed.Expect(200).Data!.AsArray());
        deleted.Expect(204);
        (await app.Admin(account).GetAsync(account.Path($"policies/{policy}"))).ExpectError(404, code: "NOT_FOUND");
    }

    public enum Who
    {
        OwnProduct,
        OtherProduct,
        User,
    }

    [Theory]
    [InlineData(Who.OwnProduct, 200)]
    [InlineData(Who.OtherProduct, 404)]
    [InlineData(Who.User, 403)]
    public async Task Products_see_only_their_own_policies_and_users_none(Who who, int status)
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var other = await app.CreateProductAsync(account);
        var policy = await app.CreatePolicyAsync(account, productId: product);
        var token = who switch
        {
            Who.OwnProduct => await app.ProductTokenAsync(account, product),
            Who.OtherProduct => await app.ProductTokenAsync(account, other),
            _ => (await app.CreateUserAsync(account)).Token,
        };

        var shown = await app.Client(token).GetAsync(account.Path($"policies/{policy}"));
        var updated = await app.Client(token).PatchAsync(account.Path($"policies/{policy}"), new { data = new { type = "policies", attributes = new { name = "Mine" } } });

        shown.Expect(status);
        updated.Expect(status);
    }
}

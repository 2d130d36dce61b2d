using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Machines;

namespace LicenseServer.Tests.Versions;

/// <summary>HTTP responses for older API versions (Keygen-Version header or account apiVersion), resources.md §1.11.</summary>
public sealed class MigratingResponses(TestApp app)
{
    private Task<ApiResponse> SendAsync(TestAccount account, string? version, HttpMethod method, string path, object? body = null) =>
        app.Admin(account).SendRawAsync(method, account.Path(path), body is null ? null : JsonSerializer.Serialize(body), ApiClient.JsonApi,
            headers: version is null ? null : new Dictionary<string, string> { ["Keygen-Version"] = version });

    private static JsonObject Attributes(ApiResponse response) => response.Data!["attributes"]!.AsObject();

    private static JsonObject Relationships(ApiResponse response) => response.Data!["relationships"]!.AsObject();

    [Fact]
    public async Task The_current_version_shows_the_current_policy_shape()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);

        var current = Attributes((await SendAsync(account, "1.8", HttpMethod.Get, $"policies/{policy}")).Expect(200));

        Assert.Equal("PER_MACHINE", (string?)current["processLeasingStrategy"]);
        Assert.NotNull((string?)current["machineUniquenessStrategy"]);
        Assert.NotNull((string?)current["machineMatchingStrategy"]);
        Assert.False(current.ContainsKey("leasingStrategy") || current.ContainsKey("fingerprintUniquenessStrategy")
            || current.ContainsKey("fingerprintMatchingStrategy") || current.ContainsKey("concurrent"));
    }

    [Theory]
    [InlineData("1.7", false)]
    [InlineData("1.6", true)]
    public async Task Up_to_1_6_a_policy_shows_processLeasingStrategy_as_leasingStrategy(string version, bool migrated)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);

        var attributes = Attributes((await SendAsync(account, version, HttpMethod.Get, $"policies/{policy}")).Expect(200));

        Assert.Equal("PER_MACHINE", (string?)attributes[migrated ? "leasingStrategy" : "processLeasingStrategy"]);
        Assert.False(attributes.ContainsKey(migrated ? "processLeasingStrategy" : "leasingStrategy"));
    }

    [Fact]
    public async Task A_migrated_response_is_signed_over_the_bytes_sent()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);

        var response = (await SendAsync(account, "1.6", HttpMethod.Get, $"policies/{policy}")).Expect(200);

        Assert.Equal("PER_MACHINE", (string?)Attributes(response)["leasingStrategy"]);
        Assert.Equal("sha-256=" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(response.Body))), response.Header("Digest"));
    }

    [Theory]
    [InlineData("1.4", false)]
    [InlineData("1.3", true)]
    [InlineData("v1.0", true)]
    public async Task Up_to_1_3_policy_machine_strategies_are_named_fingerprint_strategies_in_lists_too(string version, bool migrated)
    {
        var account = await app.CreateAccountAsync();
        await app.CreatePolicyAsync(account);

        var policies = (await SendAsync(account, version, HttpMethod.Get, "policies")).Expect(200).Data!.AsArray();

        var attributes = Assert.Single(policies)!["attributes"]!.AsObject();
        Assert.Equal(migrated, attributes.ContainsKey("fingerprintUniquenessStrategy") && attributes.ContainsKey("fingerprintMatchingStrategy"));
        Assert.Equal(!migrated, attributes.ContainsKey("machineUniquenessStrategy") && attributes.ContainsKey("machineMatchingStrategy"));
    }

    [Fact]
    public async Task The_account_api_version_applies_when_no_header_is_sent()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        (await app.Admin(account).PatchAsync(account.Path(),
            new { data = new { type = "accounts", attributes = new { apiVersion = "1.3" } } })).Expect(200);

        var response = (await SendAsync(account, null, HttpMethod.Get, $"policies/{policy}")).Expect(200);

        Assert.Equal("1.3", response.Header("Keygen-Version"));
        Assert.NotNull((string?)Attributes(response)["fingerprintUniquenessStrategy"]);
        Assert.Equal("PER_MACHINE", (string?)Attributes(response)["leasingStrategy"]);
    }

    [Theory]
    [InlineData("1.2", "NO_OVERAGE", null)]
    [InlineData("1.1", "NO_OVERAGE", false)]
    [InlineData("1.1", "ALLOW_1_25X_OVERAGE", true)]
    public async Task Up_to_1_1_a_policy_has_a_concurrent_flag(string version, string overageStrategy, bool? concurrent)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Seats", floating = true, maxMachines = 4, overageStrategy });

        var attributes = Attributes((await SendAsync(account, version, HttpMethod.Get, $"policies/{policy}")).Expect(200));

        Assert.Equal(concurrent, (bool?)attributes["concurrent"]);
        Assert.Equal(overageStrategy, (string?)attributes["overageStrategy"]);
    }

    [Fact]
    public async Task A_policy_created_under_1_1_with_old_input_names_answers_in_the_1_1_shape()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var body = LicensingSetup.PolicyBody(product, new
        {
            name = "Old client",
            concurrent = false,
            leasingStrategy = "PER_LICENSE",
            fingerprintUniquenessStrategy = "UNIQUE_PER_PRODUCT",
            fingerprintMatchingStrategy = "MATCH_ALL",
        });

        var created = (await SendAsync(account, "1.1", HttpMethod.Post, "policies", body)).Expect(201);
        var current = Attributes((await SendAsync(account, "1.8", HttpMethod.Get, $"policies/{created.Data!["id"]}")).Expect(200));

        var old = Attributes(created);
        Assert.False((bool)old["concurrent"]!);
        Assert.Equal("PER_LICENSE", (string?)old["leasingStrategy"]);
        Assert.Equal("UNIQUE_PER_PRODUCT", (string?)old["fingerprintUniquenessStrategy"]);
        Assert.Equal("MATCH_ALL", (string?)old["fingerprintMatchingStrategy"]);
        Assert.Equal("NO_OVERAGE", (string?)current["overageStrategy"]);
        Assert.Equal("PER_LICENSE", (string?)current["processLeasingStrategy"]);
        Assert.Equal("UNIQUE_PER_PRODUCT", (string?)current["machineUniquenessStrategy"]);
        Assert.Equal("MATCH_ALL", (string?)current["machineMatchingStrategy"]);
    }

    [Theory]
    [InlineData("1.6", false)]
    [InlineData("1.5", true)]
    public async Task Up_to_1_5_a_license_names_its_owner_user_and_accepts_user_on_input(string version, bool migrated)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var (owner, _) = await app.CreateUserAsync(account);
        var body = new
        {
            data = new
            {
                type = "licenses",
                relationships = new { policy = new { data = new { type = "policies", id = policy } }, user = new { data = new { type = "users", id = owner } } },
            },
        };

        var created = (await SendAsync(account, version, HttpMethod.Post, "licenses", body)).Expect(201);

        var relationships = Relationships(created);
        var name = migrated ? "user" : "owner";
        Assert.Equal(owner, (string?)relationships[name]!["data"]!["id"]);
        Assert.Equal($"/v1/accounts/{account.Id}/licenses/{created.Data!["id"]}/{name}", (string?)relationships[name]!["links"]!["related"]);
        Assert.False(relationships.ContainsKey(migrated ? "owner" : "user"));
    }

    [Theory]
    [InlineData("1.6", "OWNER_NOT_FOUND", "/data/relationships/owner")]
    [InlineData("1.5", "USER_NOT_FOUND", "/data/relationships/user")]
    public async Task Up_to_1_5_a_missing_license_owner_is_a_missing_user(string version, string code, string pointer)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);

        var response = await SendAsync(account, version, HttpMethod.Post, "licenses", LicensingSetup.LicenseBody(policy, ownerId: Guid.NewGuid().ToString()));

        response.ExpectError(422, code: code, pointer: pointer);
    }

    [Theory]
    [InlineData("1.6", false)]
    [InlineData("1.5", true)]
    public async Task Up_to_1_5_a_machine_shows_its_license_owner_as_user(string version, bool migrated)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var (owner, _) = await app.CreateUserAsync(account);
        var license = (string)(await app.CreateLicenseAsync(account, policy, ownerId: owner)).Data!["id"]!;
        var machine = await app.CreateMachineAsync(account, license);

        var shown = (await SendAsync(account, version, HttpMethod.Get, $"machines/{machine}")).Expect(200);
        var listed = (await SendAsync(account, version, HttpMethod.Get, "machines")).Expect(200);

        foreach (var relationships in new[] { Relationships(shown), listed.Data![0]!["relationships"]!.AsObject() })
        {
            if (migrated)
            {
                Assert.False(relationships.ContainsKey("owner"));
                Assert.Equal(owner, (string?)relationships["user"]!["data"]!["id"]);
                Assert.Equal($"/v1/accounts/{account.Id}/machines/{machine}/user", (string?)relationships["user"]!["links"]!["related"]);
            }
            else
            {
                Assert.False(relationships.ContainsKey("user"));
                Assert.Null(relationships["owner"]!["data"]);
            }
        }
    }

    [Theory]
    [InlineData("1.5", "maxSeats")]
    [InlineData("1.4", "max_seats")]
    public async Task Up_to_1_4_nested_metadata_keys_are_snake_case(string version, string nestedKey)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Meta", metadata = new { tierLimits = new { maxSeats = 5 } } });

        var metadata = Attributes((await SendAsync(account, version, HttpMethod.Get, $"policies/{policy}")).Expect(200))["metadata"]!.AsObject();

        Assert.Equal(5, (int)metadata["tierLimits"]![nestedKey]!);
    }

    [Theory]
    [InlineData("1.3", "ALIVE")]
    [InlineData("1.2", "NOT_STARTED")]
    public async Task Up_to_1_2_a_new_machine_has_not_started_its_heartbeat(string version, string status)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Heartbeat", requireHeartbeat = true, heartbeatDuration = 600 });
        var license = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;

        var created = (await SendAsync(account, version, HttpMethod.Post, "machines", MachineSetup.MachineBody(license, new { fingerprint = "fp-1" }))).Expect(201);
        var shown = (await SendAsync(account, version, HttpMethod.Get, $"machines/{created.Data!["id"]}")).Expect(200);

        Assert.Equal(status, (string?)Attributes(created)["heartbeatStatus"]);
        Assert.Equal(status == "ALIVE", Attributes(created)["lastHeartbeat"] is not null);
        Assert.Equal("ALIVE", (string?)Attributes(shown)["heartbeatStatus"]);
    }

    [Theory]
    [InlineData("1.2", "code")]
    [InlineData("1.1", "constant")]
    public async Task Up_to_1_1_validate_key_names_the_code_constant(string version, string name)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var key = (await app.CreateLicenseAsync(account, policy)).Attribute("key");

        var found = (await SendAsync(account, version, HttpMethod.Post, "licenses/actions/validate-key", new { meta = new { key } })).Expect(200);
        var missing = (await SendAsync(account, version, HttpMethod.Post, "licenses/actions/validate-key", new { meta = new { key = "nope" } })).Expect(200);

        Assert.Equal("VALID", (string?)found.Meta![name]);
        Assert.True((bool)found.Meta!["valid"]!);
        Assert.Equal("NOT_FOUND", (string?)missing.Meta![name]);
        Assert.Equal(name == "code", missing.Meta!.AsObject().ContainsKey("code"));
    }

    [Theory]
    [InlineData("1.10")]
    [InlineData("2.0")]
    [InlineData("1.")]
    public async Task A_version_the_server_does_not_support_is_refused(string version)
    {
        var account = await app.CreateAccountAsync();

        var response = await SendAsync(account, version, HttpMethod.Get, "policies");

        response.ExpectError(400, code: "INVALID_API_VERSION");
    }
}

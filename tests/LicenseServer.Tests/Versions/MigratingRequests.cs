using System.Text.Json;
using System.Text.Json.Nodes;
using LicenseServer.Core.Versions;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Machines;

namespace LicenseServer.Tests.Versions;

/// <summary>
/// Request bodies and error documents at older API versions (behaviour.md §0.7): old names are read only at the
/// versions that had them, through DocumentMigrations, and the current version is strict about them.
/// </summary>
public sealed class MigratingRequests(TestApp app)
{
    private Task<ApiResponse> SendAsync(TestAccount account, string version, HttpMethod method, string path, object body) =>
        app.Admin(account).SendRawAsync(method, account.Path(path), JsonSerializer.Serialize(body), ApiClient.JsonApi,
            headers: new Dictionary<string, string> { ["Keygen-Version"] = version });

    private async Task<JsonObject> CurrentPolicyAsync(TestAccount account, string id) =>
        (await app.Admin(account).GetAsync(account.Path($"policies/{id}"))).Expect(200).Data!["attributes"]!.AsObject();

    [Theory]
    [InlineData("leasingStrategy", "1.6", "1.7")]
    [InlineData("fingerprintUniquenessStrategy", "1.3", "1.4")]
    [InlineData("fingerprintMatchingStrategy", "1.3", "1.4")]
    [InlineData("concurrent", "1.1", "1.2")]
    public async Task An_old_policy_attribute_is_read_through_its_last_version_and_unpermitted_after(string name, string last, string next)
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        object value = name switch
        {
            "leasingStrategy" => "PER_LICENSE",
            "fingerprintUniquenessStrategy" => "UNIQUE_PER_PRODUCT",
            "fingerprintMatchingStrategy" => "MATCH_ALL",
            _ => true,
        };
        var body = LicensingSetup.PolicyBody(product, new Dictionary<string, object> { ["name"] = "Old", [name] = value });

        var accepted = await SendAsync(account, last, HttpMethod.Post, "policies", body);
        var refused = await SendAsync(account, next, HttpMethod.Post, "policies", body);
        var current = await SendAsync(account, "1.8", HttpMethod.Post, "policies", body);

        accepted.Expect(201);
        Assert.Equal("unpermitted parameter", (string?)refused.ExpectError(400, pointer: $"/data/attributes/{name}")["detail"]);
        current.ExpectError(400, pointer: $"/data/attributes/{name}");
    }

    [Fact]
    public async Task Old_names_sent_on_update_change_the_current_attributes()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Seats", floating = true, maxMachines = 3 });
        var body = new
        {
            data = new
            {
                type = "policies",
                attributes = new { leasingStrategy = "PER_USER", fingerprintMatchingStrategy = "MATCH_MOST", concurrent = true },
            },
        };

        (await SendAsync(account, "1.1", HttpMethod.Patch, $"policies/{policy}", body)).Expect(200);

        var current = await CurrentPolicyAsync(account, policy);
        Assert.Equal("PER_USER", (string?)current["processLeasingStrategy"]);
        Assert.Equal("MATCH_MOST", (string?)current["machineMatchingStrategy"]);
        Assert.Equal("ALWAYS_ALLOW_OVERAGE", (string?)current["overageStrategy"]);
    }

    [Fact]
    public async Task An_update_at_1_1_keeps_the_overage_strategy_it_does_not_name()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Seats", floating = true, maxMachines = 3, overageStrategy = "ALLOW_2X_OVERAGE" });
        var body = new { data = new { type = "policies", attributes = new { name = "Renamed" } } };

        (await SendAsync(account, "1.1", HttpMethod.Patch, $"policies/{policy}", body)).Expect(200);

        var current = await CurrentPolicyAsync(account, policy);
        Assert.Equal("Renamed", (string?)current["name"]);
        Assert.Equal("ALLOW_2X_OVERAGE", (string?)current["overageStrategy"]);
    }

    [Theory]
    [InlineData("1.1", "ALWAYS_ALLOW_OVERAGE")]
    [InlineData("1.2", "NO_OVERAGE")]
    public async Task A_policy_created_at_1_1_or_older_allows_overage_by_default(string version, string expected)
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);

        var created = (await SendAsync(account, version, HttpMethod.Post, "policies", LicensingSetup.PolicyBody(product, new { name = "Defaults" }))).Expect(201);

        Assert.Equal(expected, (string?)(await CurrentPolicyAsync(account, (string)created.Data!["id"]!))["overageStrategy"]);
    }

    [Fact]
    public async Task An_explicit_overage_strategy_wins_over_concurrent_at_1_1()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var body = LicensingSetup.PolicyBody(product, new { name = "Both", floating = true, maxMachines = 4, concurrent = true, overageStrategy = "ALLOW_1_25X_OVERAGE" });

        var created = (await SendAsync(account, "1.1", HttpMethod.Post, "policies", body)).Expect(201);

        Assert.Equal("ALLOW_1_25X_OVERAGE", (string?)(await CurrentPolicyAsync(account, (string)created.Data!["id"]!))["overageStrategy"]);
    }

    [Fact]
    public async Task A_concurrent_that_is_not_a_boolean_is_a_type_mismatch()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);

        var response = await SendAsync(account, "1.0", HttpMethod.Post, "policies", LicensingSetup.PolicyBody(product, new { name = "Bad", concurrent = "yes" }));

        var error = response.ExpectError(400, pointer: "/data/attributes/concurrent");
        Assert.Equal("type mismatch (received string expected boolean)", (string?)error["detail"]);
    }

    [Theory]
    [InlineData("1.2", "FROM_FIRST_PING")]
    [InlineData("1.3", "FROM_CREATION")]
    public async Task A_heartbeat_policy_created_at_1_2_or_older_counts_from_the_first_ping(string version, string expected)
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var body = LicensingSetup.PolicyBody(product, new { name = "Heartbeats", requireHeartbeat = true, heartbeatDuration = 600 });

        var created = (await SendAsync(account, version, HttpMethod.Post, "policies", body)).Expect(201);

        Assert.Equal(expected, (string?)(await CurrentPolicyAsync(account, (string)created.Data!["id"]!))["heartbeatBasis"]);
    }

    [Theory]
    [InlineData("1.7", "CREDENTIALS_INVALID", "email and password must be valid")]
    [InlineData("1.8", "EMAIL_INVALID", "email must be valid")]
    public async Task Up_to_1_7_every_credential_error_of_token_generation_is_credentials_invalid(string version, string code, string detail)
    {
        var account = await app.CreateAccountAsync();
        var client = app.WithAuthorization(ApiClient.Basic("nobody@example.com", "whatever-123"));

        var response = await client.SendRawAsync(HttpMethod.Post, account.Path("tokens"), null, null,
            headers: new Dictionary<string, string> { ["Keygen-Version"] = version });

        Assert.Equal(detail, (string?)response.ExpectError(401, code: code)["detail"]);
    }

    [Theory]
    [InlineData("1.5", "USER_NOT_FOUND", "/data/relationships/user")]
    [InlineData("1.6", "OWNER_NOT_FOUND", "/data/relationships/owner")]
    public async Task Up_to_1_5_changing_a_license_owner_to_a_stranger_is_a_missing_user(string version, string code, string pointer)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var license = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var body = new { data = new { type = "users", id = Guid.NewGuid().ToString() } };

        var response = await SendAsync(account, version, HttpMethod.Put, $"licenses/{license}/owner", body);

        response.ExpectError(422, code: code, pointer: pointer);
    }

    [Fact]
    public async Task At_1_5_a_machine_owner_that_does_not_exist_keeps_its_own_code()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var license = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var machine = await app.CreateMachineAsync(account, license);
        var body = new { data = new { type = "users", id = Guid.NewGuid().ToString() } };

        var response = await SendAsync(account, "1.5", HttpMethod.Put, $"machines/{machine}/owner", body);

        response.ExpectError(422, code: "OWNER_NOT_FOUND", pointer: "/data/relationships/owner");
    }

    [Fact]
    public void An_owner_lost_to_a_race_on_a_license_is_renamed_like_any_other_owner_error()
    {
        // The database's foreign-key error reaches the client through the same error document as the endpoint's own check.
        const string Raced = """{"errors":[{"title":"Unprocessable resource","detail":"must exist","code":"OWNER_NOT_FOUND","source":{"pointer":"/data/relationships/owner"}}]}""";

        var old = JsonNode.Parse(DocumentMigrations.Migrate(Raced, "license.created", "1.5"))!["errors"]![0]!;
        var current = JsonNode.Parse(DocumentMigrations.Migrate(Raced, "license.created", "1.6"))!["errors"]![0]!;

        Assert.Equal(("USER_NOT_FOUND", "/data/relationships/user"), ((string?)old["code"], (string?)old["source"]!["pointer"]));
        Assert.Equal(("OWNER_NOT_FOUND", "/data/relationships/owner"), ((string?)current["code"], (string?)current["source"]!["pointer"]));
    }

    [Fact]
    public void A_current_version_body_is_read_as_sent()
    {
        using var body = JsonDocument.Parse("""{"data":{"type":"policies","attributes":{"leasingStrategy":"PER_USER"}}}""");

        Assert.Null(DocumentMigrations.MigrateRequest(body.RootElement, "policies", creates: true, ApiVersion.Current));
        Assert.Null(DocumentMigrations.MigrateRequest(body.RootElement, "policies", creates: false, new ApiVersion(1, 7)));
        Assert.NotNull(DocumentMigrations.MigrateRequest(body.RootElement, "policies", creates: false, new ApiVersion(1, 6)));
    }

    [Fact]
    public void A_body_for_another_resource_is_not_touched()
    {
        using var body = JsonDocument.Parse("""{"data":{"type":"licenses","attributes":{"leasingStrategy":"PER_USER","concurrent":true}}}""");

        Assert.Null(DocumentMigrations.MigrateRequest(body.RootElement, "licenses", creates: true, new ApiVersion(1, 0)));
    }

    [Fact]
    public void Attributes_that_are_not_an_object_are_left_for_the_endpoint_to_refuse()
    {
        using var body = JsonDocument.Parse("""{"data":{"type":"policies","attributes":"everything"}}""");

        Assert.Null(DocumentMigrations.MigrateRequest(body.RootElement, "policies", creates: true, new ApiVersion(1, 0)));
    }
}

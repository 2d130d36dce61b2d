using System.Text.Json.Nodes;
using LicenseServer.Core.Versions;

namespace LicenseServer.Tests.Versions;

public sealed class MigratingDocuments
{
    private const string AccountId = "0b7c5e2e-1111-4a4a-9a9a-000000000001";
    private const string PolicyId = "0b7c5e2e-2222-4a4a-9a9a-000000000002";
    private const string LicenseId = "0b7c5e2e-3333-4a4a-9a9a-000000000003";
    private const string MachineId = "0b7c5e2e-4444-4a4a-9a9a-000000000004";
    private const string UserId = "0b7c5e2e-5555-4a4a-9a9a-000000000005";
    private const string LicenseOwnerId = "0b7c5e2e-6666-4a4a-9a9a-000000000006";

    private static string Policy(string overageStrategy = "NO_OVERAGE") => WithIds("""
        {"data":{"id":"{policy}","type":"policies","attributes":{"name":"Pro","machineUniquenessStrategy":"UNIQUE_PER_LICENSE",
        "machineMatchingStrategy":"MATCH_ANY","machineLeasingStrategy":"PER_LICENSE","processLeasingStrategy":"PER_MACHINE",
        "overageStrategy":"{overage}","metadata":{"tier":"gold","limits":{"maxSeats":5,"perRegion":[{"regionCode":"eu"}]}},
        "created":"2024-01-01T00:00:00.000Z"},"links":{"self":"/v1/accounts/{account}/policies/{policy}"}}}
        """).Replace("{overage}", overageStrategy);

    private static readonly string License = WithIds("""
        {"data":{"id":"{license}","type":"licenses","attributes":{"name":null,"metadata":{}},"relationships":{
        "policy":{"links":{"related":"/v1/accounts/{account}/licenses/{license}/policy"},"data":{"type":"policies","id":"{policy}"}},
        "owner":{"links":{"related":"/v1/accounts/{account}/licenses/{license}/owner"},"data":{"type":"users","id":"{user}"}},
        "users":{"links":{"related":"/v1/accounts/{account}/licenses/{license}/users"},"meta":{"count":1}}}}}
        """);

    private static readonly string Machine = WithIds("""
        {"data":{"id":"{machine}","type":"machines","attributes":{"fingerprint":"fp","heartbeatStatus":"ALIVE",
        "lastHeartbeat":"2024-01-01T00:00:00.000Z","metadata":{}},"relationships":{
        "license":{"links":{"related":"/v1/accounts/{account}/machines/{machine}/license"},"data":{"type":"licenses","id":"{license}"}},
        "owner":{"links":{"related":"/v1/accounts/{account}/machines/{machine}/owner"},"data":{"type":"users","id":"{user}"}},
        "components":{"links":{"related":"/v1/accounts/{account}/machines/{machine}/components"}}}}}
        """);

    private static string Validation(bool valid, string code) => WithIds("""
        {"data":{"id":"{license}","type":"licenses","attributes":{"metadata":{}}},
        "meta":{"ts":"2024-01-01T00:00:00.000Z","valid":{valid},"detail":"is valid","code":"{code}","nonce":1}}
        """).Replace("{valid}", valid ? "true" : "false").Replace("{code}", code);

    private static string WithIds(string json) => json.Replace("{account}", AccountId).Replace("{policy}", PolicyId).Replace("{license}", LicenseId)
        .Replace("{machine}", MachineId).Replace("{user}", UserId);

    private static readonly Dictionary<Guid, Guid?> Owners = new() { [Guid.Parse(LicenseId)] = Guid.Parse(LicenseOwnerId) };

    private static JsonObject Migrate(string document, string version, string eventName = "resource.updated",
        IReadOnlyDictionary<Guid, Guid?>? owners = null) =>
        JsonNode.Parse(DocumentMigrations.Migrate(document, eventName, version, owners))!.AsObject();

    private static JsonObject Attributes(JsonObject document) => document["data"]!["attributes"]!.AsObject();

    private static JsonObject Relationships(JsonObject document) => document["data"]!["relationships"]!.AsObject();

    [Theory]
    [InlineData("1.8")]
    [InlineData("2.0")]
    [InlineData("nonsense")]
    public void The_current_or_an_unknown_version_gets_the_input_string_itself(string version)
    {
        var document = Policy();

        Assert.Same(document, DocumentMigrations.Migrate(document, "policy.created", version));
    }

    [Fact]
    public void Version_1_7_changes_no_payload()
    {
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Policy()), Migrate(Policy(), "1.7")));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Machine), Migrate(Machine, "1.7", "machine.created", Owners)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Validation(true, "VALID")), Migrate(Validation(true, "VALID"), "1.7", "license.validation.succeeded")));
    }

    [Theory]
    [InlineData("1.7", false)]
    [InlineData("1.6", true)]
    [InlineData("1.0", true)]
    public void Up_to_1_6_policies_show_processLeasingStrategy_as_leasingStrategy(string version, bool migrated)
    {
        var attributes = Attributes(Migrate(Policy(), version));

        Assert.Equal(migrated, attributes.ContainsKey("leasingStrategy"));
        Assert.Equal(!migrated, attributes.ContainsKey("processLeasingStrategy"));
        Assert.Equal("PER_MACHINE", (string?)(attributes["leasingStrategy"] ?? attributes["processLeasingStrategy"]));
    }

    [Fact]
    public void A_renamed_attribute_keeps_its_place()
    {
        var keys = Attributes(Migrate(Policy(), "1.6")).Select(p => p.Key).ToList();

        Assert.Equal(keys.IndexOf("machineLeasingStrategy") + 1, keys.IndexOf("leasingStrategy"));
    }

    [Theory]
    [InlineData("1.6", false)]
    [InlineData("1.5", true)]
    [InlineData("1.0", true)]
    public void Up_to_1_5_the_license_owner_relationship_is_named_user(string version, bool migrated)
    {
        var relationships = Relationships(Migrate(License, version, "license.created"));

        var relationship = relationships[migrated ? "user" : "owner"]!;
        Assert.False(relationships.ContainsKey(migrated ? "owner" : "user"));
        Assert.Equal(UserId, (string?)relationship["data"]!["id"]);
        Assert.Equal($"/v1/accounts/{AccountId}/licenses/{LicenseId}/{(migrated ? "user" : "owner")}", (string?)relationship["links"]!["related"]);
        Assert.Equal(["policy", migrated ? "user" : "owner", "users"], relationships.Select(p => p.Key));
    }

    [Theory]
    [InlineData("1.6", false)]
    [InlineData("1.5", true)]
    [InlineData("1.0", true)]
    public void Up_to_1_5_machines_show_the_license_owner_as_user_instead_of_their_own_owner(string version, bool migrated)
    {
        var relationships = Relationships(Migrate(Machine, version, "machine.updated", Owners));

        if (migrated)
        {
            Assert.False(relationships.ContainsKey("owner"));
            Assert.Equal(LicenseOwnerId, (string?)relationships["user"]!["data"]!["id"]);
            Assert.Equal("users", (string?)relationships["user"]!["data"]!["type"]);
            Assert.Equal($"/v1/accounts/{AccountId}/machines/{MachineId}/user", (string?)relationships["user"]!["links"]!["related"]);
        }
        else
        {
            Assert.False(relationships.ContainsKey("user"));
            Assert.Equal(UserId, (string?)relationships["owner"]!["data"]!["id"]);
        }
    }

    [Fact]
    public void A_license_without_an_owner_gives_its_machines_a_null_user()
    {
        var owners = new Dictionary<Guid, Guid?> { [Guid.Parse(LicenseId)] = null };

        var user = Relationships(Migrate(Machine, "1.5", "machine.updated", owners))["user"]!.AsObject();

        Assert.True(user.ContainsKey("data"));
        Assert.Null(user["data"]);
    }

    [Fact]
    public void Without_the_license_owner_the_machine_user_relationship_has_links_only()
    {
        var user = Relationships(Migrate(Machine, "1.5", "machine.updated", owners: null))["user"]!.AsObject();

        Assert.Equal(["links"], user.Select(p => p.Key));
    }

    [Fact]
    public void The_license_ids_of_machines_are_read_from_their_license_relationship()
    {
        Assert.Equal([Guid.Parse(LicenseId)], DocumentMigrations.MachineLicenseIds(Machine));
        Assert.Empty(DocumentMigrations.MachineLicenseIds(License));
    }

    [Theory]
    [InlineData("1.5", false)]
    [InlineData("1.4", true)]
    [InlineData("1.0", true)]
    public void Up_to_1_4_nested_metadata_keys_are_snake_case(string version, bool migrated)
    {
        var metadata = Attributes(Migrate(Policy(), version))["metadata"]!.AsObject();

        Assert.Equal(["tier", "limits"], metadata.Select(p => p.Key));
        var limits = metadata["limits"]!.AsObject();
        Assert.Equal(migrated ? ["max_seats", "per_region"] : ["maxSeats", "perRegion"], limits.Select(p => p.Key));
        var region = limits[migrated ? "per_region" : "perRegion"]![0]!.AsObject();
        Assert.Equal(migrated ? "region_code" : "regionCode", region.Single().Key);
        Assert.Equal("eu", (string?)region.Single().Value);
    }

    [Fact]
    public void Top_level_metadata_keys_stay_camel_case()
    {
        var document = """{"data":{"type":"users","attributes":{"metadata":{"favoriteColor":"red","nestedThing":{"innerKey":1}}}}}""";

        var metadata = Attributes(Migrate(document, "1.4"))["metadata"]!.AsObject();

        Assert.Equal("""{"favoriteColor":"red","nestedThing":{"inner_key":1}}""", metadata.ToJsonString());
    }

    [Theory]
    [InlineData("1.4", false)]
    [InlineData("1.3", true)]
    [InlineData("1.0", true)]
    public void Up_to_1_3_policy_machine_strategies_are_named_fingerprint_strategies(string version, bool migrated)
    {
        var attributes = Attributes(Migrate(Policy(), version));

        Assert.Equal(migrated, attributes.ContainsKey("fingerprintUniquenessStrategy"));
        Assert.Equal(migrated, attributes.ContainsKey("fingerprintMatchingStrategy"));
        Assert.Equal(!migrated, attributes.ContainsKey("machineUniquenessStrategy"));
        Assert.Equal(!migrated, attributes.ContainsKey("machineMatchingStrategy"));
        Assert.Equal("UNIQUE_PER_LICENSE", (string?)(attributes["fingerprintUniquenessStrategy"] ?? attributes["machineUniquenessStrategy"]));
        Assert.Equal("MATCH_ANY", (string?)(attributes["fingerprintMatchingStrategy"] ?? attributes["machineMatchingStrategy"]));
        Assert.True(attributes.ContainsKey("machineLeasingStrategy"));
    }

    [Theory]
    [InlineData("1.3", false)]
    [InlineData("1.2", true)]
    [InlineData("1.0", true)]
    public void Up_to_1_2_a_created_machine_has_not_started_its_heartbeat(string version, bool migrated)
    {
        var attributes = Attributes(Migrate(Machine, version, "machine.created", Owners));

        Assert.Equal(migrated ? "NOT_STARTED" : "ALIVE", (string?)attributes["heartbeatStatus"]);
        Assert.Equal(migrated ? null : "2024-01-01T00:00:00.000Z", (string?)attributes["lastHeartbeat"]);
        Assert.True(attributes.ContainsKey("lastHeartbeat"));
    }

    [Theory]
    [InlineData("machine.updated")]
    [InlineData("machine.heartbeat.ping")]
    public void Up_to_1_2_only_the_creation_event_hides_the_heartbeat(string eventName)
    {
        var attributes = Attributes(Migrate(Machine, "1.0", eventName, Owners));

        Assert.Equal("ALIVE", (string?)attributes["heartbeatStatus"]);
        Assert.NotNull((string?)attributes["lastHeartbeat"]);
    }

    [Theory]
    [InlineData("1.2", false)]
    [InlineData("1.1", true)]
    [InlineData("1.0", true)]
    public void Up_to_1_1_validation_meta_names_the_code_constant(string version, bool migrated)
    {
        var meta = Migrate(Validation(true, "VALID"), version, "license.validation.succeeded")["meta"]!.AsObject();

        Assert.Equal(["ts", "valid", "detail", migrated ? "constant" : "code", "nonce"], meta.Select(p => p.Key));
        Assert.Equal("VALID", (string?)meta[migrated ? "constant" : "code"]);
    }

    [Theory]
    [InlineData("1.2", true, "TOO_MANY_MACHINES", true)]
    [InlineData("1.1", true, "TOO_MANY_MACHINES", false)]
    [InlineData("1.1", true, "VALID", true)]
    [InlineData("1.1", true, "EXPIRED", true)]
    [InlineData("1.0", true, "TOO_MANY_USERS", false)]
    [InlineData("1.0", false, "SUSPENDED", false)]
    public void Up_to_1_1_only_VALID_and_EXPIRED_validations_are_valid(string version, bool valid, string code, bool expected)
    {
        var eventName = valid ? "license.validation.succeeded" : "license.validation.failed";

        var meta = Migrate(Validation(valid, code), version, eventName)["meta"]!;

        Assert.Equal(expected, (bool)meta["valid"]!);
    }

    [Fact]
    public void Meta_of_other_events_is_not_validation_meta()
    {
        var document = """{"data":{"type":"users","attributes":{}},"meta":{"code":"X","valid":true}}""";

        Assert.Equal("""{"code":"X","valid":true}""", Migrate(document, "1.0", "user.password-reset")["meta"]!.ToJsonString());
    }

    [Theory]
    [InlineData("1.2", "ALWAYS_ALLOW_OVERAGE", null)]
    [InlineData("1.1", "NO_OVERAGE", false)]
    [InlineData("1.1", "ALWAYS_ALLOW_OVERAGE", true)]
    [InlineData("1.1", "ALLOW_1_25X_OVERAGE", true)]
    [InlineData("1.0", "ALLOW_2X_OVERAGE", true)]
    public void Up_to_1_1_policies_have_a_concurrent_flag(string version, string overageStrategy, bool? concurrent)
    {
        var attributes = Attributes(Migrate(Policy(overageStrategy), version));

        Assert.Equal(concurrent, (bool?)attributes["concurrent"]);
        Assert.Equal(overageStrategy, (string?)attributes["overageStrategy"]);
        if (concurrent is not null)
        {
            var keys = attributes.Select(p => p.Key).ToList();
            Assert.Equal(keys.IndexOf("overageStrategy") + 1, keys.IndexOf("concurrent"));
        }
    }

    [Fact]
    public void Version_1_0_applies_every_step()
    {
        var attributes = Attributes(Migrate(Policy("ALLOW_1_5X_OVERAGE"), "1.0"));

        Assert.Equal(
            ["name", "fingerprintUniquenessStrategy", "fingerprintMatchingStrategy", "machineLeasingStrategy", "leasingStrategy",
                "overageStrategy", "concurrent", "metadata", "created"],
            attributes.Select(p => p.Key));
        Assert.Equal("""{"tier":"gold","limits":{"max_seats":5,"per_region":[{"region_code":"eu"}]}}""", attributes["metadata"]!.ToJsonString());
    }

    [Fact]
    public void Every_resource_of_a_list_is_migrated()
    {
        var policy = JsonNode.Parse(Policy())!["data"]!.ToJsonString();
        var document = "{\"data\":[" + policy + "," + policy + "]}";

        var data = Migrate(document, "1.6")["data"]!.AsArray();

        Assert.Equal(2, data.Count);
        Assert.All(data, p => Assert.Equal("PER_MACHINE", (string?)p!["attributes"]!["leasingStrategy"]));
    }

    [Fact]
    public void A_document_with_repeated_keys_is_left_in_the_current_shape()
    {
        var document = """{"data":{"type":"policies","attributes":{"processLeasingStrategy":"PER_MACHINE","metadata":{"a1":1,"a1":2}}}}""";

        Assert.Same(document, DocumentMigrations.Migrate(document, "policy.updated", "1.0"));
    }

    [Fact]
    public void Non_ascii_text_is_written_as_the_current_version_writes_it()
    {
        var document = """{"data":{"type":"products","attributes":{"name":"Caf\u00E9 \u003Cb\u003E"}}}""";

        Assert.Equal(document, DocumentMigrations.Migrate(document, "product.created", "1.0"));
    }
}

using System.Text.RegularExpressions;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Licenses;

public sealed partial class ManagingLicenses(TestApp app)
{
    [GeneratedRegex("^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}-V3$")]
    private static partial Regex DefaultKey();

    [Fact]
    public async Task A_license_gets_a_default_key_the_policy_settings_and_an_event()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Floating", floating = true, maxMachines = 3, @protected = true });

        var created = await app.CreateLicenseAsync(account, policy);

        Assert.Matches(DefaultKey(), created.Attribute("key"));
        var attributes = created.Data!["attributes"]!;
        Assert.Equal("ACTIVE", (string?)attributes["status"]);
        Assert.Equal(3, (int?)attributes["maxMachines"]);
        Assert.True((bool)attributes["protected"]!);
        Assert.Null(attributes["expiry"]);
        Assert.Equal(0, (int?)created.Data["relationships"]!["machines"]!["meta"]!["count"]);
        Assert.NotNull(created.Header("Location"));
        var events = await app.QueryAsync(db => db.Events.CountAsync(e => e.AccountId == account.Id && e.Name == "license.created"));
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task The_expiry_comes_from_the_policy_duration_in_calendar_units()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Monthly", duration = 2_629_746 });

        var created = await app.CreateLicenseAsync(account, policy);

        var createdAt = DateTime.Parse(created.Attribute("created"), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var expiry = DateTime.Parse(created.Attribute("expiry"), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(createdAt.AddMonths(1), expiry);
    }

    [Fact]
    public async Task A_first_validation_basis_leaves_the_expiry_empty_at_creation_and_the_first_validation_shows_it()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Lazy", duration = 86_400, expirationBasis = "FROM_FIRST_VALIDATION" });

        var created = await app.CreateLicenseAsync(account, policy);
        var id = (string)created.Data!["id"]!;
        var first = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/validate"));
        var second = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/validate"));

        Assert.Null(created.Data["attributes"]!["expiry"]);
        var shown = (string?)first.Expect(200).Data!["attributes"]!["expiry"];
        Assert.NotNull(shown);
        Assert.Equal(shown, (string?)second.Expect(200).Data!["attributes"]!["expiry"]);
        var stored = await app.QueryAsync(db => db.Licenses.Where(l => l.Id == Guid.Parse(id)).Select(l => l.Expiry).SingleAsync());
        Assert.Equal(DateTime.Parse(shown!, null, System.Globalization.DateTimeStyles.AdjustToUniversal), stored!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Theory]
    [InlineData("short", "KEY_TOO_SHORT")]
    [InlineData("actions", "KEY_NOT_ALLOWED")]
    public async Task Bad_custom_keys_are_rejected(string key, string code)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);

        var response = await app.Admin(account).PostAsync(account.Path("licenses"), LicensingSetup.LicenseBody(policy, new { key }));

        response.ExpectError(422, code: code, pointer: "/data/attributes/key");
    }

    [Fact]
    public async Task Keys_are_unique_per_account_and_may_not_name_a_license_id()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var first = await app.CreateLicenseAsync(account, policy, new { key = "UNIQUE-KEY-1" });

        var taken = await app.Admin(account).PostAsync(account.Path("licenses"), LicensingSetup.LicenseBody(policy, new { key = "UNIQUE-KEY-1" }));
        var conflict = await app.Admin(account).PostAsync(account.Path("licenses"), LicensingSetup.LicenseBody(policy, new { key = (string)first.Data!["id"]! }));

        taken.ExpectError(422, code: "KEY_TAKEN", pointer: "/data/attributes/key");
        conflict.ExpectError(422, code: "KEY_CONFLICT", pointer: "/data/attributes/key");
        var other = await app.CreateAccountAsync();
        await app.CreateLicenseAsync(other, await app.CreatePolicyAsync(other), new { key = "UNIQUE-KEY-1" });
    }

    [Fact]
    public async Task A_license_is_found_by_key_updated_and_deleted()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "F", floating = true, maxMachines = 2 });
        var created = await app.CreateLicenseAsync(account, policy, new { key = "find.me-by.key" });
        var id = (string)created.Data!["id"]!;

        var byKey = await app.Admin(account).GetAsync(account.Path("licenses/find.me-by.key"));
        var updated = await app.Admin(account).PatchAsync(account.Path("licenses/find.me-by.key"),
            new { data = new { type = "licenses", attributes = new { name = "Seat", maxMachines = 7, expiry = (string?)null } } });
        var immutable = await app.Admin(account).PatchAsync(account.Path($"licenses/{id}"), new { data = new { type = "licenses", attributes = new { key = "NEW-KEY-VALUE" } } });
        var deleted = await app.Admin(account).DeleteAsync(account.Path($"licenses/{id}"));

        Assert.Equal(id, (string?)byKey.Expect(200).Data!["id"]);
        Assert.Equal(7, (int?)updated.Expect(200).Data!["attributes"]!["maxMachines"]);
        immutable.ExpectError(400, pointer: "/data/attributes/key");
        deleted.Expect(204);
        (await app.Admin(account).GetAsync(account.Path($"licenses/{id}"))).ExpectError(404, code: "NOT_FOUND");
    }

    [Theory]
    [InlineData(false, 2, "MAX_MACHINES_INVALID", "maxMachines")]
    [InlineData(true, 0, "MAX_MACHINES_INVALID", "maxMachines")]
    public async Task Machine_overrides_follow_the_policy_kind(bool floating, int maxMachines, string code, string attribute)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "P", floating, maxMachines = 1 });

        var response = await app.Admin(account).PostAsync(account.Path("licenses"), LicensingSetup.LicenseBody(policy, new { maxMachines }));

        response.ExpectError(422, code: code, pointer: $"/data/attributes/{attribute}");
    }

    [Fact]
    public async Task Licenses_are_filtered_by_owner_user_status_and_metadata()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var (owner, _) = await app.CreateUserAsync(account);
        var owned = (string)(await app.CreateLicenseAsync(account, policy, new { metadata = new { tier = "gold", seats = 5 } }, owner)).Data!["id"]!;
        var suspended = (string)(await app.CreateLicenseAsync(account, policy, new { suspended = true })).Data!["id"]!;
        await app.CreateLicenseAsync(account, policy, new { expiry = "2020-01-01T00:00:00Z" });

        async Task<List<string>> Ids(string query) =>
            (await app.Admin(account).GetAsync(account.Path($"licenses?{query}"))).Expect(200).Data!.AsArray().Select(d => (string)d!["id"]!).ToList();

        Assert.Equal([owned], await Ids($"owner={owner}"));
        Assert.Equal([owned], await Ids($"user={owner}"));
        Assert.Equal([suspended], await Ids("status=SUSPENDED"));
        Assert.Single(await Ids("status=EXPIRED"));
        Assert.Equal([owned], await Ids("status=ACTIVE"));
        Assert.Equal([owned], await Ids("metadata[tier]=gold"));
        Assert.Equal([owned], await Ids("metadata[seats]=5"));
        Assert.Equal([suspended], await Ids("suspended=true"));
    }

    [Fact]
    public async Task Users_are_attached_counted_and_detached()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Two seats", maxUsers = 2 });
        var (owner, _) = await app.CreateUserAsync(account);
        var (second, _) = await app.CreateUserAsync(account);
        var (third, _) = await app.CreateUserAsync(account);
        var id = (string)(await app.CreateLicenseAsync(account, policy, ownerId: owner)).Data!["id"]!;
        static object Users(params string[] ids) => new { data = ids.Select(u => new { type = "users", id = u }).ToArray() };

        var attached = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/users"), Users(second));
        var conflict = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/users"), Users(owner));
        var limit = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/users"), Users(third));
        var shown = await app.Admin(account).GetAsync(account.Path($"licenses/{id}"));
        var listed = await app.Admin(account).GetAsync(account.Path($"licenses/{id}/users"));
        var detachOwner = await app.Admin(account).DeleteAsync(account.Path($"licenses/{id}/users"), Users(owner));
        var detached = await app.Admin(account).DeleteAsync(account.Path($"licenses/{id}/users"), Users(second));

        Assert.Equal("license-users", (string?)attached.Expect(200).Data![0]!["type"]);
        conflict.ExpectError(422, code: "USER_CONFLICT", pointer: "/data/relationships/users");
        limit.ExpectError(422, code: "USER_LIMIT_EXCEEDED", pointer: "/data/relationships/users");
        Assert.Equal(2, (int?)shown.Expect(200).Data!["relationships"]!["users"]!["meta"]!["count"]);
        Assert.Equal(2, listed.Expect(200).Data!.AsArray().Count);
        detachOwner.ExpectError(403, pointer: "/data/0");
        detached.Expect(204);
    }

    [Fact]
    public async Task A_license_moves_to_a_compatible_policy_only()
    {
        var account = await app.CreateAccountAsync();
        var from = await app.CreatePolicyAsync(account);
        var to = await app.CreatePolicyAsync(account, new { name = "Reset", duration = 86_400 * 10, transferStrategy = "RESET_EXPIRY" });
        var pooled = await app.CreatePolicyAsync(account, new { name = "Pooled", usePool = true });
        var id = (string)(await app.CreateLicenseAsync(account, from)).Data!["id"]!;
        static object Policy(string id) => new { data = new { type = "policies", id } };

        var incompatible = await app.Admin(account).PutAsync(account.Path($"licenses/{id}/policy"), Policy(pooled));
        var moved = await app.Admin(account).PutAsync(account.Path($"licenses/{id}/policy"), Policy(to));

        incompatible.ExpectError(422, code: "POLICY_NOT_COMPATIBLE");
        Assert.Equal(to, (string?)moved.Expect(200).Data!["relationships"]!["policy"]!["data"]!["id"]);
        Assert.NotNull((string?)moved.Data!["attributes"]!["expiry"]);
    }

    [Fact]
    public async Task Activation_tokens_are_generated_with_200_and_reject_negative_limits()
    {
        var account = await app.CreateAccountAsync();
        var id = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account))).Data!["id"]!;

        var generated = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/tokens"), new { data = new { type = "tokens", attributes = new { maxActivations = 3 } } });
        var negative = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/tokens"), new { data = new { type = "tokens", attributes = new { maxDeactivations = -1 } } });

        Assert.Matches("^activ-[0-9a-f]{32}v3$", generated.Expect(200).Attribute("token"));
        Assert.Equal("activation-token", generated.Attribute("kind"));
        Assert.Equal(3, (int?)generated.Data!["attributes"]!["maxActivations"]);
        negative.ExpectError(422, code: "MAX_DEACTIVATIONS_INVALID", pointer: "/data/attributes/maxDeactivations");
    }

    [Fact]
    public async Task A_signing_scheme_signs_the_key_and_validate_key_finds_it()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Signed", scheme = "ED25519_SIGN" });

        var created = await app.CreateLicenseAsync(account, policy, new { key = "seat-{{id}}" });
        var validated = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key = created.Attribute("key") } });

        Assert.StartsWith("key/", created.Attribute("key"));
        Assert.Equal("ED25519_SIGN", created.Attribute("scheme"));
        Assert.Equal("VALID", (string?)validated.Expect(200).Meta!["code"]);
    }

    [Fact]
    public async Task A_legacy_encrypted_key_is_shown_once_and_validated_with_the_encrypted_flag()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Legacy", encrypted = true });

        var created = await app.CreateLicenseAsync(account, policy);
        var key = created.Attribute("key");
        var shown = await app.Admin(account).GetAsync(account.Path($"licenses/{created.Data!["id"]}"));
        var plain = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key } });
        var flagged = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key, encrypted = true } });
        var custom = await app.Admin(account).PostAsync(account.Path("licenses"), LicensingSetup.LicenseBody(policy, new { key = "CUSTOM-LEGACY" }));

        Assert.Matches("^[0-9a-f]{32}(-[0-9a-f]{32}){2}-[0-9a-f]{30}v1$", key);
        Assert.StartsWith(Guid.Parse((string)created.Data["id"]!).ToString("N"), key);
        Assert.False(shown.Expect(200).Data!["attributes"]!.AsObject().ContainsKey("key"));
        Assert.Equal("NOT_FOUND", (string?)plain.Expect(200).Meta!["code"]);
        Assert.Equal("VALID", (string?)flagged.Expect(200).Meta!["code"]);
        custom.ExpectError(422, code: "KEY_NOT_SUPPORTED", pointer: "/data/attributes/key");
    }

    [Fact]
    public async Task A_legacy_encrypted_key_is_stored_only_as_its_digest_and_still_validates()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Legacy", encrypted = true });

        var created = await app.CreateLicenseAsync(account, policy);
        var id = (string)created.Data!["id"]!;
        var key = created.Attribute("key");
        var stored = await app.QueryAsync(db => db.Licenses.Where(l => l.Id == Guid.Parse(id)).Select(l => new { l.Key, l.KeyDigest }).SingleAsync());
        var event_ = await app.QueryAsync(db => db.Events.Where(e => e.AccountId == account.Id && e.Name == "license.created").Select(e => e.Payload).SingleAsync());
        var validated = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key, encrypted = true } });
        var byRoute = await app.Anonymous.PostAsync(account.Path($"licenses/{key}/actions/validate-key"), new { meta = new { key, legacyEncrypted = true } });
        var listed = await app.Admin(account).GetAsync(account.Path("licenses"));

        Assert.DoesNotContain(key, stored.Key);
        Assert.Equal(Core.Licenses.LicenseKeys.Digest(key), stored.KeyDigest);
        Assert.Equal(stored.KeyDigest, stored.Key);
        Assert.DoesNotContain(key, event_);
        Assert.Equal("VALID", (string?)validated.Expect(200).Meta!["code"]);
        Assert.Equal(id, (string?)validated.Data!["id"]);
        Assert.Equal("VALID", (string?)byRoute.Expect(200).Meta!["code"]);
        Assert.False(listed.Expect(200).Data![0]!["attributes"]!.AsObject().ContainsKey("key"));
    }
}

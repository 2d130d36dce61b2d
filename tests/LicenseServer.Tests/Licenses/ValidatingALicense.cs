using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Licenses;

public sealed class ValidatingALicense(TestApp app)
{
    [Fact]
    public async Task An_overdue_license_is_invalid_with_code_OVERDUE_and_a_failed_event()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Check-in", requireCheckIn = true, checkInInterval = "day", checkInIntervalCount = 1 });
        var id = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        await app.QueryAsync(db => db.Licenses.Where(l => l.Id == Guid.Parse(id)).ExecuteUpdateAsync(s => s.SetProperty(l => l.LastCheckIn, DateTime.UtcNow.AddDays(-3))));

        var response = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/validate"), new { meta = new { nonce = 42 } });

        var meta = response.Expect(200).Meta!;
        Assert.False((bool)meta["valid"]!);
        Assert.Equal("OVERDUE", (string?)meta["code"]);
        Assert.Equal("is overdue for check in", (string?)meta["detail"]);
        Assert.Equal(42, (int?)meta["nonce"]);
        Assert.Equal(["ts", "valid", "detail", "code", "nonce"], meta.AsObject().Select(p => p.Key));
        var events = await app.EventuallyAsync(db => db.Events.Where(e => e.AccountId == account.Id && e.Name == "license.validation.failed").ToListAsync());
        Assert.Single(events);
        Assert.Contains("\"OVERDUE\"", events[0].Meta);
    }

    [Fact]
    public async Task A_validation_shows_the_new_last_validated_and_stores_it_after_responding()
    {
        var account = await app.CreateAccountAsync();
        var id = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account))).Data!["id"]!;

        var response = await app.Admin(account).GetAsync(account.Path($"licenses/{id}/actions/validate"));

        Assert.NotNull((string?)response.Expect(200).Data!["attributes"]!["lastValidated"]);
        Assert.Equal(["ts", "valid", "detail", "code"], response.Meta!.AsObject().Select(p => p.Key));
        var stored = await app.EventuallyAsync(db => db.Licenses.Where(l => l.Id == Guid.Parse(id) && l.LastValidated != null).ToListAsync());
        Assert.Single(stored);
        var events = await app.QueryAsync(db => db.Events.CountAsync(e => e.AccountId == account.Id && e.Name.StartsWith("license.validation")));
        Assert.Equal(0, events);
    }

    [Fact]
    public async Task Validate_key_is_anonymous_and_not_found_is_data()
    {
        var account = await app.CreateAccountAsync();
        var created = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account));

        var found = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key = created.Attribute("key") } });
        var missing = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key = "NOPE-NOPE" } });
        var noKey = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { } });

        Assert.Equal("VALID", (string?)found.Expect(200).Meta!["code"]);
        Assert.Equal("NOT_FOUND", (string?)missing.Expect(200).Meta!["code"]);
        Assert.Equal("does not exist", (string?)missing.Meta!["detail"]);
        Assert.Null(missing.Data);
        noKey.ExpectError(400, pointer: "/meta/key");
    }

    [Fact]
    public async Task Validate_key_under_a_license_path_must_name_that_license()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var first = await app.CreateLicenseAsync(account, policy);
        var second = await app.CreateLicenseAsync(account, policy);
        var body = new { meta = new { key = first.Attribute("key") } };

        var same = await app.Anonymous.PostAsync(account.Path($"licenses/{first.Data!["id"]}/actions/validate-key"), body);
        var other = await app.Anonymous.PostAsync(account.Path($"licenses/{second.Data!["id"]}/actions/validate-key"), body);

        Assert.Equal("VALID", (string?)same.Expect(200).Meta!["code"]);
        Assert.Equal("NOT_FOUND", (string?)other.Expect(200).Meta!["code"]);
        Assert.Null(other.Data);
    }

    [Theory]
    [InlineData("product")]
    [InlineData("policy")]
    public async Task Linkage_objects_are_accepted_as_scope_values(string scope)
    {
        var account = await app.CreateAccountAsync();
        var created = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account));
        var own = (string)created.Data!["relationships"]![scope]!["data"]!["id"]!;
        object Body(string? id) => new
        {
            meta = new { key = created.Attribute("key"), scope = new Dictionary<string, object> { [scope] = new { data = new { type = scope, id } } } },
        };

        var match = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), Body(own));
        var mismatch = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), Body(Guid.NewGuid().ToString()));
        var nullId = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), Body(null));

        Assert.Equal("VALID", (string?)match.Expect(200).Meta!["code"]);
        Assert.Equal($"{scope.ToUpperInvariant()}_SCOPE_MISMATCH", (string?)mismatch.Expect(200).Meta!["code"]);
        Assert.Equal("VALID", (string?)nullId.Expect(200).Meta!["code"]);
    }

    [Fact]
    public async Task The_scope_is_echoed_and_unknown_scope_keys_are_rejected()
    {
        var account = await app.CreateAccountAsync();
        var created = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, new { name = "FP", requireFingerprintScope = true }));
        var id = (string)created.Data!["id"]!;

        var required = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/validate"));
        var echoed = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/validate"), new { meta = new { scope = new { fingerprint = "abc" } } });
        var unknown = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/validate"), new { meta = new { scope = new { planet = "mars" } } });
        var badNonce = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/validate"), new { meta = new { nonce = "42" } });

        Assert.Equal("FINGERPRINT_SCOPE_REQUIRED", (string?)required.Expect(200).Meta!["code"]);
        Assert.Equal("abc", (string?)echoed.Expect(200).Meta!["scope"]!["fingerprint"]);
        Assert.Equal("NO_MACHINE", (string?)echoed.Meta!["code"]);
        unknown.ExpectError(400, pointer: "/meta/scope/planet");
        badNonce.ExpectError(400, pointer: "/meta/nonce");
    }

    [Fact]
    public async Task An_unknown_license_id_is_a_404_on_the_id_routes()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path($"licenses/{Guid.NewGuid()}/actions/validate"));

        response.ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task Api_1_1_calls_the_code_constant_and_overage_is_invalid()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Users", maxUsers = 1, overageStrategy = "ALWAYS_ALLOW_OVERAGE" });
        var (owner, _) = await app.CreateUserAsync(account);
        var (attached, _) = await app.CreateUserAsync(account);
        var id = (string)(await app.CreateLicenseAsync(account, policy, ownerId: owner)).Data!["id"]!;
        await app.QueryAsync(async db =>
        {
            db.LicenseUsers.Add(new Core.Licenses.LicenseUser { AccountId = account.Id, LicenseId = Guid.Parse(id), UserId = Guid.Parse(attached) });
            return await db.SaveChangesAsync();
        });

        var current = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/validate"));
        var legacy = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path($"licenses/{id}/actions/validate"), null, null,
            headers: new Dictionary<string, string> { ["Keygen-Version"] = "1.1" });

        Assert.True((bool)current.Expect(200).Meta!["valid"]!);
        Assert.Equal("TOO_MANY_USERS", (string?)current.Meta!["code"]);
        Assert.False((bool)legacy.Expect(200).Meta!["valid"]!);
        Assert.Equal("TOO_MANY_USERS", (string?)legacy.Meta!["constant"]);
        Assert.Null(legacy.Meta!["code"]);
    }
}

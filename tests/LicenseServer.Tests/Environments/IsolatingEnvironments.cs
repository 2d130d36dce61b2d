using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Machines;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Environments;

/// <summary>
/// What each environment sees and may change (enterprise.md §1.3, §1.5, §2): every resource type created inside an
/// environment is invisible outside it, SHARED environments see global records read-only, tokens and keys are looked up
/// in the current environment only, and events reach the endpoints of their own environment.
/// </summary>
public sealed class IsolatingEnvironments(TestApp app)
{
    [Theory]
    [InlineData("products")]
    [InlineData("policies")]
    [InlineData("keys")]
    [InlineData("licenses")]
    [InlineData("machines")]
    [InlineData("users")]
    [InlineData("entitlements")]
    [InlineData("groups")]
    [InlineData("webhook-endpoints")]
    public async Task A_record_made_in_an_environment_is_seen_only_there(string type)
    {
        var account = await app.CreateAccountAsync();
        var shared = await CreateEnvironmentAsync(account, "SHARED");
        var id = await CreateAsync(account, type, In(shared));

        var inside = await app.Admin(account).GetAsync(account.Path($"{type}/{id}{In(shared)}"));
        var outside = await app.Admin(account).GetAsync(account.Path($"{type}/{id}"));
        var listed = await app.Admin(account).GetAsync(account.Path($"{type}?limit=100"));

        Assert.Equal(shared, (string?)inside.Expect(200).Data!["relationships"]!["environment"]!["data"]!["id"]);
        outside.ExpectError(404, "NOT_FOUND");
        Assert.DoesNotContain(id, listed.Expect(200).Data!.AsArray().Select(r => (string?)r!["id"]));
    }

    [Fact]
    public async Task An_unknown_or_deleted_environment_is_a_400_before_authentication()
    {
        var account = await app.CreateAccountAsync();
        var environment = await CreateEnvironmentAsync(account, "ISOLATED");
        (await app.Admin(account).DeleteAsync(account.Path($"environments/{environment}"))).Expect(204);

        var deleted = await app.Anonymous.GetAsync(account.Path($"licenses?environment={environment}"));
        var unknown = await app.Anonymous.GetAsync(account.Path("licenses?environment=nowhere"));

        Assert.Equal("Keygen-Environment", (string?)deleted.ExpectError(400, "ENVIRONMENT_INVALID")["source"]!["header"]);
        unknown.ExpectError(400, "ENVIRONMENT_INVALID");
    }

    [Fact]
    public async Task Tokens_and_license_keys_are_looked_up_in_the_current_environment_only()
    {
        var account = await app.CreateAccountAsync();
        var isolated = await CreateEnvironmentAsync(account, "ISOLATED");
        var token = await AdminTokenInAsync(account, isolated);
        var inside = app.Client(token);
        var product = await CreateAsync(account, "products", In(isolated), inside);
        var policy = (string)(await inside.PostAsync(account.Path($"policies{In(isolated)}"), LicensingSetup.PolicyBody(product, new { name = "P" })))
            .Expect(201).Data!["id"]!;
        var key = (await inside.PostAsync(account.Path($"licenses{In(isolated)}"), LicensingSetup.LicenseBody(policy))).Expect(201).Attribute("key");

        (await app.Client(token).GetAsync(account.Path("licenses"))).ExpectError(401, "TOKEN_INVALID");
        (await app.Admin(account).GetAsync(account.Path($"licenses{In(isolated)}"))).ExpectError(401, "TOKEN_INVALID");
        var globally = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key } });
        var there = await app.Anonymous.PostAsync(account.Path($"licenses/actions/validate-key{In(isolated)}"), new { meta = new { key } });
        Assert.Equal("NOT_FOUND", (string?)globally.Expect(200).Meta!["code"]);
        Assert.Equal("VALID", (string?)there.Expect(200).Meta!["code"]);
    }

    [Fact]
    public async Task A_shared_environment_reads_and_validates_global_records_but_does_not_change_them()
    {
        var account = await app.CreateAccountAsync();
        var shared = await CreateEnvironmentAsync(account, "SHARED");
        var policy = await app.CreatePolicyAsync(account);
        var license = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var admin = app.Admin(account);

        (await admin.GetAsync(account.Path($"licenses/{license}{In(shared)}"))).Expect(200);
        (await admin.PostAsync(account.Path($"licenses/{license}/actions/validate{In(shared)}"))).Expect(200);
        var suspend = await admin.PostAsync(account.Path($"licenses/{license}/actions/suspend{In(shared)}"));
        var machine = await admin.PostAsync(account.Path($"machines{In(shared)}"), MachineSetup.MachineBody(license, new { fingerprint = "fp-shared" }));

        Assert.Equal("You do not have permission to complete the request (record environment is not compatible with the current environment)",
            (string?)suspend.ExpectError(403)["detail"]);
        Assert.Equal(shared, (string?)machine.Expect(201).Data!["relationships"]!["environment"]!["data"]!["id"]);
        Assert.Equal("ACTIVE", (await admin.GetAsync(account.Path($"licenses/{license}"))).Expect(200).Attribute("status"));
    }

    [Fact]
    public async Task An_event_goes_only_to_the_endpoints_of_its_environment()
    {
        var account = await app.CreateAccountAsync();
        var shared = await CreateEnvironmentAsync(account, "SHARED");
        var global = await CreateAsync(account, "webhook-endpoints", string.Empty);
        var inside = await CreateAsync(account, "webhook-endpoints", In(shared));

        await CreateAsync(account, "products", In(shared));
        await CreateAsync(account, "products", string.Empty);

        var deliveries = await app.QueryAsync(db => db.WebhookEvents.Where(e => e.AccountId == account.Id && e.Event == "product.created")
            .Select(e => new { Endpoint = e.EndpointId.ToString(), Environment = e.EnvironmentId.ToString() }).ToListAsync());
        Assert.Equal(2, deliveries.Count);
        Assert.Contains(deliveries, d => d.Endpoint == inside && d.Environment == shared);
        Assert.Contains(deliveries, d => d.Endpoint == global && string.IsNullOrEmpty(d.Environment));
    }

    [Fact]
    public async Task Validating_with_an_environment_scope_matches_the_licenses_environment_by_code_or_id()
    {
        var account = await app.CreateAccountAsync();
        var shared = await CreateEnvironmentAsync(account, "SHARED", code: "staging");
        var product = await CreateAsync(account, "products", In(shared));
        var policy = (string)(await app.Admin(account).PostAsync(account.Path($"policies{In(shared)}"), LicensingSetup.PolicyBody(product, new { name = "P" })))
            .Expect(201).Data!["id"]!;
        var license = (string)(await app.Admin(account).PostAsync(account.Path($"licenses{In(shared)}"), LicensingSetup.LicenseBody(policy))).Expect(201).Data!["id"]!;
        var global = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account))).Data!["id"]!;

        async Task<string?> CodeAsync(string id, string scope) => (string?)(await app.Admin(account).PostAsync(
            account.Path($"licenses/{id}/actions/validate{In(shared)}"), new { meta = new { scope = new { environment = scope } } })).Expect(200).Meta!["code"];

        Assert.Equal("VALID", await CodeAsync(license, "staging"));
        Assert.Equal("VALID", await CodeAsync(license, shared));
        Assert.Equal("ENVIRONMENT_SCOPE_MISMATCH", await CodeAsync(global, "staging"));
    }

    [Fact]
    public async Task A_create_body_may_name_the_current_environment_and_no_other_and_an_update_body_none()
    {
        var account = await app.CreateAccountAsync();
        var shared = await CreateEnvironmentAsync(account, "SHARED");
        object Body(string? environment) => new
        {
            data = new
            {
                type = "products",
                attributes = new { name = "P" },
                relationships = new { environment = new { data = environment is null ? null : new { type = "environments", id = environment } } },
            },
        };
        var admin = app.Admin(account);

        var inside = await admin.PostAsync(account.Path($"products{In(shared)}"), Body(shared));
        var global = await admin.PostAsync(account.Path("products"), Body(null));
        var elsewhere = await admin.PostAsync(account.Path("products"), Body(shared));
        var update = await admin.PatchAsync(account.Path($"products/{(string)global.Expect(201).Data!["id"]!}"), Body(null));

        Assert.Equal(shared, (string?)inside.Expect(201).Data!["relationships"]!["environment"]!["data"]!["id"]);
        Assert.Contains("record environment is not compatible", (string?)elsewhere.ExpectError(403)["detail"], StringComparison.Ordinal);
        update.ExpectError(400, pointer: "/data/relationships/environment");
    }

    [Fact]
    public async Task E_mail_addresses_stay_unique_across_environments()
    {
        var account = await app.CreateAccountAsync();
        var isolated = await CreateEnvironmentAsync(account, "ISOLATED");
        var inside = app.Client(await AdminTokenInAsync(account, isolated));
        var body = new { data = new { type = "users", attributes = new { email = account.AdminEmail } } };

        (await inside.PostAsync(account.Path($"users{In(isolated)}"), body)).ExpectError(422, "EMAIL_TAKEN");
    }

    [Fact]
    public async Task Deleting_an_environment_deletes_its_records()
    {
        var account = await app.CreateAccountAsync();
        var shared = await CreateEnvironmentAsync(account, "SHARED");
        var product = await CreateAsync(account, "products", In(shared));

        (await app.Admin(account).DeleteAsync(account.Path($"environments/{shared}"))).Expect(204);

        Assert.False(await app.QueryAsync(db => db.Products.AnyAsync(p => p.Id == Guid.Parse(product))));
    }

    [Fact]
    public async Task A_relationship_to_a_record_of_an_incompatible_environment_is_a_422_environment_not_allowed()
    {
        var account = await app.CreateAccountAsync();
        var shared = await CreateEnvironmentAsync(account, "SHARED");
        var isolated = await CreateEnvironmentAsync(account, "ISOLATED");
        var inIsolated = app.Client(await AdminTokenInAsync(account, isolated));
        var admin = app.Admin(account);
        var globalProduct = await CreateAsync(account, "products", string.Empty);
        var sharedPolicy = await CreateAsync(account, "policies", In(shared));
        var sharedUser = await CreateAsync(account, "users", In(shared));
        var globalLicense = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account))).Data!["id"]!;

        // The global environment cannot reference a SHARED environment's policy or user; an ISOLATED one cannot reference a
        // global product; a SHARED one can.
        var globalLicenseOfSharedPolicy = await admin.PostAsync(account.Path("licenses"), LicensingSetup.LicenseBody(sharedPolicy));
        var attachSharedUser = await admin.PostAsync(account.Path($"licenses/{globalLicense}/users"),
            new { data = new[] { new { type = "users", id = sharedUser } } });
        var isolatedPolicyOfGlobalProduct = await inIsolated.PostAsync(account.Path($"policies{In(isolated)}"),
            LicensingSetup.PolicyBody(globalProduct, new { name = "P" }));
        var sharedPolicyOfGlobalProduct = await admin.PostAsync(account.Path($"policies{In(shared)}"), LicensingSetup.PolicyBody(globalProduct, new { name = "P" }));
        var unknownPolicy = await admin.PostAsync(account.Path("licenses"), LicensingSetup.LicenseBody(Guid.NewGuid().ToString()));

        foreach (var (response, relationship) in new[] { (globalLicenseOfSharedPolicy, "policy"), (attachSharedUser, "user"), (isolatedPolicyOfGlobalProduct, "product") })
        {
            var error = response.ExpectError(422, "ENVIRONMENT_NOT_ALLOWED");
            Assert.Equal($"must be compatible with {relationship} environment", (string?)error["detail"]);
            Assert.Equal("/data/relationships/environment", (string?)error["source"]!["pointer"]);
        }

        sharedPolicyOfGlobalProduct.Expect(201);
        unknownPolicy.ExpectError(422, "POLICY_NOT_FOUND");
    }

    private static string In(string environment) => $"?environment={environment}";

    private async Task<string> CreateEnvironmentAsync(TestAccount account, string strategy, string? code = null)
    {
        var body = new { data = new { type = "environments", attributes = new { name = "Env", code = code ?? $"env-{Guid.NewGuid():N}", isolationStrategy = strategy } } };
        return (string)(await app.Admin(account).PostAsync(account.Path("environments"), body)).Expect(201).Data!["id"]!;
    }

    /// <summary>A token of the account's admin that belongs to <paramref name="environment"/>, minted from the global environment.</summary>
    private async Task<string> AdminTokenInAsync(TestAccount account, string environment)
    {
        var body = new { data = new { type = "tokens", relationships = new { environment = new { data = new { type = "environments", id = environment } } } } };
        var response = await app.WithAuthorization(ApiClient.Basic(account.AdminEmail, account.AdminPassword)).PostAsync(account.Path("tokens"), body);
        return response.Expect(201).Attribute("token");
    }

    /// <summary>Creates a record of <paramref name="type"/> (and what it needs) with the query suffix <paramref name="query"/>; its id.</summary>
    private async Task<string> CreateAsync(TestAccount account, string type, string query, ApiClient? client = null)
    {
        var api = client ?? app.Admin(account);
        async Task<string> PostAsync(string path, object body) => (string)(await api.PostAsync(account.Path(path + query), body)).Expect(201).Data!["id"]!;
        async Task<string> PolicyAsync(bool pooled = false) =>
            await PostAsync("policies", LicensingSetup.PolicyBody(await PostAsync("products", Named("products")), new { name = "P", usePool = pooled }));
        async Task<string> LicenseAsync() => await PostAsync("licenses", LicensingSetup.LicenseBody(await PolicyAsync()));

        return type switch
        {
            "products" or "groups" => await PostAsync(type, Named(type)),
            "policies" => await PolicyAsync(),
            "keys" => await PostAsync("keys", new
            {
                data = new { type = "keys", attributes = new { key = $"k-{Guid.NewGuid():N}" }, relationships = new { policy = new { data = new { type = "policies", id = await PolicyAsync(pooled: true) } } } },
            }),
            "licenses" => await LicenseAsync(),
            "machines" => await PostAsync("machines", MachineSetup.MachineBody(await LicenseAsync(), new { fingerprint = $"fp-{Guid.NewGuid():N}" })),
            "users" => await PostAsync("users", new { data = new { type = "users", attributes = new { email = $"u-{Guid.NewGuid():N}@example.com" } } }),
            "entitlements" => await PostAsync("entitlements", new { data = new { type = "entitlements", attributes = new { name = "E", code = $"e-{Guid.NewGuid():N}" } } }),
            "webhook-endpoints" => await PostAsync("webhook-endpoints", new { data = new { type = "webhook-endpoints", attributes = new { url = "https://hooks.example.com/in" } } }),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    private static object Named(string type) => new { data = new { type, attributes = new { name = "N" } } };
}

using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Machines;

namespace LicenseServer.Tests.JsonApi;

/// <summary>A 422 "Unprocessable resource" lists every failed model validation, one error each, in the model's order.</summary>
public sealed class ReportingEveryValidationError(TestApp app)
{
    private static object Body(string type, object attributes, object? relationships = null) =>
        new { data = new { type, attributes, relationships } };

    private static void ExpectErrors(ApiResponse response, params (string Code, string Pointer)[] expected)
    {
        response.Expect(422);
        var errors = response.Json!["errors"]!.AsArray();
        Assert.Equal(expected, errors.Select(e => ((string)e!["code"]!, (string)e["source"]!["pointer"]!)).ToArray());
        Assert.All(errors, e => Assert.Equal("Unprocessable resource", (string?)e!["title"]));
    }

    [Fact]
    public async Task A_policy_with_a_short_duration_and_too_many_node_locked_machines_gets_both_errors()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);

        var response = await app.Admin(account).PostAsync(account.Path("policies"),
            LicensingSetup.PolicyBody(product, new { name = "Seeded", duration = 3600, floating = false, maxMachines = 5 }));

        ExpectErrors(response,
            ("DURATION_INVALID", "/data/attributes/duration"),
            ("MAX_MACHINES_INVALID", "/data/attributes/maxMachines"));
        Assert.Equal("must be equal to 1 for non-floating policy", (string?)response.Json!["errors"]![1]!["detail"]);
    }

    [Fact]
    public async Task A_pooled_key_named_actions_is_both_too_short_and_reserved()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Pooled", usePool = true });

        var response = await app.Admin(account).PostAsync(account.Path("keys"),
            Body("keys", new { key = "actions" }, new { policy = new { data = new { type = "policies", id = policy } } }));

        ExpectErrors(response,
            ("KEY_TOO_SHORT", "/data/attributes/key"),
            ("KEY_NOT_ALLOWED", "/data/attributes/key"));
    }

    [Fact]
    public async Task A_license_with_several_bad_overrides_gets_an_error_for_each()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Floating", floating = true });

        var response = await app.Admin(account).PostAsync(account.Path("licenses"),
            LicensingSetup.LicenseBody(policy, new { maxMachines = 0, maxCores = 0, maxDisk = 0 }));

        ExpectErrors(response,
            ("MAX_MACHINES_INVALID", "/data/attributes/maxMachines"),
            ("MAX_CORES_INVALID", "/data/attributes/maxCores"),
            ("MAX_DISK_INVALID", "/data/attributes/maxDisk"));
    }

    [Fact]
    public async Task A_machine_with_a_reserved_fingerprint_and_no_cores_or_memory_gets_every_error()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Floating", floating = true });
        var license = (string)(await app.CreateLicenseAsync(account, policy)).Expect(201).Data!["id"]!;

        var response = await app.Admin(account).PostAsync(account.Path("machines"),
            MachineSetup.MachineBody(license, new { fingerprint = "actions", cores = 0, memory = 0 }));

        ExpectErrors(response,
            ("FINGERPRINT_NOT_ALLOWED", "/data/attributes/fingerprint"),
            ("CORES_INVALID", "/data/attributes/cores"),
            ("MEMORY_INVALID", "/data/attributes/memory"));
    }

    [Fact]
    public async Task A_user_with_a_bad_email_and_a_short_password_gets_both_errors()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path("users"),
            Body("users", new { email = "not-an-email", password = "abc" }));

        ExpectErrors(response,
            ("EMAIL_INVALID", "/data/attributes/email"),
            ("PASSWORD_TOO_SHORT", "/data/attributes/password"));
    }

    [Fact]
    public async Task A_product_with_an_ftp_url_and_a_reserved_code_gets_both_errors()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path("products"),
            Body("products", new { name = "App", url = "ftp://downloads.example.com", code = "actions" }));

        ExpectErrors(response,
            ("URL_PROTOCOL_INVALID", "/data/attributes/url"),
            ("CODE_NOT_ALLOWED", "/data/attributes/code"));
    }

    [Fact]
    public async Task A_single_failure_still_gets_exactly_one_error()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);

        var response = await app.Admin(account).PostAsync(account.Path("policies"),
            LicensingSetup.PolicyBody(product, new { name = "Short", duration = 3600 }));

        ExpectErrors(response, ("DURATION_INVALID", "/data/attributes/duration"));
    }
}

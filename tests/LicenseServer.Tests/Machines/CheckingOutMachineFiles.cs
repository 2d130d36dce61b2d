using System.Text.Json.Nodes;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Machines;

/// <summary>Machine files (behaviour.md §4.8): encrypted with license key + fingerprint, signed over "machine/" + enc.</summary>
public sealed class CheckingOutMachineFiles(TestApp app)
{
    private async Task<(TestAccount Account, string License, string Key, string Machine, string Fingerprint)> MachineAsync(object? policy = null)
    {
        var account = await app.CreateAccountAsync();
        var created = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, policy));
        var license = (string)created.Data!["id"]!;
        var fingerprint = Guid.NewGuid().ToString("N");
        var machine = await app.CreateMachineAsync(account, license, fingerprint);
        return (account, license, created.Attribute("key"), machine, fingerprint);
    }

    private static string CheckOut(TestAccount account, string id, string query = "") => account.Path($"machines/{id}/actions/check-out{query}");

    private async Task<JsonObject> ReadAsync(TestAccount account, string certificate, string secret)
    {
        var payload = LicenseFileReader.Decode(certificate);
        Assert.Equal("machine", payload.Kind);
        var keys = (await app.Admin(account).GetAsync(account.Path())).Expect(200).Data!["meta"]!;
        Assert.True(Signatures.Verify(payload.Signature, keys, payload.SignedBytes, Convert.FromBase64String(payload.Sig)),
            $"the {payload.Alg} signature does not verify");
        return LicenseFileReader.Open(payload, secret);
    }

    [Theory]
    [MemberData(nameof(CheckingOutLicenseFiles.Algorithms), MemberType = typeof(CheckingOutLicenseFiles))]
    public async Task Every_algorithm_gives_a_file_that_verifies_and_opens_with_key_and_fingerprint(string algorithm)
    {
        var (account, license, key, machine, fingerprint) = await MachineAsync();

        var response = await app.Admin(account).PostAsync(CheckOut(account, machine), new { meta = new { algorithm, include = new[] { "license" } } });

        var file = response.Expect(200).Data!;
        Assert.Equal("machine-files", (string?)file["type"]);
        Assert.Equal(algorithm, (string?)file["attributes"]!["algorithm"]);
        Assert.Equal(machine, (string?)file["relationships"]!["machine"]!["data"]!["id"]);
        Assert.Equal(license, (string?)file["relationships"]!["license"]!["data"]!["id"]);
        var certificate = (string)file["attributes"]!["certificate"]!;
        Assert.StartsWith("-----BEGIN MACHINE FILE-----\n", certificate);
        Assert.EndsWith("\n-----END MACHINE FILE-----\n", certificate);
        var document = await ReadAsync(account, certificate, key + fingerprint);
        Assert.Equal(machine, (string?)document["data"]!["id"]);
        Assert.Equal(fingerprint, (string?)document["data"]!["attributes"]!["fingerprint"]);
        Assert.Equal(license, (string?)Assert.Single(document["included"]!.AsArray())!["id"]);
    }

    [Fact]
    public async Task The_document_has_the_shape_of_a_machine_file_keygen_issued()
    {
        var (account, _, key, machine, fingerprint) = await MachineAsync();
        var keygen = LicenseFileReader.Open(LicenseFileReader.Decode(ReadingKeygenIssuedFiles.Read("machine-1.lic")),
            "B10760-1B177D-656D1F-C03298-9AF89E-V3198e9fe586114844f6a4eaca5069b41a7ed43fb5a2df84892b69826d64573e39");

        var response = await app.Admin(account).PostAsync(CheckOut(account, machine, "?encrypt=1&include=license"));

        Assert.Equal("aes-256-gcm+ed25519", response.Expect(200).Attribute("algorithm"));
        var ours = await ReadAsync(account, response.Attribute("certificate"), key + fingerprint);
        Assert.Equal(keygen.Select(p => p.Key), ours.Select(p => p.Key));
        Assert.Equal((string?)keygen["data"]!["type"], (string?)ours["data"]!["type"]);
        Assert.Equal(keygen["meta"]!.AsObject().Select(p => p.Key), ours["meta"]!.AsObject().Select(p => p.Key));
        Assert.Equal(
            keygen["included"]!.AsArray().Select(r => (string?)r!["type"]),
            ours["included"]!.AsArray().Select(r => (string?)r!["type"]));
        Assert.Equal(2_629_746, (long?)ours["meta"]!["ttl"]);
    }

    [Fact]
    public async Task License_includes_reach_through_the_license_and_license_user_is_read_as_license_owner()
    {
        var account = await app.CreateAccountAsync();
        var (userId, _) = await app.CreateUserAsync(account);
        var created = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account), ownerId: userId);
        var license = (string)created.Data!["id"]!;
        var machine = await app.CreateMachineAsync(account, license, "fp-includes");
        (await app.Admin(account).PostAsync(account.Path("components"), new
        {
            data = new
            {
                type = "components",
                attributes = new { fingerprint = "cpu-1", name = "CPU" },
                relationships = new { machine = new { data = new { type = "machines", id = machine } } },
            },
        })).Expect(201);

        var response = await app.Admin(account).PostAsync(CheckOut(account, machine),
            new { meta = new { include = new[] { "license", "license.product", "license.policy", "license.user", "components" } } });

        Assert.Equal(["license", "license.product", "license.policy", "license.owner", "components"],
            response.Expect(200).Data!["attributes"]!["includes"]!.AsArray().Select(i => (string?)i));
        var document = await ReadAsync(account, response.Attribute("certificate"), created.Attribute("key") + "fp-includes");
        Assert.Equal(["components", "licenses", "policies", "products", "users"],
            document["included"]!.AsArray().Select(r => (string)r!["type"]!).Order());
        Assert.Contains(document["included"]!.AsArray(), r => (string?)r!["id"] == userId);
    }

    [Theory]
    [InlineData("?include=user", "CHECKOUT_INCLUDE_INVALID", "include", "invalid includes")]
    [InlineData("?include=entitlements", "CHECKOUT_INCLUDE_INVALID", "include", "invalid includes")]
    [InlineData("?ttl=3599", "CHECKOUT_TTL_INVALID", "ttl", "must be greater than or equal to 3600 (1 hour)")]
    [InlineData("?algorithm=aes-128-cbc%2Bed25519", "CHECKOUT_ALGORITHM_INVALID", "algorithm", "invalid encoding algorithm")]
    public async Task Bad_options_are_400_with_the_parameter(string query, string code, string parameter, string detail)
    {
        var (account, _, _, machine, _) = await MachineAsync();

        var post = await app.Admin(account).PostAsync(CheckOut(account, machine, query));
        var get = await app.Admin(account).GetAsync(CheckOut(account, machine, query));

        Assert.Equal(detail, (string?)post.ExpectError(400, code: code, parameter: parameter)["detail"]);
        get.ExpectError(400, code: code, parameter: parameter);
    }

    [Fact]
    public async Task Get_answers_the_raw_certificate_named_after_the_machine_and_check_out_is_recorded()
    {
        var (account, _, key, machine, fingerprint) = await MachineAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Get, CheckOut(account, machine, "?algorithm=aes-256-gcm%2Becdsa-p256"), null, null, accept: "*/*");

        response.Expect(200);
        Assert.Equal("application/octet-stream", response.Header("Content-Type"));
        Assert.Equal($"attachment; filename=\"{machine}.lic\"", response.Header("Content-Disposition"));
        var document = await ReadAsync(account, response.Body, key + fingerprint);
        var issued = (string?)document["meta"]!["issued"];
        Assert.Equal(issued, (await app.Admin(account).GetAsync(account.Path($"machines/{machine}"))).Attribute("lastCheckOut"));
        var id = Guid.Parse(machine);
        Assert.Equal(1, await app.QueryAsync(db => db.Events.CountAsync(e => e.ResourceId == id && e.Name == "machine.checked-out")));
    }

    [Theory]
    [InlineData("components", 200)]
    [InlineData("license", 200)]
    [InlineData("license.entitlements", 200)]
    [InlineData("license.product", 403)]
    [InlineData("license.policy", 403)]
    [InlineData("license.owner", 403)]
    [InlineData("owner", 403)]
    public async Task A_license_checks_out_its_machines_but_may_not_include_what_it_cannot_read(string include, int status)
    {
        var (account, _, key, machine, _) = await MachineAsync(new { name = "Keyed", authenticationStrategy = "LICENSE" });

        var response = await app.WithAuthorization($"License {key}").PostAsync(CheckOut(account, machine, $"?include={include}"));

        response.Expect(status);
        if (status == 403)
        {
            Assert.Null(response.FirstError!["code"]);
        }
    }
}

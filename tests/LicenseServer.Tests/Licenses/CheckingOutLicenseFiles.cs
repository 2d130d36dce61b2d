using System.Text.Json.Nodes;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Licenses;

/// <summary>License files (behaviour.md §4.8), read back with the same reader that reads Keygen's own files.</summary>
public sealed class CheckingOutLicenseFiles(TestApp app)
{
    public static readonly TheoryData<string> Algorithms = new(
        from encoding in new[] { "base64", "aes-256-gcm" }
        from signature in new[] { "ed25519", "rsa-pss-sha256", "rsa-sha256", "ecdsa-p256" }
        select $"{encoding}+{signature}");

    private async Task<(TestAccount Account, string Id, string Key)> LicenseAsync(object? policy = null)
    {
        var account = await app.CreateAccountAsync();
        var created = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, policy));
        return (account, (string)created.Data!["id"]!, created.Attribute("key"));
    }

    private static string CheckOut(TestAccount account, string id, string query = "") => account.Path($"licenses/{id}/actions/check-out{query}");

    private async Task<JsonNode> KeysAsync(TestAccount account) =>
        (await app.Admin(account).GetAsync(account.Path())).Expect(200).Data!["meta"]!;

    /// <summary>Decodes, verifies with the account's public keys and opens a certificate; returns the document.</summary>
    private async Task<JsonObject> ReadAsync(TestAccount account, string certificate, string secret)
    {
        var payload = LicenseFileReader.Decode(certificate);
        Assert.True(Signatures.Verify(payload.Signature, await KeysAsync(account), payload.SignedBytes, Convert.FromBase64String(payload.Sig)),
            $"the {payload.Alg} signature does not verify");
        return LicenseFileReader.Open(payload, secret);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task Every_algorithm_gives_a_file_that_verifies_and_opens_with_the_license_key(string algorithm)
    {
        var (account, id, key) = await LicenseAsync();

        var response = await app.Admin(account).PostAsync(CheckOut(account, id), new { meta = new { algorithm } });

        var file = response.Expect(200).Data!;
        Assert.Equal("license-files", (string?)file["type"]);
        Assert.True(Guid.TryParse((string?)file["id"], out _));
        Assert.Equal(algorithm, (string?)file["attributes"]!["algorithm"]);
        Assert.Equal(id, (string?)file["relationships"]!["license"]!["data"]!["id"]);
        Assert.Equal(account.Id.ToString(), (string?)file["relationships"]!["account"]!["data"]!["id"]);
        var certificate = (string)file["attributes"]!["certificate"]!;
        Assert.StartsWith("-----BEGIN LICENSE FILE-----\n", certificate);
        Assert.EndsWith("\n-----END LICENSE FILE-----\n", certificate);
        Assert.Equal(algorithm, LicenseFileReader.Decode(certificate).Alg);
        var document = await ReadAsync(account, certificate, key);
        Assert.Equal("licenses", (string?)document["data"]!["type"]);
        Assert.Equal(id, (string?)document["data"]!["id"]);
        Assert.Equal(key, (string?)document["data"]!["attributes"]!["key"]);
    }

    [Fact]
    public async Task The_document_has_the_shape_of_a_file_keygen_issued()
    {
        var (account, id, key) = await LicenseAsync();
        var entitlement = (string)(await app.Admin(account).PostAsync(account.Path("entitlements"),
            new { data = new { type = "entitlements", attributes = new { name = "Feature", code = "FEATURE" } } })).Expect(201).Data!["id"]!;
        (await app.Admin(account).PostAsync(account.Path($"licenses/{id}/entitlements"),
            new { data = new[] { new { type = "entitlements", id = entitlement } } })).Expect(200);
        var keygen = LicenseFileReader.Open(LicenseFileReader.Decode(ReadingKeygenIssuedFiles.Read("license-1.lic")), "B10760-1B177D-656D1F-C03298-9AF89E-V3");

        var response = await app.Admin(account).PostAsync(CheckOut(account, id), new { meta = new { include = new[] { "product", "entitlements" }, encrypt = true } });

        var ours = await ReadAsync(account, response.Expect(200).Attribute("certificate"), key);
        Assert.Equal(keygen.Select(p => p.Key), ours.Select(p => p.Key));
        Assert.Equal((string?)keygen["data"]!["type"], (string?)ours["data"]!["type"]);
        Assert.Equal(keygen["meta"]!.AsObject().Select(p => p.Key), ours["meta"]!.AsObject().Select(p => p.Key));
        Assert.Equal(Types(keygen), Types(ours));
        Assert.Contains(ours["included"]!.AsArray(), r => (string?)r!["id"] == entitlement);
        Assert.Equal("aes-256-gcm+ed25519", response.Attribute("algorithm"));
        Assert.Equal(["product", "entitlements"], response.Data!["attributes"]!["includes"]!.AsArray().Select(i => (string?)i));
    }

    private static string[] Types(JsonObject document) =>
        [.. document["included"]!.AsArray().Select(r => (string)r!["type"]!).Distinct().Order()];

    [Theory]
    [InlineData(null, false, "base64+ed25519")]
    [InlineData(null, true, "aes-256-gcm+ed25519")]
    [InlineData("ED25519_SIGN", false, "base64+ed25519")]
    [InlineData("RSA_2048_PKCS1_PSS_SIGN_V2", false, "base64+rsa-pss-sha256")]
    [InlineData("RSA_2048_PKCS1_SIGN_V2", true, "aes-256-gcm+rsa-sha256")]
    [InlineData("RSA_2048_PKCS1_ENCRYPT", false, "base64+rsa-sha256")]
    [InlineData("ECDSA_P256_SIGN", false, "base64+ecdsa-p256")]
    public async Task The_default_algorithm_follows_encrypt_and_the_license_scheme(string? scheme, bool encrypt, string expected)
    {
        var (account, id, key) = await LicenseAsync(scheme is null ? null : new { name = "Signed", scheme });

        var response = await app.Admin(account).PostAsync(CheckOut(account, id, $"?encrypt={encrypt.ToString().ToLowerInvariant()}"));

        Assert.Equal(expected, response.Expect(200).Attribute("algorithm"));
        var document = await ReadAsync(account, response.Attribute("certificate"), key);
        Assert.Equal(id, (string?)document["data"]!["id"]);
    }

    [Fact]
    public async Task The_default_ttl_is_one_calendar_month_and_sets_the_expiry()
    {
        var (account, id, key) = await LicenseAsync();

        var response = await app.Admin(account).PostAsync(CheckOut(account, id));

        var attributes = response.Expect(200).Data!["attributes"]!;
        Assert.Equal(2_629_746, (long?)attributes["ttl"]);
        var issued = DateTime.Parse((string)attributes["issued"]!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(issued.AddMonths(1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), (string?)attributes["expiry"]);
        var meta = (await ReadAsync(account, (string)attributes["certificate"]!, key))["meta"]!;
        Assert.Equal((string?)attributes["issued"], (string?)meta["issued"]);
        Assert.Equal((string?)attributes["expiry"], (string?)meta["expiry"]);
        Assert.Equal(2_629_746, (long?)meta["ttl"]);
    }

    [Fact]
    public async Task A_null_or_empty_ttl_means_no_expiry_and_the_body_wins_over_the_query()
    {
        var (account, id, key) = await LicenseAsync();
        var admin = app.Admin(account);

        var viaBody = await admin.PostAsync(CheckOut(account, id, "?ttl=7200"), new { meta = new { ttl = (int?)null } });
        var viaQuery = await admin.GetAsync(CheckOut(account, id, "?ttl="));
        var bodyWins = await admin.PostAsync(CheckOut(account, id, "?ttl=60"), new { meta = new { ttl = 3600 } });

        Assert.Null(viaBody.Expect(200).Data!["attributes"]!["ttl"]);
        Assert.Null(viaBody.Data!["attributes"]!["expiry"]);
        var meta = (await ReadAsync(account, viaBody.Attribute("certificate"), key))["meta"]!;
        Assert.Null(meta["expiry"]);
        Assert.Null(meta["ttl"]);
        Assert.Null((await ReadAsync(account, viaQuery.Expect(200).Body, key))["meta"]!["ttl"]);
        Assert.Equal(3600, (long?)bodyWins.Expect(200).Data!["attributes"]!["ttl"]);
    }

    [Theory]
    [InlineData("?ttl=3599", null, "CHECKOUT_TTL_INVALID", "ttl", "must be greater than or equal to 3600 (1 hour)")]
    [InlineData("?ttl=-1", null, "CHECKOUT_TTL_INVALID", "ttl", "must be greater than or equal to 3600 (1 hour)")]
    [InlineData("", "{\"meta\":{\"ttl\":60}}", "CHECKOUT_TTL_INVALID", "ttl", "must be greater than or equal to 3600 (1 hour)")]
    [InlineData("?algorithm=rot13%2Bed25519", null, "CHECKOUT_ALGORITHM_INVALID", "algorithm", "invalid encoding algorithm")]
    [InlineData("", "{\"meta\":{\"algorithm\":\"base64+hmac-sha256\"}}", "CHECKOUT_ALGORITHM_INVALID", "algorithm", "invalid signing algorithm")]
    [InlineData("", "{\"meta\":{\"algorithm\":\"base64\"}}", "CHECKOUT_ALGORITHM_INVALID", "algorithm", "invalid signing algorithm")]
    [InlineData("?include=machines", null, "CHECKOUT_INCLUDE_INVALID", "include", "invalid includes")]
    [InlineData("", "{\"meta\":{\"include\":[\"product\",\"license\"]}}", "CHECKOUT_INCLUDE_INVALID", "include", "invalid includes")]
    public async Task Bad_options_are_400_with_the_parameter(string query, string? body, string code, string parameter, string detail)
    {
        var (account, id, _) = await LicenseAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, CheckOut(account, id, query), body, ApiClient.JsonApi);

        Assert.Equal(detail, (string?)response.ExpectError(400, code: code, parameter: parameter)["detail"]);
    }

    [Fact]
    public async Task User_is_read_as_owner_and_the_owner_is_included()
    {
        var account = await app.CreateAccountAsync();
        var (userId, _) = await app.CreateUserAsync(account);
        var created = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account), ownerId: userId);
        var id = (string)created.Data!["id"]!;

        var response = await app.Admin(account).GetAsync(CheckOut(account, id, "?include=user,owner&algorithm=base64%2Bed25519"));
        var resource = await app.Admin(account).PostAsync(CheckOut(account, id, "?include=user"));

        var document = await ReadAsync(account, response.Expect(200).Body, created.Attribute("key"));
        var included = Assert.Single(document["included"]!.AsArray());
        Assert.Equal("users", (string?)included!["type"]);
        Assert.Equal(userId, (string?)included["id"]);
        Assert.Equal(["owner"], resource.Expect(200).Data!["attributes"]!["includes"]!.AsArray().Select(i => (string?)i));
    }

    [Fact]
    public async Task Get_answers_the_raw_certificate_as_an_attachment()
    {
        var (account, id, key) = await LicenseAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Get, CheckOut(account, id), null, null, accept: "*/*");

        response.Expect(200);
        Assert.Equal("application/octet-stream", response.Header("Content-Type"));
        Assert.Equal($"attachment; filename=\"{id}.lic\"", response.Header("Content-Disposition"));
        Assert.NotNull(response.Header("Keygen-Signature"));
        Assert.StartsWith("-----BEGIN LICENSE FILE-----\n", response.Body);
        Assert.Equal(id, (string?)(await ReadAsync(account, response.Body, key))["data"]!["id"]);
    }

    [Fact]
    public async Task Check_out_sets_last_check_out_and_records_license_checked_out()
    {
        var (account, id, key) = await LicenseAsync();

        var response = await app.Admin(account).PostAsync(CheckOut(account, id));

        var issued = response.Expect(200).Attribute("issued");
        Assert.Equal(issued, (await app.Admin(account).GetAsync(account.Path($"licenses/{id}"))).Attribute("lastCheckOut"));
        Assert.Equal(issued, (string?)(await ReadAsync(account, response.Attribute("certificate"), key))["data"]!["attributes"]!["lastCheckOut"]);
        var licenseId = Guid.Parse(id);
        Assert.Equal(1, await app.QueryAsync(db => db.Events.CountAsync(e => e.ResourceId == licenseId && e.Name == "license.checked-out")));
    }

    [Theory]
    [InlineData("entitlements", 200)]
    [InlineData("group", 200)]
    [InlineData("product", 403)]
    [InlineData("policy", 403)]
    [InlineData("owner", 403)]
    [InlineData("user", 403)]
    [InlineData("users", 403)]
    public async Task A_license_checks_itself_out_but_may_not_include_what_it_cannot_read(string include, int status)
    {
        var (account, id, key) = await LicenseAsync(new { name = "Keyed", authenticationStrategy = "LICENSE" });

        var response = await app.WithAuthorization($"License {key}").PostAsync(CheckOut(account, id, $"?include={include}"));

        response.Expect(status);
        if (status == 403)
        {
            Assert.Null(response.FirstError!["code"]);
            Assert.StartsWith("You do not have permission", (string?)response.FirstError["detail"]);
        }
    }

    [Fact]
    public async Task Users_check_out_unprotected_licenses_only_and_read_only_users_not_at_all()
    {
        var account = await app.CreateAccountAsync();
        var (userId, token) = await app.CreateUserAsync(account);
        var open = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, new { name = "Open", @protected = false }), ownerId: userId)).Data!["id"]!;
        var closed = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, new { name = "Closed", @protected = true }), ownerId: userId)).Data!["id"]!;
        var user = app.Client(token);

        (await user.PostAsync(CheckOut(account, open, "?include=owner,entitlements"))).Expect(200);
        (await user.PostAsync(CheckOut(account, open, "?include=product"))).ExpectError(403);
        (await user.PostAsync(CheckOut(account, closed))).ExpectError(403);
        (await user.GetAsync(account.Path($"licenses/{closed}"))).Expect(200);
        (await app.Anonymous.PostAsync(CheckOut(account, open))).ExpectError(401);
    }
}

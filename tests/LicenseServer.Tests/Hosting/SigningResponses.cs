using System.Security.Cryptography;
using System.Text;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Hosting;

/// <summary>Every account-scoped response, errors and 204s included, is signed over the bytes sent (behaviour.md §7).</summary>
public sealed class SigningResponses(TestApp app)
{
    private Task AssertSignedAsync(TestAccount account, ApiResponse response, string method, string target, string algorithm = "ed25519") =>
        AssertSignedAsync(app, account, response, method, target, algorithm);

    /// <summary>Asserts the signature headers of a response from <paramref name="server"/> to <paramref name="method"/> <paramref name="target"/>.</summary>
    private static async Task AssertSignedAsync(TestApp server, TestAccount account, ApiResponse response, string method, string target, string algorithm = "ed25519")
    {
        var digest = "sha-256=" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(response.Body)));
        Assert.Equal(digest, response.Header("Digest"));
        Assert.Equal(digest, response.Header("Keygen-Digest"));
        var date = response.Header("Date");
        Assert.NotNull(date);
        Assert.Equal(date, response.Header("Keygen-Date"));
        var signature = Signatures.Parse(response.Header("Keygen-Signature")!);
        Assert.Equal(account.Id.ToString(), signature["keyid"]);
        Assert.Equal(algorithm, signature["algorithm"]);
        Assert.Equal("(request-target) host date digest", signature["headers"]);
        var signed = Encoding.UTF8.GetBytes($"(request-target): {method} {target}\nhost: {server.BaseAddress.Authority}\ndate: {date}\ndigest: {digest}");
        var keys = (await server.Admin(account).GetAsync(account.Path())).Expect(200).Data!["meta"]!;
        Assert.True(Signatures.Verify(algorithm, keys, signed, Convert.FromBase64String(signature["signature"])),
            "the response signature does not verify");
    }

    [Fact]
    public async Task A_document_is_signed_with_the_accounts_ed25519_key_by_default()
    {
        var account = await app.CreateAccountAsync();
        var target = account.Path("products?page[size]=5&page[number]=1");

        var response = (await app.Admin(account).GetAsync(target)).Expect(200);

        await AssertSignedAsync(account, response, "get", target);
    }

    [Fact]
    public async Task Errors_and_empty_responses_are_signed_too()
    {
        var account = await app.CreateAccountAsync();
        var product = (string)(await app.Admin(account).PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = "App" } } }))
            .Expect(201).Data!["id"]!;

        var unknown = account.Path($"licenses/{Guid.NewGuid()}");
        var missing = await app.Admin(account).GetAsync(unknown);
        var deleted = await app.Admin(account).DeleteAsync(account.Path($"products/{product}"));
        var anonymous = await app.Anonymous.GetAsync(account.Path("products"));

        missing.ExpectError(404, "NOT_FOUND");
        await AssertSignedAsync(account, missing, "get", unknown);
        deleted.Expect(204);
        Assert.Equal("sha-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", deleted.Header("Digest"));
        await AssertSignedAsync(account, deleted, "delete", account.Path($"products/{product}"));
        anonymous.Expect(401);
        await AssertSignedAsync(account, anonymous, "get", account.Path("products"));
    }

    [Theory]
    [InlineData("rsa-pss-sha256")]
    [InlineData("rsa-sha256")]
    [InlineData("ecdsa-p256")]
    [InlineData("ED25519")]
    public async Task The_client_chooses_the_algorithm_and_it_is_echoed_as_sent(string algorithm)
    {
        var account = await app.CreateAccountAsync();
        var headers = new Dictionary<string, string> { ["Keygen-Accept-Signature"] = $"keyid=\"{account.Id}\", algorithm=\"{algorithm}\"" };

        var response = (await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path("products"), null, null, headers: headers)).Expect(200);

        await AssertSignedAsync(account, response, "get", account.Path("products"), algorithm);
    }

    [Theory]
    [InlineData("ed25519", "malformed")]
    [InlineData("algorithm=\"hmac-sha256\"", "unsupported algorithm")]
    [InlineData("keyid=\"00000000-0000-0000-0000-000000000001\", algorithm=\"ed25519\"", "keyid not found")]
    public async Task An_unusable_accept_signature_header_is_a_bad_request(string header, string why)
    {
        var account = await app.CreateAccountAsync();
        var headers = new Dictionary<string, string> { ["Keygen-Accept-Signature"] = header };

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path("products"), null, null, headers: headers);

        var error = response.ExpectError(400);
        Assert.Equal($"invalid accept-signature header ({why})", (string?)error["detail"]);
        await AssertSignedAsync(account, response, "get", account.Path("products"));
    }

    [Fact]
    public async Task A_prefixless_route_is_signed_over_the_path_the_client_sent()
    {
        await using var server = await TestApp.StartAsync(new Dictionary<string, string?>());
        var account = await server.CreateAccountAsync();

        var response = (await server.Admin(account).GetAsync("/v1/products?page[size]=2&page[number]=1")).Expect(200);

        await AssertSignedAsync(server, account, response, "get", "/v1/products?page[size]=2&page[number]=1");
    }

    [Fact]
    public async Task Routes_outside_an_account_are_not_signed()
    {
        var response = await app.Anonymous.GetAsync("/v1/ping");

        Assert.Null(response.Header("Keygen-Signature"));
        Assert.Null(response.Header("Digest"));
    }
}

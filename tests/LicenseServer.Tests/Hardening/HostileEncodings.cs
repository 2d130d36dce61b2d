using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;

namespace LicenseServer.Tests.Hardening;

/// <summary>
/// Text the database cannot store (NUL) or .NET cannot hold (a lone UTF-16 surrogate) is refused at the
/// door with 400 ENCODING_INVALID, wherever in the request it hides.
/// </summary>
public sealed class HostileEncodings(TestApp app)
{
    [Theory]
    [InlineData("\\ud800x")]
    [InlineData("x\\udfff")]
    [InlineData("\\ud800\\u0041")]
    [InlineData("\\ud800")]
    [InlineData("a\\u0000b")]
    [InlineData("\\u0000")]
    public async Task An_escaped_nul_or_lone_surrogate_in_an_attribute_is_ENCODING_INVALID(string escaped)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("products"),
            "{\"data\":{\"type\":\"products\",\"attributes\":{\"name\":\"" + escaped + "\"}}}", ApiClient.JsonApi);

        response.ExpectError(400, code: "ENCODING_INVALID");
        Assert.Empty((await app.Admin(account).GetAsync(account.Path("products"))).Data!.AsArray());
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_sign_up_is_ENCODING_INVALID_before_any_credentials()
    {
        var response = await app.Anonymous.SendRawAsync(HttpMethod.Post, "/v1/accounts",
            """{"data":{"type":"accounts","attributes":{"name":"\ud800x","slug":"surrogate"}}}""", ApiClient.JsonApi);

        response.ExpectError(400, code: "ENCODING_INVALID");
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_password_reset_request_is_ENCODING_INVALID()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Anonymous.SendRawAsync(HttpMethod.Post, account.Path("passwords"),
            """{"meta":{"email":"\ud800x@example.com","deliver":false}}""", ApiClient.JsonApi);

        response.ExpectError(400, code: "ENCODING_INVALID");
    }

    [Theory]
    [InlineData("""{"orderId":"a\u0000b"}""")]
    [InlineData("""{"a\u0000b":1}""")]
    [InlineData("""{"nested":{"list":["ok","\u0000"]}}""")]
    public async Task An_escaped_nul_anywhere_in_metadata_is_ENCODING_INVALID(string metadata)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("products"),
            "{\"data\":{\"type\":\"products\",\"attributes\":{\"name\":\"Meta\",\"metadata\":" + metadata + "}}}", ApiClient.JsonApi);

        response.ExpectError(400, code: "ENCODING_INVALID");
    }

    [Fact]
    public async Task An_escaped_nul_in_a_validation_scope_is_ENCODING_INVALID()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var key = (await app.CreateLicenseAsync(account, policy)).Attribute("key");

        var response = await app.Anonymous.SendRawAsync(HttpMethod.Post, account.Path("licenses/actions/validate-key"),
            "{\"meta\":{\"key\":\"" + key + "\",\"scope\":{\"fingerprint\":\"fp\\u0000\"}}}", ApiClient.JsonApi);

        response.ExpectError(400, code: "ENCODING_INVALID");
    }

    [Theory]
    [InlineData("""{"name":"\ud83d\ude00 smile"}""", "\U0001F600 smile")]
    [InlineData("""{"name":"back\\u0000slash"}""", "back\\u0000slash")]
    [InlineData("""{"name":"caf\u00e9"}""", "café")]
    public async Task Escaped_text_that_is_valid_is_still_accepted(string attributes, string name)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("products"),
            "{\"data\":{\"type\":\"products\",\"attributes\":" + attributes + "}}", ApiClient.JsonApi);

        response.Expect(201);
        Assert.Equal(name, response.Attribute("name"));
    }

    [Theory]
    [InlineData("machines?fingerprint=%00")]
    [InlineData("licenses?metadata[%00]=x")]
    [InlineData("licenses?metadata[key]=a%00b")]
    [InlineData("webhook-events?events[]=%00")]
    [InlineData("licenses?owner=%FF%FE")]
    [InlineData("licenses/%C0%80")]
    public async Task A_nul_or_broken_utf8_in_the_url_is_ENCODING_INVALID(string path)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).GetAsync(account.Path(path));

        response.ExpectError(400, code: "ENCODING_INVALID");
    }

    [Theory]
    [InlineData("/v1/accounts/a%00b/products")]
    [InlineData("/v1/accounts/{account}/licenses/%00")]
    [InlineData("/v1/accounts/{account}/machines/fp%00")]
    [InlineData("/v1/accounts/{account}/users/a%00%40example.com")]
    public async Task A_nul_in_a_path_segment_is_refused_by_the_http_server_before_the_app(string path)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).GetAsync(path.Replace("{account}", account.Id.ToString()));

        // Kestrel refuses a request target that decodes to a NUL itself: a bare 400, no route ever runs.
        Assert.Equal(400, response.Status);
        Assert.Empty(response.Body);
    }

    [Theory]
    [InlineData("a\0b@example.com", "Test-Pass-1234")]
    [InlineData("license", "KEY\0")]
    [InlineData("token", "tok\0en")]
    public async Task Basic_credentials_holding_a_nul_are_invalid_credentials(string user, string password)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.WithAuthorization(ApiClient.Basic(user, password)).PostAsync(account.Path("tokens"));

        response.ExpectError(401, code: "TOKEN_INVALID");
        Assert.StartsWith("Basic", response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task Basic_credentials_that_are_not_utf8_are_invalid_credentials()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.WithAuthorization("Basic " + Convert.ToBase64String([0x61, 0x40, 0xff, 0x3a, 0x70]))
            .GetAsync(account.Path("licenses"));

        response.ExpectError(401, code: "TOKEN_INVALID");
    }
}

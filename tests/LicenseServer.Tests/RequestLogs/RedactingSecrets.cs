using System.Text;
using LicenseServer.Api.RequestLogs;
using LicenseServer.Core.RequestLogs;

namespace LicenseServer.Tests.RequestLogs;

/// <summary>enterprise.md §4.4: what a request log never stores, rule by rule.</summary>
public sealed class RedactingSecrets
{
    [Theory]
    [InlineData("", "...")]
    [InlineData("x", "...")]
    [InlineData("ab", "a...b")]
    [InlineData("1234567890123456789", "1...9")]
    [InlineData("12345678901234567890", "1234...7890")]
    public void Masks_keep_at_most_the_first_and_last_four_characters(string value, string masked) =>
        Assert.Equal(masked, Redaction.Mask(value));

    [Theory]
    [InlineData("password")]
    [InlineData("passwordDigest")]
    [InlineData("privateKey")]
    [InlineData("key")]
    [InlineData("licenseKey")]
    [InlineData("token")]
    [InlineData("apiToken")]
    [InlineData("secret")]
    [InlineData("encryptedThing")]
    [InlineData("salt")]
    [InlineData("certificate")]
    [InlineData("otp")]
    [InlineData("redirectUrl")]
    [InlineData("cvv")]
    [InlineData("cvc")]
    [InlineData("ssn")]
    [InlineData("authorization")]
    [InlineData("PASSWORD")]
    [InlineData("uri")]
    public void Every_secret_looking_key_is_masked(string key)
    {
        var redacted = Redaction.Json(Encoding.UTF8.GetBytes($$"""{"{{key}}":"abcdefghijklmnopqrstuvwxyz"}"""));

        Assert.Equal($$"""{"{{key}}":"abcd...wxyz"}""", redacted);
    }

    [Fact]
    public void Masking_keeps_the_structure_at_every_depth()
    {
        var json = """
            {"data":{"attributes":{"name":"App","metadata":{"licenseKey":["ABCDEFGHIJKLMNOPQRSTUVWXYZ",12345,null,true],"tier":"gold"},
            "secret":{"nested":"value","n":7}}},"meta":{"key":null,"otp":false}}
            """;

        var redacted = Redaction.Json(Encoding.UTF8.GetBytes(json));

        Assert.Equal("""
            {"data":{"attributes":{"name":"App","metadata":{"licenseKey":["ABCD...WXYZ","1...5",null,true],"tier":"gold"},"secret":{"nested":"v...e","n":"..."}}},"meta":{"key":null,"otp":false}}
            """, redacted);
    }

    [Fact]
    public void A_request_body_keeps_data_and_meta_with_camel_case_keys()
    {
        var json = """{"data":{"type":"users","attributes":{"first_name":"Ada","password":"Sup3r-Secret"}},"meta":{"nonce":1},"extra":{"x":1}}""";

        var redacted = Redaction.RequestBody(Encoding.UTF8.GetBytes(json));

        Assert.Equal("""{"data":{"type":"users","attributes":{"firstName":"Ada","password":"S...t"}},"meta":{"nonce":1}}""", redacted);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("not json")]
    public void A_request_body_that_is_not_an_object_is_not_stored(string body) =>
        Assert.Null(Redaction.RequestBody(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("/v1/accounts/a/licenses", "/v1/accounts/a/licenses")]
    [InlineData("/v1/accounts/a/licenses?limit=5", "/v1/accounts/a/licenses?limit=5")]
    [InlineData("/v1/accounts/a/me?token=abc&limit=5", "/v1/accounts/a/me?token=[FILTERED]&limit=5")]
    [InlineData("/v1/accounts/a/me?auth=1&page[size]=2&apiKey=x", "/v1/accounts/a/me?auth=[FILTERED]&page[size]=2&apiKey=[FILTERED]")]
    [InlineData("/v1/accounts/a/me?pass%77ord=x", "/v1/accounts/a/me?pass%77ord=[FILTERED]")]
    public void Secret_looking_query_values_are_filtered(string url, string logged) =>
        Assert.Equal(logged, Redaction.Url(url));

    [Fact]
    public void A_captured_request_keeps_the_listed_headers_and_redacted_bodies_only()
    {
        var request = Encoding.UTF8.GetBytes("""{"meta":{"key":"ABCDEFGHIJKLMNOPQRSTUVWXYZ"}}""");
        var response = Encoding.UTF8.GetBytes("""{"data":{"attributes":{"key":"ABCDEFGHIJKLMNOPQRSTUVWXYZ"}}}""");
        var captured = new CapturedRequest
        {
            Id = Guid.NewGuid(),
            AccountId = Guid.NewGuid(),
            Created = DateTime.UtcNow,
            DurationMs = 1.5,
            Method = "POST",
            Url = "/v1/accounts/a/licenses/actions/validate-key?token=abc",
            Status = 200,
            UserAgent = "Agent/ü",
            RequestHeaders = ["application/json", null, null, null, "example.com"],
            ResponseHeaders = [null, "application/vnd.api+json", null, null, null, null, null, null, null, null, null, null, "sig", null, null],
            RequestBody = request,
            RequestBodyLength = request.Length,
            ResponseBody = response,
            ResponseBodyLength = response.Length,
        };

        var log = RequestLogWriter.ToLog(captured);

        Assert.Equal("/v1/accounts/a/licenses/actions/validate-key?token=[FILTERED]", log.Url);
        Assert.Equal("Agent/?", log.UserAgent);
        Assert.Equal("""{"Accept":"application/json","Host":"example.com"}""", log.RequestHeaders);
        Assert.Equal("""{"Content-Type":"application/vnd.api+json","Keygen-Signature":"sig"}""", log.ResponseHeaders);
        Assert.Equal("sig", log.ResponseSignature);
        Assert.Equal("""{"meta":{"key":"ABCD...WXYZ"}}""", log.RequestBody);
        Assert.Equal("""{"data":{"attributes":{"key":"ABCD...WXYZ"}}}""", log.ResponseBody);
    }

    [Theory]
    [InlineData("text/plain", "-----BEGIN LICENSE FILE-----")]
    [InlineData("application/octet-stream", null)]
    public void Text_bodies_are_kept_and_binary_ones_are_not(string contentType, string? stored)
    {
        var body = Encoding.UTF8.GetBytes("-----BEGIN LICENSE FILE-----");
        var log = RequestLogWriter.ToLog(new CapturedRequest
        {
            Id = Guid.NewGuid(),
            AccountId = Guid.NewGuid(),
            Created = DateTime.UtcNow,
            DurationMs = 1,
            Method = "GET",
            Url = "/",
            Status = 200,
            RequestHeaders = new string?[CapturedRequest.RequestHeaderNames.Length],
            ResponseHeaders = new string?[CapturedRequest.ResponseHeaderNames.Length],
            ResponseBody = body,
            ResponseBodyLength = body.Length,
            ResponseContentType = contentType,
        });

        Assert.Equal(stored, log.ResponseBody);
        Assert.Null(log.RequestHeaders);
    }
}

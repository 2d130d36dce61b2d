using System.Text.Json.Nodes;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Webhooks;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Webhooks;

public sealed class ManagingWebhookEndpoints(TestApp app)
{
    [Fact]
    public async Task An_endpoint_defaults_to_every_event_signed_with_ed25519()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path("webhook-endpoints"), Hooks.Endpoint("https://hooks.example.com/keygen"));

        response.Expect(201);
        Assert.Equal("webhook-endpoints", (string?)response.Data!["type"]);
        Assert.Equal("https://hooks.example.com/keygen", response.Attribute("url"));
        Assert.Equal(["*"], response.Data["attributes"]!["subscriptions"]!.AsArray().Select(s => (string?)s));
        Assert.Equal("ed25519", response.Attribute("signatureAlgorithm"));
        Assert.Equal("1.8", response.Attribute("apiVersion"));
        Assert.NotNull(response.Header("Location"));
    }

    [Fact]
    public async Task Subscriptions_are_deduplicated_and_can_be_updated()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var created = await admin.PostAsync(account.Path("webhook-endpoints"),
            Hooks.Endpoint("https://hooks.example.com/a", ["product.created", "product.created", "token.generated"]));
        created.Expect(201);
        var id = created.Data!["id"]!.GetValue<string>();

        var updated = await admin.PatchAsync(account.Path($"webhook-endpoints/{id}"),
            new { data = new { type = "webhookEndpoints", id, attributes = new { url = "https://hooks.example.com/b", subscriptions = new[] { "license.created" } } } });

        Assert.Equal(["product.created", "token.generated"], created.Data["attributes"]!["subscriptions"]!.AsArray().Select(s => (string?)s));
        updated.Expect(200);
        Assert.Equal("https://hooks.example.com/b", updated.Attribute("url"));
        Assert.Equal(["license.created"], updated.Data!["attributes"]!["subscriptions"]!.AsArray().Select(s => (string?)s));
    }

    [Fact]
    public async Task A_deleted_endpoint_is_gone()
    {
        var account = await app.CreateAccountAsync();
        var id = await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/gone");

        (await app.Admin(account).DeleteAsync(account.Path($"webhook-endpoints/{id}"))).Expect(204);

        (await app.Admin(account).GetAsync(account.Path($"webhook-endpoints/{id}"))).ExpectError(404, code: "NOT_FOUND");
    }

    [Theory]
    [InlineData("{\"url\":\"http://example.com/plain\"}", "URL_PROTOCOL_INVALID", "/data/attributes/url")]
    [InlineData("{\"url\":\"ftp://example.com/x\"}", "URL_PROTOCOL_INVALID", "/data/attributes/url")]
    [InlineData("{\"url\":\"not a url\"}", "URL_INVALID", "/data/attributes/url")]
    [InlineData("{\"url\":\"https://10.1.2.3/x\"}", "URL_HOST_INVALID", "/data/attributes/url")]
    [InlineData("{\"url\":\"https://example.com\",\"subscriptions\":[]}", "SUBSCRIPTIONS_TOO_SHORT", "/data/attributes/subscriptions")]
    [InlineData("{\"url\":\"https://example.com\",\"subscriptions\":[\"license.*\"]}", "SUBSCRIPTIONS_NOT_ALLOWED", "/data/attributes/subscriptions")]
    [InlineData("{\"url\":\"https://example.com\",\"subscriptions\":[\"product.created\",\"foo.bar\"]}", "SUBSCRIPTIONS_NOT_ALLOWED", "/data/attributes/subscriptions")]
    [InlineData("{\"url\":\"https://example.com\",\"signatureAlgorithm\":\"sha1\"}", "SIGNATURE_ALGORITHM_NOT_ALLOWED", "/data/attributes/signatureAlgorithm")]
    public async Task Invalid_attributes_are_refused_with_their_code(string attributes, string code, string pointer)
    {
        var account = await app.CreateAccountAsync();
        var body = JsonNode.Parse($"{{\"data\":{{\"type\":\"webhook-endpoints\",\"attributes\":{attributes}}}}}");

        var response = await app.Admin(account).PostAsync(account.Path("webhook-endpoints"), body);

        response.ExpectError(422, code: code, pointer: pointer);
    }

    [Fact]
    public async Task A_missing_url_or_unsupported_api_version_is_a_bad_request()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);

        var missing = await admin.PostAsync(account.Path("webhook-endpoints"), new { data = new { type = "webhook-endpoints", attributes = new { } } });
        var version = await admin.PostAsync(account.Path("webhook-endpoints"),
            new { data = new { type = "webhook-endpoints", attributes = new { url = "https://example.com/x", apiVersion = "9.9" } } });

        missing.ExpectError(400, pointer: "/data/attributes/url");
        version.ExpectError(400, pointer: "/data/attributes/apiVersion");
    }

    [Theory]
    [InlineData("https://hooks.example.com/keygen", false, null)]
    [InlineData("https://hooks.example.com:8443/keygen?x=1", false, null)]
    [InlineData("http://hooks.example.com/keygen", false, "URL_PROTOCOL_INVALID")]
    [InlineData("http://127.0.0.1:8080/keygen", false, "URL_PROTOCOL_INVALID")]
    [InlineData("https://localhost/keygen", false, "URL_HOST_INVALID")]
    [InlineData("https://127.0.0.1/keygen", false, "URL_HOST_INVALID")]
    [InlineData("https://[::1]/keygen", false, "URL_HOST_INVALID")]
    [InlineData("https://192.168.1.10/keygen", false, "URL_HOST_INVALID")]
    [InlineData("https://intranet/keygen", false, "URL_HOST_INVALID")]
    [InlineData("https://api.keygen.sh/v1", false, "URL_HOST_INVALID")]
    [InlineData("hooks.example.com/keygen", false, "URL_INVALID")]
    [InlineData("http://127.0.0.1:8080/keygen", true, null)]
    [InlineData("http://localhost:5000/keygen", true, null)]
    [InlineData("http://[::1]:5000/keygen", true, null)]
    [InlineData("http://hooks.example.com/keygen", true, "URL_PROTOCOL_INVALID")]
    [InlineData("https://10.0.0.5/keygen", true, "URL_HOST_INVALID")]
    public void Urls_must_be_public_https_unless_insecure_urls_are_allowed(string url, bool allowInsecure, string? code)
    {
        var endpoint = new WebhookEndpoint { Url = url, ApiVersion = "1.8" };

        var error = Record.Exception(() => WebhookEndpointRules.Validate(endpoint, allowInsecure)) as DomainError;

        Assert.Equal(code, error?.Errors[0].Code);
    }

    [Fact]
    public async Task A_product_manages_only_its_own_product_scoped_endpoints()
    {
        var account = await app.CreateAccountAsync();
        var adminEndpoint = await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/admin");
        var productId = await Hooks.CreateProductAsync(app, account);
        var token = await app.Admin(account).PostAsync(account.Path($"products/{productId}/tokens"));
        token.Expect(200);
        var product = app.Client(token.Attribute("token"));

        var created = await product.PostAsync(account.Path("webhook-endpoints"), Hooks.Endpoint("https://hooks.example.com/product"));
        var listed = await product.GetAsync(account.Path("webhook-endpoints"));
        var other = await product.GetAsync(account.Path($"webhook-endpoints/{adminEndpoint}"));

        created.Expect(201);
        Assert.Equal(productId.ToString(), (string?)created.Data!["relationships"]!["product"]!["data"]!["id"]);
        listed.Expect(200);
        Assert.Equal([created.Data["id"]!.GetValue<string>()], listed.Data!.AsArray().Select(e => (string?)e!["id"]));
        other.ExpectError(404, code: "NOT_FOUND");
        (await product.GetAsync(account.Path("webhook-events"))).Expect(200);
        (await product.PostAsync(account.Path("webhook-events/00000000-0000-0000-0000-000000000000/actions/retry"))).ExpectError(404);
    }
}

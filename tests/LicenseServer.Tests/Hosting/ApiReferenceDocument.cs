using System.Text.Json.Nodes;
using LicenseServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace LicenseServer.Tests.Hosting;

/// <summary>The OpenAPI document at /openapi/v1.json covers every route, and the reference page at /docs works offline.</summary>
public sealed class ApiReferenceDocument(TestApp app)
{
    [Fact]
    public async Task Every_mapped_route_is_in_the_document()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        var documented = paths
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .ToHashSet();

        var routes = app.GetService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToList();

        Assert.True(routes.Count > 100, $"only {routes.Count} routes found");
        var missing = routes.Where(r => !documented.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "not in the document:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task The_document_is_openapi_3_1_with_auth_schemes_errors_and_request_bodies()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.1.", (string)document["openapi"]!, StringComparison.Ordinal);
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("bearer", (string)schemes["bearer"]!["scheme"]!);
        Assert.Equal("basic", (string)schemes["basic"]!["scheme"]!);
        Assert.Equal("Authorization", (string)schemes["license"]!["name"]!);
        Assert.NotNull(document["components"]!["schemas"]!["ErrorDocument"]!["properties"]!["errors"]);
        Assert.Contains("/v1/licenses", (string)document["info"]!["description"]!, StringComparison.Ordinal);

        var create = document["paths"]!["/v1/accounts/{account}/licenses"]!["post"]!;
        Assert.Equal("#/components/schemas/licenses",
            (string)create["requestBody"]!["content"]!["application/vnd.api+json"]!["schema"]!["properties"]!["data"]!["$ref"]!);
        Assert.NotNull(create["responses"]!["201"]);
        Assert.NotNull(create["responses"]!["default"]);
        Assert.NotNull(document["components"]!["schemas"]!["licenses"]!["properties"]!["attributes"]!["properties"]!["expiry"]);

        var validateKey = document["paths"]!["/v1/accounts/{account}/licenses/actions/validate-key"]!["post"]!;
        Assert.NotNull(validateKey["requestBody"]!["content"]!["application/vnd.api+json"]!["schema"]!["properties"]!["meta"]!["properties"]!["key"]);
        Assert.Empty(validateKey["security"]!.AsArray());
        Assert.Contains(validateKey["parameters"]!.AsArray(), p => (string)p!["name"]! == "account" && (string)p["in"]! == "path");

        var login = document["paths"]!["/v1/accounts/{account}/tokens"]!["post"]!;
        Assert.Contains(login["security"]!.AsArray(), requirement => requirement!["basic"] is not null);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData(null)]
    public async Task The_document_and_the_page_ignore_json_api_content_negotiation(string? accept)
    {
        var document = await app.Anonymous.SendRawAsync(HttpMethod.Get, "/openapi/v1.json", null, null, accept);
        Assert.Equal(200, document.Status);

        var redirect = await app.Anonymous.SendRawAsync(HttpMethod.Get, "/docs", null, null, accept);
        Assert.InRange(redirect.Status, 301, 308);
        Assert.Equal("/docs/", new Uri(new Uri(app.BaseAddress, "/docs"), redirect.Headers.Location!).AbsolutePath);

        var page = await app.Anonymous.SendRawAsync(HttpMethod.Get, "/docs/", null, null, accept);
        Assert.Equal(200, page.Status);
        Assert.Equal("text/html", page.ContentHeaders.ContentType!.MediaType);
        Assert.DoesNotContain("cdn.jsdelivr.net", page.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_page_script_is_served_by_the_server_itself()
    {
        var page = await app.Anonymous.SendRawAsync(HttpMethod.Get, "/docs/", null, null, "text/html");
        // Nothing absolute: the script, its configuration and the document are all fetched from this server.
        Assert.DoesNotContain("://", page.Body, StringComparison.Ordinal);
        var script = System.Text.RegularExpressions.Regex.Match(page.Body, "<script[^>]+src=\"([^\"]+)\"").Groups[1].Value;

        var bundle = await app.Anonymous.SendRawAsync(HttpMethod.Get, new Uri(new Uri(app.BaseAddress, "/docs/"), script).PathAndQuery, null, null, "*/*");
        Assert.Equal(200, bundle.Status);
        Assert.True(bundle.Body.Length > 100_000, "the bundle is the whole Scalar script");
    }

    [Fact]
    public async Task Docs_Enabled_false_serves_neither()
    {
        await using var off = await TestApp.StartAsync(new Dictionary<string, string?> { ["Docs:Enabled"] = "false" });

        Assert.Equal(404, (await off.Anonymous.GetAsync("/openapi/v1.json")).Status);
        Assert.Equal(404, (await off.Anonymous.GetAsync("/docs/")).Status);
    }

    private async Task<JsonNode> DocumentAsync()
    {
        var response = await app.Anonymous.SendRawAsync(HttpMethod.Get, "/openapi/v1.json", null, null, "application/json");
        Assert.Equal(200, response.Status);
        return response.Json ?? throw new InvalidOperationException("not JSON: " + response.Body[..Math.Min(200, response.Body.Length)]);
    }
}

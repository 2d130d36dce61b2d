using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LicenseServer.Api.Docs;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.AspNetCore.Routing;

namespace LicenseServer.Tests.Hosting;

/// <summary>The OpenAPI document at /openapi/v1.json covers every route, and the reference page at /docs works offline.</summary>
public sealed partial class ApiReferenceDocument(TestApp app)
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
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {CatchAll().Replace(e.RoutePattern.RawText!.TrimEnd('/'), "{$1}")}"))
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

    [Fact]
    public async Task Every_index_route_documents_paging_and_the_filters_it_reads()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        var indexes = paths.Where(path => path.Value!["get"]?["responses"]?["200"]?["content"]?["application/vnd.api+json"]?["schema"]?["properties"]?["data"]?["type"]
            ?.ToJsonString() == "\"array\"").ToDictionary(path => path.Key, path => QueryNames(path.Value!["get"]!));

        Assert.True(indexes.Count > 20, $"only {indexes.Count} index routes");
        Assert.Contains("/v1/accounts/{account}/policies/{id}/pool", indexes.Keys);
        foreach (var (path, names) in indexes)
        {
            Assert.True(names.IsSupersetOf(["limit", "page[number]", "page[size]", "page[cursor]", "order"]), $"{path} lacks paging: {string.Join(", ", names)}");
        }

        foreach (var route in QueryParameters.Filters.Keys)
        {
            Assert.True(indexes.ContainsKey("/v1/accounts/{account}" + route), $"the filter table names {route}, which is no index route");
        }

        var licenses = paths["/v1/accounts/{account}/licenses"]!["get"]!;
        Assert.Superset(new HashSet<string> { "status", "product", "policy", "user", "expires[within]", "activations[gte]", "metadata" }, QueryNames(licenses));
        var status = Parameter(licenses, "status");
        Assert.Contains("SUSPENDED", status["schema"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("deepObject", (string)Parameter(licenses, "metadata")["style"]!);
        Assert.Contains("status", indexes["/v1/accounts/{account}/groups/{id}/licenses"]);
        Assert.Superset(new HashSet<string> { "fingerprint", "status", "license" }, indexes["/v1/accounts/{account}/machines"]);
        Assert.Contains("roles[]", indexes["/v1/accounts/{account}/users"]);
        Assert.Contains("bearer[type]", indexes["/v1/accounts/{account}/tokens"]);
        Assert.DoesNotContain(paths["/v1/accounts/{account}/licenses/{id}"]!["get"]!["parameters"]!.AsArray(), p => (string)p!["in"]! == "query");
    }

    [Fact]
    public async Task Top_level_index_routes_read_the_documented_paging()
    {
        var account = await app.CreateAccountAsync();
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        var indexes = paths.Select(path => path.Key)
            .Where(path => path.StartsWith("/v1/accounts/{account}/", StringComparison.Ordinal) && !path.Contains("{id}", StringComparison.Ordinal)
                && QueryNames(paths[path]!["get"] ?? new JsonObject()).Contains("page[size]"))
            .ToList();

        Assert.True(indexes.Count > 10, $"only {indexes.Count} top-level index routes");
        foreach (var path in indexes)
        {
            var route = path.Replace("/v1/accounts/{account}", account.Path(), StringComparison.Ordinal);
            (await app.Admin(account).GetAsync(route + "?page[number]=1&page[size]=0")).ExpectError(400, parameter: "page[size]");
        }
    }

    [Fact]
    public async Task Operations_document_their_errors_with_the_codes_the_server_sends()
    {
        var paths = (await DocumentAsync())["paths"]!;
        var validateKey = paths["/v1/accounts/{account}/licenses/actions/validate-key"]!["post"]!["responses"]!;
        var examples = validateKey["200"]!["content"]!["application/vnd.api+json"]!["examples"]!.AsObject();
        Assert.Equal(["valid", "expired", "not-found"], examples.Select(e => e.Key));
        Assert.True((bool)examples["valid"]!["value"]!["meta"]!["valid"]!);
        Assert.Equal("EXPIRED", (string)examples["expired"]!["value"]!["meta"]!["code"]!);
        Assert.Superset(new HashSet<string> { "200", "400", "429", "503", "default" }, Statuses(validateKey));
        Assert.DoesNotContain("401", Statuses(validateKey));

        var show = paths["/v1/accounts/{account}/licenses/{id}"]!["get"]!["responses"]!;
        Assert.Superset(new HashSet<string> { "200", "401", "403", "404", "503" }, Statuses(show));
        Assert.DoesNotContain("422", Statuses(show));
        Assert.Equal("#/components/schemas/ErrorDocument", (string)show["404"]!["content"]!["application/vnd.api+json"]!["schema"]!["$ref"]!);
        Assert.Contains("422", Statuses(paths["/v1/accounts/{account}/licenses"]!["post"]!["responses"]!));
        Assert.Contains("429", Statuses(paths["/v1/accounts/{account}/tokens"]!["post"]!["responses"]!));
        Assert.DoesNotContain("429", Statuses(paths["/v1/accounts/{account}/licenses"]!["post"]!["responses"]!));

        // The examples are what the server answers.
        var account = await app.CreateAccountAsync();
        var (_, userToken) = await app.CreateUserAsync(account);
        AssertExample(show["404"]!, (await app.Admin(account).GetAsync(account.Path($"licenses/{Guid.NewGuid()}"))).ExpectError(404));
        AssertExample(show["401"]!, (await app.Client("not-a-token").GetAsync(account.Path($"licenses/{Guid.NewGuid()}"))).ExpectError(401));
        var endpoints = paths["/v1/accounts/{account}/webhook-endpoints"]!["get"]!["responses"]!;
        AssertExample(endpoints["403"]!, (await app.Client(userToken).GetAsync(account.Path("webhook-endpoints"))).ExpectError(403));
        var unknown = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key = "NO-SUCH-KEY" } });
        Assert.Equal((string)examples["not-found"]!["value"]!["meta"]!["code"]!, (string)unknown.Expect(200).Meta!["code"]!);
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
        var script = Regex.Match(page.Body, "<script[^>]+src=\"([^\"]+)\"").Groups[1].Value;

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

    private static HashSet<string> QueryNames(JsonNode operation) =>
        (operation["parameters"]?.AsArray() ?? []).Where(p => (string)p!["in"]! == "query").Select(p => (string)p!["name"]!).ToHashSet();

    private static JsonNode Parameter(JsonNode operation, string name) => operation["parameters"]!.AsArray().Single(p => (string)p!["name"]! == name)!;

    private static HashSet<string> Statuses(JsonNode responses) => responses.AsObject().Select(r => r.Key).ToHashSet();

    /// <summary>The documented example error has the title, code and (for 404s, the shape of the) detail the server sent.</summary>
    private static void AssertExample(JsonNode response, JsonNode sent)
    {
        var example = response["content"]!["application/vnd.api+json"]!["example"]!["errors"]![0]!;
        Assert.Equal((string?)example["title"], (string?)sent["title"]);
        Assert.Equal((string?)example["code"], (string?)sent["code"]);
        Assert.Equal(Regex.Replace((string)example["detail"]!, "'[^']*'", "'…'"), Regex.Replace((string)sent["detail"]!, "'[^']*'", "'…'"));
    }

    private async Task<JsonNode> DocumentAsync()
    {
        var response = await app.Anonymous.SendRawAsync(HttpMethod.Get, "/openapi/v1.json", null, null, "application/json");
        Assert.Equal(200, response.Status);
        return response.Json ?? throw new InvalidOperationException("not JSON: " + response.Body[..Math.Min(200, response.Body.Length)]);
    }

    /// <summary>A catch-all parameter (<c>{**filename}</c>), which OpenAPI writes as a plain one.</summary>
    [GeneratedRegex(@"\{\*\*?([^}]+)\}")]
    private static partial Regex CatchAll();
}

using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.JsonApi;

public sealed class ReadingRequests(TestApp app)
{
    private const string Product = """{"data":{"type":"products","attributes":{"name":"Parsed"}}}""";

    [Theory]
    [InlineData("application/vnd.api+json")]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_is_read_as_json_whatever_its_content_type(string? contentType)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("products"), Product, contentType);

        response.Expect(201);
        Assert.Equal("Parsed", response.Attribute("name"));
    }

    [Theory]
    [InlineData("""{"data": {"type": "products", "attributes": {"name": "Broken"}""")]
    [InlineData("""{"data": {}}=""")]
    [InlineData("{'data': 1}")]
    public async Task Malformed_json_is_a_400_with_code_JSON_INVALID(string body)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("products"), body, ApiClient.JsonApi);

        var error = response.ExpectError(400, code: "JSON_INVALID");
        Assert.Equal("Bad request", (string?)error["title"]);
    }

    [Fact]
    public async Task An_unknown_attribute_is_an_unpermitted_parameter_at_its_camel_case_pointer()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path("products"),
            new { data = new { type = "products", attributes = new { name = "X", unpermitted_param = 1 } } });

        var error = response.ExpectError(400, pointer: "/data/attributes/unpermittedParam");
        Assert.Equal("unpermitted parameter", (string?)error["detail"]);
    }

    [Theory]
    [InlineData("""{"data":{"type":"products","attributes":{"name":1}}}""", "/data/attributes/name", "type mismatch (received integer expected string)")]
    [InlineData("""{"data":{"type":"products","attributes":"{}"}}""", "/data/attributes", "type mismatch (received string expected object)")]
    [InlineData("""{"data":{"type":"widgets","attributes":{"name":"X"}}}""", "/data/type", "is invalid")]
    [InlineData("""{}""", "/data", "is missing")]
    [InlineData("""{"data":{"type":"products"}}""", "/data/attributes/name", "is missing")]
    public async Task Shape_errors_point_at_the_member(string body, string pointer, string detail)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("products"), body, ApiClient.JsonApi);

        var error = response.ExpectError(400, pointer: pointer);
        Assert.Equal(detail, (string?)error["detail"]);
    }

    [Fact]
    public async Task Snake_case_attributes_are_accepted()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path("products"),
            new { data = new { type = "product", attributes = new { name = "Snake", distribution_strategy = "OPEN" } } });

        response.Expect(201);
        Assert.Equal("OPEN", response.Attribute("distributionStrategy"));
    }

    [Fact]
    public async Task Invalid_utf8_is_a_400_with_code_ENCODING_INVALID()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("products"), "{\"data\":\"\u0000\"}", ApiClient.JsonApi);

        response.ExpectError(400, code: "ENCODING_INVALID");
    }

    [Fact]
    public async Task An_oversized_body_is_refused_and_nothing_is_created()
    {
        var account = await app.CreateAccountAsync();
        var huge = "{\"data\":{\"type\":\"products\",\"attributes\":{\"name\":\"Huge\",\"metadata\":{\"blob\":\"" + new string('y', 2 * 1024 * 1024) + "\"}}}}";

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("products"), huge, ApiClient.JsonApi);

        response.ExpectError(413);
        var list = await app.Admin(account).GetAsync(account.Path("products"));
        Assert.Empty(list.Data!.AsArray());
    }

    [Fact]
    public async Task Metadata_keys_are_stored_snake_case_and_shown_camel_case()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path("products"),
            new { data = new { type = "products", attributes = new { name = "Meta", metadata = new { externalId = 7, Nested = new { innerKey = true } } } } });

        response.Expect(201);
        var metadata = response.Data!["attributes"]!["metadata"]!;
        Assert.Equal(7, (int)metadata["externalId"]!);
        Assert.True((bool)metadata["nested"]!["innerKey"]!);
    }

    [Fact]
    public async Task Metadata_deeper_than_two_levels_is_refused()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path("products"),
            new { data = new { type = "products", attributes = new { name = "Deep", metadata = new { a = new { b = new { c = new { d = 1 } } } } } } });

        response.ExpectError(400, pointer: "/data/attributes/metadata/a/b/c");
    }

    [Fact]
    public async Task An_unacceptable_accept_header_is_a_400_with_code_MIME_TYPE_INVALID()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path("products"), null, null, accept: "text/html");

        response.ExpectError(400, code: "MIME_TYPE_INVALID");
    }

    [Theory]
    [InlineData("vnd.api+xml")]
    [InlineData("application")]
    public async Task A_content_type_that_is_no_media_type_is_a_400_with_code_MIME_TYPE_INVALID(string contentType)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("products"), Product, contentType);

        var error = response.ExpectError(400, code: "MIME_TYPE_INVALID");
        Assert.Equal("The mime type of the request is not acceptable (check content-type and accept headers)", (string?)error["detail"]);
        Assert.Equal("Content-Type", (string?)error["source"]!["header"]);
    }

    [Theory]
    [InlineData("text/*")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Text_and_multipart_content_types_are_still_read_as_json(string contentType)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("products"), Product, contentType);

        response.Expect(201);
    }

    [Theory]
    [InlineData("application/json", "application/json")]
    [InlineData("*/*", "application/vnd.api+json")]
    [InlineData("application/vnd.api+json", "application/vnd.api+json")]
    public async Task The_response_content_type_follows_the_accept_header(string accept, string expected)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path("products"), null, null, accept: accept);

        response.Expect(200);
        Assert.Equal(expected, response.ContentHeaders.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_route_is_a_json_api_404()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).GetAsync(account.Path("no-such-thing"));

        response.ExpectError(404, code: "NOT_FOUND");
        Assert.NotNull(response.Meta?["id"]);
    }

    [Fact]
    public async Task An_unknown_account_is_a_404()
    {
        var response = await app.Anonymous.GetAsync($"/v1/accounts/{Guid.NewGuid()}/products");

        response.ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task An_unsupported_api_version_is_a_400()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path("products"), null, null,
            headers: new Dictionary<string, string> { ["Keygen-Version"] = "9.9" });

        response.ExpectError(400, code: "INVALID_API_VERSION");
    }
}

using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Products;

public sealed class ManagingProducts(TestApp app)
{
    private static object Body(object attributes) => new { data = new { type = "products", attributes } };

    [Fact]
    public async Task A_product_is_created_with_defaults_and_found_by_code()
    {
        var account = await app.CreateAccountAsync();

        var created = await app.Admin(account).PostAsync(account.Path("products"), Body(new { name = "App", code = "app-1", platforms = new[] { "mac" } }));

        created.Expect(201);
        Assert.Equal("LICENSED", created.Attribute("distributionStrategy"));
        Assert.Null(created.Data!["attributes"]!["url"]);
        var byCode = await app.Admin(account).GetAsync(account.Path("products/app-1"));
        Assert.Equal((string?)created.Data["id"], (string?)byCode.Expect(200).Data!["id"]);
        Assert.Equal(account.Id.ToString(), (string?)created.Data["relationships"]!["account"]!["data"]!["id"]);
        Assert.Equal($"/v1/accounts/{account.Id}/products/{created.Data["id"]}", (string?)created.Data["links"]!["self"]);
    }

    [Theory]
    [InlineData("distributionStrategy", "NONE", "DISTRIBUTION_STRATEGY_NOT_ALLOWED")]
    [InlineData("url", "file:///boom.sh", "URL_PROTOCOL_INVALID")]
    [InlineData("url", "not a url", "URL_INVALID")]
    [InlineData("code", "actions", "CODE_NOT_ALLOWED")]
    public async Task Invalid_attributes_are_unprocessable(string attribute, string value, string code)
    {
        var account = await app.CreateAccountAsync();
        var attributes = new Dictionary<string, object> { ["name"] = "Bad", [attribute] = value };

        var response = await app.Admin(account).PostAsync(account.Path("products"), Body(attributes));

        var error = response.ExpectError(422, code: code, pointer: $"/data/attributes/{attribute}");
        Assert.Equal("Unprocessable resource", (string?)error["title"]);
    }

    [Fact]
    public async Task Codes_are_unique_per_account_regardless_of_case()
    {
        var account = await app.CreateAccountAsync();
        (await app.Admin(account).PostAsync(account.Path("products"), Body(new { name = "A", code = "Shared" }))).Expect(201);

        var response = await app.Admin(account).PostAsync(account.Path("products"), Body(new { name = "B", code = "shared" }));

        response.ExpectError(422, code: "CODE_TAKEN", pointer: "/data/attributes/code");
    }

    [Fact]
    public async Task A_product_is_updated_and_its_url_cleared_with_null()
    {
        var account = await app.CreateAccountAsync();
        var created = await app.Admin(account).PostAsync(account.Path("products"), Body(new { name = "Before", url = "https://example.com" }));
        var id = (string)created.Data!["id"]!;

        var updated = await app.Admin(account).PatchAsync(account.Path($"products/{id}"),
            new { data = new { type = "products", id, attributes = new { name = "After", url = (string?)null } } });

        updated.Expect(200);
        Assert.Equal("After", updated.Attribute("name"));
        Assert.Null(updated.Data!["attributes"]!["url"]);
    }

    [Fact]
    public async Task Deleting_answers_204_with_no_body_and_records_an_event()
    {
        var account = await app.CreateAccountAsync();
        var created = await app.Admin(account).PostAsync(account.Path("products"), Body(new { name = "Gone" }));
        var id = (string)created.Data!["id"]!;

        var deleted = await app.Admin(account).DeleteAsync(account.Path($"products/{id}"));

        deleted.Expect(204);
        Assert.Equal(string.Empty, deleted.Body);
        (await app.Admin(account).GetAsync(account.Path($"products/{id}"))).ExpectError(404, code: "NOT_FOUND");
        var names = await app.QueryAsync(db => db.Events.Where(e => e.AccountId == account.Id && e.ResourceType == "products").Select(e => e.Name).ToListAsync());
        Assert.Equal(["product.created", "product.deleted"], names.Order());
    }

    [Fact]
    public async Task Products_of_another_account_are_not_found()
    {
        var mine = await app.CreateAccountAsync();
        var theirs = await app.CreateAccountAsync();
        var created = await app.Admin(theirs).PostAsync(theirs.Path("products"), Body(new { name = "Theirs" }));

        var response = await app.Admin(mine).GetAsync(mine.Path($"products/{created.Data!["id"]}"));

        response.ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task Anonymous_requests_are_refused_with_TOKEN_MISSING()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Anonymous.GetAsync(account.Path("products"));

        response.ExpectError(401, code: "TOKEN_MISSING");
        Assert.Equal("Bearer realm=\"keygen\"", response.Header("WWW-Authenticate"));
    }
}

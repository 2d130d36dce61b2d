using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;

namespace LicenseServer.Tests.Tokens;

/// <summary>POST /tokens with relationships.bearer: who may be named, by whom, and the shapes refused.</summary>
public sealed class NamingATokenBearer(TestApp app)
{
    private static object Naming(string type, string id) =>
        new { data = new { type = "tokens", relationships = new { bearer = new { data = new { type, id } } } } };

    [Fact]
    public async Task A_bearer_with_null_data_is_a_400_cannot_be_null()
    {
        var account = await app.CreateAccountAsync();
        var body = """{"data":{"type":"tokens","relationships":{"bearer":{"data":null}}}}""";

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("tokens"), body, ApiClient.JsonApi);

        var error = response.ExpectError(400, pointer: "/data/relationships/bearer/data");
        Assert.Equal("cannot be null", (string?)error["detail"]);
    }

    [Fact]
    public async Task A_bearer_relationship_sent_as_null_mints_for_the_caller()
    {
        var account = await app.CreateAccountAsync();
        var body = """{"data":{"type":"tokens","relationships":{"bearer":null}}}""";

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("tokens"), body, ApiClient.JsonApi);

        response.Expect(201);
        Assert.Equal(account.AdminId.ToString(), (string?)response.Data!["relationships"]!["bearer"]!["data"]!["id"]);
    }

    [Fact]
    public async Task An_admin_naming_a_license_or_product_is_forbidden()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var license = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, productId: product))).Data!["id"]!;

        (await app.Admin(account).PostAsync(account.Path("tokens"), Naming("licenses", license))).ExpectError(403);
        (await app.Admin(account).PostAsync(account.Path("tokens"), Naming("products", product))).ExpectError(403);
    }

    [Fact]
    public async Task A_bearer_of_an_unknown_type_is_invalid()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path("tokens"), Naming("widgets", Guid.NewGuid().ToString()));

        var error = response.ExpectError(400, pointer: "/data/relationships/bearer/data/type");
        Assert.Equal("is invalid", (string?)error["detail"]);
    }

    [Fact]
    public async Task A_product_mints_an_activation_token_for_its_own_license_but_not_another_products()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var own = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, productId: product))).Data!["id"]!;
        var other = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account))).Data!["id"]!;
        var client = app.Client(await app.ProductTokenAsync(account, product));

        var response = await client.PostAsync(account.Path("tokens"), Naming("licenses", own));

        response.Expect(201);
        Assert.Equal("activation-token", response.Attribute("kind"));
        Assert.Equal(own, (string?)response.Data!["relationships"]!["bearer"]!["data"]!["id"]);
        (await client.PostAsync(account.Path("tokens"), Naming("licenses", other))).ExpectError(403);
    }

    [Fact]
    public async Task A_product_mints_a_user_token_for_a_user_of_its_licenses_only()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var (customer, _) = await app.CreateUserAsync(account);
        var (stranger, _) = await app.CreateUserAsync(account);
        await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, productId: product), ownerId: customer);
        var client = app.Client(await app.ProductTokenAsync(account, product));

        var response = await client.PostAsync(account.Path("tokens"), Naming("users", customer));

        response.Expect(201);
        Assert.Equal("user-token", response.Attribute("kind"));
        (await client.PostAsync(account.Path("tokens"), Naming("users", stranger))).ExpectError(403);
    }
}

using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Users;

namespace LicenseServer.Tests.Entitlements;

public sealed class ManagingEntitlements(TestApp app)
{
    private static object Body(object attributes) => new { data = new { type = "entitlements", attributes } };

    [Fact]
    public async Task An_entitlement_is_created_found_by_code_updated_and_deleted_with_events()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);

        var created = await admin.PostAsync(account.Path("entitlements"), Body(new { name = "Feature A", code = "FEATURE_A", metadata = new { tier = 1 } }));
        var byCode = await admin.GetAsync(account.Path("entitlements/FEATURE_A"));
        var updated = await admin.PatchAsync(account.Path("entitlements/FEATURE_A"), Body(new { name = "Renamed", code = "RENAMED" }));
        var deleted = await admin.DeleteAsync(account.Path("entitlements/RENAMED"));

        var id = (string?)created.Expect(201).Data!["id"];
        Assert.Equal(id, (string?)byCode.Expect(200).Data!["id"]);
        Assert.Equal("RENAMED", updated.Expect(200).Attribute("code"));
        deleted.Expect(204);
        Assert.Equal(["entitlement.created", "entitlement.updated", "entitlement.deleted"], await app.EventNamesAsync(account, "entitlements"));
    }

    [Theory]
    [InlineData("{\"name\":\"No code\"}", 400, null, "/data/attributes/code")]
    [InlineData("{\"name\":\"Blank\",\"code\":\"\"}", 400, null, "/data/attributes/code")]
    [InlineData("{\"name\":\"Reserved\",\"code\":\"actions\"}", 422, "CODE_NOT_ALLOWED", "/data/attributes/code")]
    [InlineData("{\"code\":\"NO_NAME\"}", 400, null, "/data/attributes/name")]
    public async Task Invalid_entitlements_are_refused(string attributes, int status, string? code, string pointer)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("entitlements"),
            $"{{\"data\":{{\"type\":\"entitlements\",\"attributes\":{attributes}}}}}", ApiClient.JsonApi);

        response.ExpectError(status, code: code, pointer: pointer);
    }

    [Fact]
    public async Task Codes_are_unique_regardless_of_case()
    {
        var account = await app.CreateAccountAsync();
        (await app.Admin(account).PostAsync(account.Path("entitlements"), Body(new { name = "A", code = "dupe" }))).Expect(201);

        var response = await app.Admin(account).PostAsync(account.Path("entitlements"), Body(new { name = "B", code = "DUPE" }));

        response.ExpectError(422, code: "CODE_TAKEN", pointer: "/data/attributes/code");
    }

    [Theory]
    [InlineData("read-only", 200, 403)]
    [InlineData("product", 200, 403)]
    [InlineData("user", 404, 403)]
    public async Task Bearers_read_and_write_entitlements(string bearer, int show, int create)
    {
        var account = await app.CreateAccountAsync();
        var entitlement = await app.Admin(account).PostAsync(account.Path("entitlements"), Body(new { name = "A", code = "A" }));
        var token = bearer == "product" ? await app.ProductTokenAsync(account) : (await app.CreateUserWithTokenAsync(account, bearer)).Token;

        var shown = await app.Client(token).GetAsync(account.Path($"entitlements/{entitlement.Data!["id"]}"));
        var created = await app.Client(token).PostAsync(account.Path("entitlements"), Body(new { name = "B", code = "B" }));

        shown.Expect(show);
        created.Expect(create);
    }
}

using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Hosting;

/// <summary>Each test runs its own server: the default account depends on settings and on how many accounts exist.</summary>
public sealed class RoutingWithoutTheAccountSegment
{
    private static object Product => new { data = new { type = "products", attributes = new { name = "X" } } };

    [Fact]
    public async Task The_only_account_is_the_default_and_links_keep_the_path_as_sent()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>());
        var account = await app.CreateAccountAsync();

        var created = await app.Admin(account).PostAsync("/v1/products", Product);
        var listed = await app.Admin(account).GetAsync("/v1/products?page[number]=1&page[size]=5");
        var login = await app.WithAuthorization(ApiClient.Basic(account.AdminEmail, account.AdminPassword)).PostAsync("/v1/tokens");

        created.Expect(201);
        Assert.Equal($"/v1/accounts/{account.Id}/products/{created.Data!["id"]}", (string?)created.Data["links"]!["self"]);
        Assert.StartsWith("/v1/products?", Uri.UnescapeDataString((string)listed.Expect(200).Json!["links"]!["self"]!));
        login.Expect(201);
    }

    [Fact]
    public async Task With_several_accounts_and_no_setting_there_is_no_default()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>());
        var account = await app.CreateAccountAsync();
        await app.CreateAccountAsync();

        var response = await app.Admin(account).GetAsync("/v1/products");

        response.ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task The_configured_default_account_answers_by_slug()
    {
        var slug = "default-" + Guid.NewGuid().ToString("N")[..8];
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["Server:DefaultAccount"] = slug });
        await app.CreateAccountAsync();
        var account = await app.CreateAccountAsync(slug);

        var created = await app.Admin(account).PostAsync("/v1/products", Product);
        var prefixed = await app.Admin(account).GetAsync(account.Path("products"));

        created.Expect(201);
        Assert.Single(prefixed.Expect(200).Data!.AsArray());
    }
}

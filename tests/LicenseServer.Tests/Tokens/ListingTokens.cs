using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;

namespace LicenseServer.Tests.Tokens;

/// <summary>GET /tokens and its filters, <c>bearer[type]</c> and <c>bearer[id]</c>.</summary>
public sealed class ListingTokens(TestApp app)
{
    [Fact]
    public async Task The_bearer_filters_narrow_the_list_to_one_bearer()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        await app.ProductTokenAsync(account, product);
        var admin = app.Admin(account);

        var all = Ids(await admin.GetAsync(account.Path("tokens")));
        var products = (await admin.GetAsync(account.Path("tokens?bearer[type]=product"))).Expect(200).Data!.AsArray();
        var byId = Ids(await admin.GetAsync(account.Path($"tokens?bearer[id]={product}")));

        Assert.Contains(account.AdminTokenId.ToString(), all);
        Assert.True(all.Count >= 2, "the admin's token and the product's");
        var token = Assert.Single(products)!;
        Assert.Equal(product, (string?)token["relationships"]!["bearer"]!["data"]!["id"]);
        Assert.Equal([(string)token["id"]!], byId);
        Assert.Empty(Ids(await admin.GetAsync(account.Path("tokens?bearer[type]=license"))));
    }

    private static List<string> Ids(ApiResponse response) =>
        response.Expect(200).Data!.AsArray().Select(t => (string)t!["id"]!).ToList();
}

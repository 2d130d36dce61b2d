using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.JsonApi;

public sealed class Paginating(TestApp app)
{
    private async Task<(TestAccount Account, List<string> Ids)> AccountWithProductsAsync(int count)
    {
        var account = await app.CreateAccountAsync();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var created = await app.Admin(account).PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = $"P{i}" } } });
            ids.Add((string)created.Expect(201).Data!["id"]!);
        }

        return (account, ids);
    }

    [Fact]
    public async Task Lists_are_newest_first_and_limited_to_ten_by_default()
    {
        var (account, ids) = await AccountWithProductsAsync(12);

        var response = await app.Admin(account).GetAsync(account.Path("products"));

        var page = response.Expect(200).Data!.AsArray().Select(p => (string)p!["id"]!).ToList();
        Assert.Equal(Enumerable.Reverse(ids).Take(10), page);
        Assert.Null(response.Json!["links"]);
    }

    [Fact]
    public async Task Order_asc_reverses_the_order()
    {
        var (account, ids) = await AccountWithProductsAsync(3);

        var response = await app.Admin(account).GetAsync(account.Path("products?order=asc"));

        Assert.Equal(ids, response.Expect(200).Data!.AsArray().Select(p => (string)p!["id"]!));
    }

    [Fact]
    public async Task Offset_pages_carry_links_and_counts()
    {
        var (account, ids) = await AccountWithProductsAsync(5);

        var response = await app.Admin(account).GetAsync(account.Path("products?page[number]=2&page[size]=2"));

        var page = response.Expect(200).Data!.AsArray().Select(p => (string)p!["id"]!).ToList();
        Assert.Equal([ids[2], ids[1]], page);
        var links = response.Json!["links"]!;
        Assert.Equal($"/v1/accounts/{account.Id}/products?page[number]=2&page[size]=2", Uri.UnescapeDataString((string)links["self"]!));
        Assert.Contains("page[number]=1", Uri.UnescapeDataString((string)links["prev"]!));
        Assert.Contains("page[number]=3", Uri.UnescapeDataString((string)links["next"]!));
        Assert.Contains("page[number]=3", Uri.UnescapeDataString((string)links["last"]!));
        Assert.Equal(3, (int)links["meta"]!["pages"]!);
        Assert.Equal(5, (int)links["meta"]!["count"]!);
    }

    [Fact]
    public async Task Cursor_pages_walk_the_whole_list()
    {
        var (account, ids) = await AccountWithProductsAsync(5);
        var seen = new List<string>();
        var cursor = string.Empty;

        for (var i = 0; i < 5 && cursor is not null; i++)
        {
            var response = await app.Admin(account).GetAsync(account.Path($"products?page[cursor]={cursor}&page[size]=2"));
            seen.AddRange(response.Expect(200).Data!.AsArray().Select(p => (string)p!["id"]!));
            var next = (string?)response.Json!["links"]!["next"];
            cursor = next is null ? null : System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + next).Query)["page[cursor]"];
        }

        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("page[number]=0&page[size]=10", "page[number]")]
    [InlineData("page[number]=1&page[size]=101", "page[size]")]
    [InlineData("page[size]=5", "page")]
    [InlineData("page[cursor]=foo", "page[cursor]")]
    [InlineData("order=sideways", "order")]
    public async Task Out_of_range_paging_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).GetAsync(account.Path($"products?{query}"));

        response.ExpectError(400, parameter: parameter);
    }
}

using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Hosting;

/// <summary>The headers every account-scoped response carries (behaviour.md §0.8), and their names under API 1.3.</summary>
public sealed class CommonResponseHeaders(TestApp app)
{
    [Fact]
    public async Task An_account_scoped_response_names_the_account_bearer_token_and_build()
    {
        var account = await app.CreateAccountAsync();

        var response = (await app.Admin(account).GetAsync(account.Path("products"))).Expect(200);

        Assert.Equal(account.Id.ToString(), response.Header("Keygen-Account"));
        Assert.Equal(account.AdminId.ToString(), response.Header("Keygen-Bearer"));
        Assert.True(Guid.TryParse(response.Header("Keygen-Token"), out _));
        Assert.Equal("", response.Header("Keygen-Environment"));
        Assert.Equal("1.8", response.Header("Keygen-Version"));
        Assert.Equal("EE", response.Header("Keygen-Edition"));
        Assert.False(string.IsNullOrEmpty(response.Header("Keygen-Revision")));
        var cache = response.Headers.CacheControl!;
        Assert.True(cache.NoStore && cache.NoTransform && cache.MaxAge == TimeSpan.Zero, $"Cache-Control: {cache}");
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Header("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("1.3", "-Id")]
    [InlineData("1.4", "")]
    public async Task Api_1_3_and_older_name_the_ids_with_an_id_suffix(string version, string suffix)
    {
        var account = await app.CreateAccountAsync();
        var headers = new Dictionary<string, string> { ["Keygen-Version"] = version };

        var response = (await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path("products"), null, null, headers: headers)).Expect(200);

        Assert.Equal(account.Id.ToString(), response.Header("Keygen-Account" + suffix));
        Assert.Equal(account.AdminId.ToString(), response.Header("Keygen-Bearer" + suffix));
        Assert.Null(response.Header(suffix.Length == 0 ? "Keygen-Account-Id" : "Keygen-Account"));
    }
}

using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Profile;

public sealed class ReadingTheProfile(TestApp app)
{
    [Fact]
    public async Task Me_returns_the_admin_with_the_token_included()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).GetAsync(account.Path("me"));

        response.Expect(200);
        Assert.Equal("users", (string?)response.Data!["type"]);
        Assert.Equal(account.AdminId.ToString(), (string?)response.Data["id"]);
        var included = response.Json!["included"]!.AsArray();
        Assert.Equal(account.AdminTokenId.ToString(), (string?)included[0]!["id"]);
        Assert.Null(included[0]!["attributes"]!["token"]);
    }

    [Fact]
    public async Task Profile_returns_the_token_id_in_meta()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).GetAsync(account.Path("profile"));

        response.Expect(200);
        Assert.Equal(account.AdminTokenId.ToString(), (string?)response.Meta!["tokenId"]);
    }

    [Fact]
    public async Task Me_without_credentials_is_401_TOKEN_MISSING()
    {
        var account = await app.CreateAccountAsync();

        (await app.Anonymous.GetAsync(account.Path("me"))).ExpectError(401, code: "TOKEN_MISSING");
    }

    [Fact]
    public async Task An_unknown_license_key_is_401_LICENSE_INVALID()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.WithAuthorization("License not-a-real-key").GetAsync(account.Path("me"));

        response.ExpectError(401, code: "LICENSE_INVALID");
        Assert.StartsWith("License", response.Header("WWW-Authenticate"));
    }
}

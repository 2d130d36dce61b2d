using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Tokens;

public sealed class GeneratingTokens(TestApp app)
{
    [Fact]
    public async Task Basic_login_generates_an_admin_token_that_authenticates()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.WithAuthorization(ApiClient.Basic(account.AdminEmail, account.AdminPassword)).PostAsync(account.Path("tokens"));

        response.Expect(201);
        Assert.Equal("admin-token", response.Attribute("kind"));
        var secret = response.Attribute("token");
        Assert.Matches("^admin-[0-9a-f]{64}v3$", secret);
        Assert.Null(response.Data!["attributes"]!["expiry"]);
        (await app.Client(secret).GetAsync(account.Path("products"))).Expect(200);
    }

    [Fact]
    public async Task Only_a_digest_of_the_secret_is_stored()
    {
        var account = await app.CreateAccountAsync();

        var stored = await app.QueryAsync(db => db.Tokens.SingleAsync(t => t.Id == account.AdminTokenId));

        Assert.DoesNotContain(account.AdminToken, stored.Digest);
        Assert.Matches("^[0-9a-f]{64}$", stored.Digest);
    }

    [Theory]
    [InlineData("not-the-password", "PASSWORD_INVALID")]
    [InlineData("", "PASSWORD_REQUIRED")]
    public async Task Wrong_passwords_are_refused_with_their_code(string password, string code)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.WithAuthorization(ApiClient.Basic(account.AdminEmail, password)).PostAsync(account.Path("tokens"));

        var error = response.ExpectError(401, code: code);
        Assert.Equal("Authorization", (string?)error["source"]!["header"]);
        Assert.StartsWith("Basic", response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task An_unknown_email_is_refused()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.WithAuthorization(ApiClient.Basic("nobody@example.com", "whatever-123")).PostAsync(account.Path("tokens"));

        response.ExpectError(401, code: "EMAIL_INVALID");
    }

    [Fact]
    public async Task Api_version_1_7_collapses_password_errors()
    {
        var account = await app.CreateAccountAsync();
        var client = app.WithAuthorization(ApiClient.Basic(account.AdminEmail, "wrong-password"));

        var response = await client.SendRawAsync(HttpMethod.Post, account.Path("tokens"), null, null,
            headers: new Dictionary<string, string> { ["Keygen-Version"] = "1.7" });

        response.ExpectError(401, code: "CREDENTIALS_INVALID");
    }

    [Fact]
    public async Task A_token_of_another_account_is_invalid_here()
    {
        var mine = await app.CreateAccountAsync();
        var theirs = await app.CreateAccountAsync();

        var response = await app.Client(theirs.AdminToken).GetAsync(mine.Path("products"));

        response.ExpectError(401, code: "TOKEN_INVALID");
        Assert.Equal("Bearer realm=\"keygen\"", response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task A_token_id_sent_as_the_secret_has_an_invalid_format()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Client(account.AdminTokenId.ToString()).GetAsync(account.Path("products"));

        response.ExpectError(401, code: "TOKEN_FORMAT_INVALID");
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var account = await app.CreateAccountAsync();
        var expired = await app.Admin(account).PostAsync(account.Path("tokens"),
            new { data = new { type = "tokens", attributes = new { expiry = "2001-01-01T00:00:00Z" } } });
        expired.Expect(201);

        var response = await app.Client(expired.Attribute("token")).GetAsync(account.Path("products"));

        response.ExpectError(401, code: "TOKEN_EXPIRED");
    }

    [Fact]
    public async Task Listing_tokens_never_shows_secrets()
    {
        var account = await app.CreateAccountAsync();
        (await app.Admin(account).PostAsync(account.Path("tokens"))).Expect(201);

        var response = await app.Admin(account).GetAsync(account.Path("tokens"));

        response.Expect(200);
        var tokens = response.Data!.AsArray();
        Assert.True(tokens.Count >= 2);
        Assert.All(tokens, t => Assert.Null(t!["attributes"]!["token"]));
    }

    [Fact]
    public async Task Regenerating_replaces_the_secret_and_keeps_the_id()
    {
        var account = await app.CreateAccountAsync();
        var created = await app.Admin(account).PostAsync(account.Path("tokens"));
        var id = (string)created.Data!["id"]!;

        var regenerated = await app.Admin(account).PutAsync(account.Path($"tokens/{id}"));

        regenerated.Expect(200);
        Assert.Equal(id, (string?)regenerated.Data!["id"]);
        (await app.Client(created.Attribute("token")).GetAsync(account.Path("products"))).ExpectError(401, code: "TOKEN_INVALID");
        (await app.Client(regenerated.Attribute("token")).GetAsync(account.Path("products"))).Expect(200);
    }

    [Fact]
    public async Task Revoking_deletes_the_token()
    {
        var account = await app.CreateAccountAsync();
        var created = await app.Admin(account).PostAsync(account.Path("tokens"));
        var id = (string)created.Data!["id"]!;

        (await app.Admin(account).DeleteAsync(account.Path($"tokens/{id}"))).Expect(204);

        (await app.Client(created.Attribute("token")).GetAsync(account.Path("products"))).ExpectError(401, code: "TOKEN_INVALID");
        (await app.Admin(account).GetAsync(account.Path($"tokens/{id}"))).ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task Product_tokens_come_from_the_nested_route_with_status_200()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.Admin(account).PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = "App" } } });
        var productId = (string)product.Data!["id"]!;

        var response = await app.Admin(account).PostAsync(account.Path($"products/{productId}/tokens"));

        response.Expect(200);
        Assert.Equal("product-token", response.Attribute("kind"));
        Assert.StartsWith("prod-", response.Attribute("token"));
        Assert.Equal(productId, (string?)response.Data!["relationships"]!["bearer"]!["data"]!["id"]);
        var productToken = response.Attribute("token");
        (await app.Client(productToken).PostAsync(account.Path("tokens"))).ExpectError(403);
        (await app.Client(productToken).GetAsync(account.Path("products"))).ExpectError(403);
        (await app.Client(productToken).GetAsync(account.Path($"products/{productId}"))).Expect(200);
    }

    [Fact]
    public async Task Generating_records_a_token_generated_event()
    {
        var account = await app.CreateAccountAsync();

        var events = await app.QueryAsync(db => db.Events.Where(e => e.AccountId == account.Id && e.Name == "token.generated").CountAsync());

        Assert.Equal(1, events);
    }
}

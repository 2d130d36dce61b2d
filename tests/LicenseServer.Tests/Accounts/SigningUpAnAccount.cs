using System.Text;
using LicenseServer.Core.Accounts;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Accounts;

public sealed class SigningUpAnAccount(TestApp app)
{
    private static object SignupBody(string slug, object[]? admins = null) => new
    {
        data = new
        {
            type = "accounts",
            attributes = new { name = "Acme", slug },
            relationships = new { admins = new { data = admins ?? [new { type = "users", attributes = new { email = $"{slug}@example.com", password = "secret-123" } }] } },
        },
    };

    [Fact]
    public async Task Sign_up_creates_the_account_with_its_keys_and_a_location()
    {
        var slug = "acme-" + Guid.NewGuid().ToString("N")[..8];

        var response = await app.Anonymous.PostAsync("/v1/accounts", SignupBody(slug));

        response.Expect(201);
        Assert.Equal("accounts", (string?)response.Data!["type"]);
        Assert.Equal(slug, response.Attribute("slug"));
        Assert.Equal("SUBSCRIBED", response.Attribute("status"));
        var id = (string)response.Data["id"]!;
        Assert.EndsWith($"/v1/accounts/{id}", response.Header("Location"));
        var ed25519 = Encoding.UTF8.GetString(Convert.FromBase64String((string)response.Data["meta"]!["keys"]!["ed25519"]!));
        Assert.Matches("^[0-9a-f]{64}$", ed25519);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", Encoding.UTF8.GetString(Convert.FromBase64String((string)response.Data["meta"]!["publicKey"]!)));
    }

    [Fact]
    public async Task Founding_admin_gets_the_admin_role_and_a_bcrypt_password()
    {
        var slug = "bcrypt-" + Guid.NewGuid().ToString("N")[..8];
        (await app.Anonymous.PostAsync("/v1/accounts", SignupBody(slug))).Expect(201);

        var user = await app.QueryAsync(db => db.Users.SingleAsync(u => u.Email == $"{slug}@example.com"));

        Assert.Equal("admin", user.Role);
        Assert.StartsWith("$2", user.PasswordDigest);
        Assert.DoesNotContain("secret-123", user.PasswordDigest);
    }

    [Fact]
    public async Task Admins_are_required()
    {
        var response = await app.Anonymous.PostAsync("/v1/accounts", new { data = new { type = "accounts", attributes = new { slug = "no-admins-here" } } });

        response.ExpectError(400, pointer: "/data/relationships/admins");
    }

    [Fact]
    public async Task An_empty_admin_list_is_unprocessable()
    {
        var response = await app.Anonymous.PostAsync("/v1/accounts", SignupBody("empty-admins", []));

        response.ExpectError(422, code: "ADMINS_REQUIRED", pointer: "/data/relationships/admins");
    }

    [Theory]
    [InlineData("actions", "SLUG_NOT_ALLOWED")]
    [InlineData("5f0c4b2e6d1a4e3b9a8c7d6e5f4a3b2c", "SLUG_NOT_ALLOWED")]
    [InlineData("-leading-dash", "SLUG_INVALID")]
    [InlineData("has_underscore", "SLUG_INVALID")]
    public async Task Bad_slugs_are_refused(string slug, string code)
    {
        var response = await app.Anonymous.PostAsync("/v1/accounts", SignupBody(slug));

        response.ExpectError(422, code: code, pointer: "/data/attributes/slug");
    }

    [Fact]
    public async Task A_taken_slug_is_refused()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Anonymous.PostAsync("/v1/accounts", SignupBody(account.Slug));

        response.ExpectError(422, code: "SLUG_TAKEN", pointer: "/data/attributes/slug");
    }

    [Fact]
    public async Task A_plan_relationship_is_an_unpermitted_parameter()
    {
        var body = new
        {
            data = new
            {
                type = "accounts",
                attributes = new { slug = "with-plan" },
                relationships = new { plan = new { data = new { type = "plans", id = Guid.NewGuid() } } },
            },
        };

        var response = await app.Anonymous.PostAsync("/v1/accounts", body);

        response.ExpectError(400, pointer: "/data/relationships/plan");
    }

    [Fact]
    public async Task An_account_is_shown_by_slug_to_its_admin_and_not_to_anonymous()
    {
        var account = await app.CreateAccountAsync();

        var shown = await app.Admin(account).GetAsync($"/v1/accounts/{account.Slug}");
        var anonymous = await app.Anonymous.GetAsync($"/v1/accounts/{account.Slug}");

        shown.Expect(200);
        Assert.Equal(account.Id.ToString(), (string?)shown.Data!["id"]);
        anonymous.ExpectError(401, code: "TOKEN_MISSING");
    }

    [Fact]
    public async Task An_admin_updates_the_account_name()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PatchAsync(account.Path(), new { data = new { type = "accounts", attributes = new { name = "Renamed" } } });

        response.Expect(200);
        Assert.Equal("Renamed", response.Attribute("name"));
    }

    [Fact]
    public async Task Deleting_an_account_through_the_api_is_forbidden()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).DeleteAsync(account.Path());

        response.ExpectError(403);
    }

    [Fact]
    public async Task Sign_ups_are_refused_when_the_setting_is_off()
    {
        await using var closed = await TestApp.StartAsync(new Dictionary<string, string?> { ["Server:AllowSignups"] = "false" });

        var response = await closed.Anonymous.PostAsync("/v1/accounts", SignupBody("closed-server"));

        response.ExpectError(403, code: "SIGNUPS_DISABLED");
    }

    [Fact]
    public void Key_pairs_are_fresh_and_well_formed()
    {
        var first = AccountKeys.Generate();
        var second = AccountKeys.Generate();

        Assert.NotEqual(first.Ed25519PrivateKey, second.Ed25519PrivateKey);
        Assert.Matches("^[0-9a-f]{64}$", first.Ed25519PublicKey);
        Assert.Contains("BEGIN RSA PRIVATE KEY", first.RsaPrivateKey);
        Assert.Contains("BEGIN EC PRIVATE KEY", first.EcdsaPrivateKey);
    }
}

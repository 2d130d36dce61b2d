using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Environments;

/// <summary>The environments resource, its founding admins and its tokens (enterprise.md §1.1, §1.2, §1.4).</summary>
public sealed class ManagingEnvironments(TestApp app)
{
    [Theory]
    [InlineData("01a252d5-a6a7-7ad1-8f31-877d939d6a15", "CODE_INVALID", "is invalid")]
    [InlineData("actions", "CODE_NOT_ALLOWED", "is reserved")]
    [InlineData("Action", "CODE_NOT_ALLOWED", "is reserved")]
    [InlineData("SANDBOX", "CODE_TAKEN", "has already been taken")]
    public async Task A_code_that_looks_like_an_id_is_reserved_or_is_taken_in_any_case_is_refused(string code, string error, string detail)
    {
        var account = await app.CreateAccountAsync();
        (await app.Admin(account).PostAsync(account.Path("environments"), Body("Sandbox", "sandbox"))).Expect(201);

        var refused = await app.Admin(account).PostAsync(account.Path("environments"), Body("Other", code));

        Assert.Equal(detail, (string?)refused.ExpectError(422, error, "/data/attributes/code")["detail"]);
    }

    [Fact]
    public async Task The_isolation_strategy_is_chosen_once_and_the_code_is_matched_exactly()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var created = await admin.PostAsync(account.Path("environments"), Body("Sandbox", "Sandbox"));
        var id = (string)created.Expect(201).Data!["id"]!;

        Assert.Equal("ISOLATED", created.Attribute("isolationStrategy"));
        (await admin.PostAsync(account.Path("environments"), Body("Odd", "odd", "PARTIAL"))).ExpectError(422, "ISOLATION_STRATEGY_NOT_ALLOWED");
        (await admin.PatchAsync(account.Path($"environments/{id}"), new { data = new { type = "environments", attributes = new { isolationStrategy = "SHARED" } } }))
            .ExpectError(400, pointer: "/data/attributes/isolationStrategy");
        (await admin.GetAsync(account.Path("environments/Sandbox"))).Expect(200);
        Assert.Equal("The requested environment 'sandbox' was not found",
            (string?)(await admin.GetAsync(account.Path("environments/sandbox"))).ExpectError(404, "NOT_FOUND")["detail"]);
    }

    [Fact]
    public async Task Founding_admins_belong_to_the_environment_and_log_in_only_there()
    {
        var account = await app.CreateAccountAsync();
        var email = $"founder-{Guid.NewGuid():N}@example.com";
        var body = new
        {
            data = new
            {
                type = "environments",
                attributes = new { name = "Iso", code = "iso" },
                relationships = new { admins = new { data = new[] { new { type = "users", attributes = new { email, password = TestApp.Password } } } } },
            },
        };
        var id = (string)(await app.Admin(account).PostAsync(account.Path("environments"), body)).Expect(201).Data!["id"]!;
        var founder = app.WithAuthorization(ApiClient.Basic(email, TestApp.Password));

        var inside = await founder.PostAsync(account.Path("tokens?environment=iso"));
        var outside = await founder.PostAsync(account.Path("tokens"));

        Assert.Equal("admin-token", inside.Expect(201).Attribute("kind"));
        Assert.Equal(id, (string?)inside.Data!["relationships"]!["environment"]!["data"]!["id"]);
        Assert.Equal(401, outside.Status);
    }

    [Fact]
    public async Task More_than_ten_founding_admins_are_refused()
    {
        var account = await app.CreateAccountAsync();
        var admins = Enumerable.Range(0, 11).Select(i => new { type = "users", attributes = new { email = $"a{i}-{Guid.NewGuid():N}@example.com" } }).ToArray();
        var body = new { data = new { type = "environments", attributes = new { name = "Many", code = "many" }, relationships = new { admins = new { data = admins } } } };

        (await app.Admin(account).PostAsync(account.Path("environments"), body)).ExpectError(422, pointer: "/data/relationships/admins");
    }

    [Fact]
    public async Task An_environment_token_sees_the_environment_as_itself_and_not_the_accounts_management()
    {
        var account = await app.CreateAccountAsync();
        var id = (string)(await app.Admin(account).PostAsync(account.Path("environments"), Body("Iso", "iso"))).Expect(201).Data!["id"]!;
        var adminInside = await AdminTokenInAsync(account, id);
        var minted = await app.Client(adminInside).PostAsync(account.Path($"environments/{id}/tokens?environment=iso"));
        var token = minted.Expect(201).Attribute("token");
        var environment = app.Client(token);

        Assert.StartsWith("env-", token);
        Assert.Equal("environments", (string?)(await environment.GetAsync(account.Path("me?environment=iso"))).Expect(200).Data!["type"]);
        (await environment.GetAsync(account.Path("environments?environment=iso"))).ExpectError(403);
        (await environment.GetAsync(account.Path($"environments/{id}?environment=iso"))).Expect(200);
        (await environment.GetAsync(account.Path("users?roles[]=admin&environment=iso"))).ExpectError(403);
        (await environment.PatchAsync($"/v1/accounts/{account.Id}?environment=iso", new { data = new { type = "accounts", attributes = new { name = "X" } } })).ExpectError(403);
        (await environment.PostAsync(account.Path("products?environment=iso"), new { data = new { type = "products", attributes = new { name = "P" } } })).Expect(201);
        (await app.Client(adminInside).PostAsync(account.Path($"environments/{id}/tokens"))).ExpectError(401);
    }

    private async Task<string> AdminTokenInAsync(TestAccount account, string environment)
    {
        var body = new { data = new { type = "tokens", relationships = new { environment = new { data = new { type = "environments", id = environment } } } } };
        var response = await app.WithAuthorization(ApiClient.Basic(account.AdminEmail, account.AdminPassword)).PostAsync(account.Path("tokens"), body);
        return response.Expect(201).Attribute("token");
    }

    private static object Body(string name, string code, string? strategy = null) =>
        new { data = new { type = "environments", attributes = strategy is null ? (object)new { name, code } : new { name, code, isolationStrategy = strategy } } };
}

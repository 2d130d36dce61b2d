using LicenseServer.Tests.Infrastructure;
using static LicenseServer.Tests.Users.UserBuilders;

namespace LicenseServer.Tests.Users;

/// <summary>resources.md §21 "users" rows: what each kind of bearer may do to a user-role user (or an admin).</summary>
public sealed class UserAccessTable(TestApp app)
{
    [Theory]
    [InlineData("admin", "list", 200)]
    [InlineData("admin", "show", 200)]
    [InlineData("admin", "create", 201)]
    [InlineData("admin", "update", 200)]
    [InlineData("admin", "delete", 204)]
    [InlineData("admin", "ban", 200)]
    [InlineData("sales-agent", "list", 200)]
    [InlineData("sales-agent", "update", 200)]
    [InlineData("sales-agent", "delete", 403)]
    [InlineData("support-agent", "show", 200)]
    [InlineData("support-agent", "ban", 200)]
    [InlineData("read-only", "list", 200)]
    [InlineData("read-only", "show", 200)]
    [InlineData("read-only", "ban", 403)]
    [InlineData("product", "show", 200)]
    [InlineData("product", "create", 201)]
    [InlineData("product", "update", 200)]
    [InlineData("product", "delete", 204)]
    [InlineData("product", "ban", 200)]
    [InlineData("other-user", "show", 404)]
    [InlineData("other-user", "create", 403)]
    [InlineData("other-user", "update", 404)]
    [InlineData("other-user", "delete", 404)]
    [InlineData("anonymous", "list", 401)]
    [InlineData("anonymous", "show", 401)]
    [InlineData("anonymous", "create", 201)]
    [InlineData("anonymous", "update", 401)]
    [InlineData("anonymous", "ban", 401)]
    public async Task Bearers_act_on_a_user_role_user(string bearer, string action, int status)
    {
        var account = await app.CreateAccountAsync();
        var (target, _) = await app.CreateUserAsync(account);
        var client = await ClientAsync(account, bearer);

        var response = await ActAsync(client, account, action, target);

        response.Expect(status);
    }

    [Theory]
    [InlineData("developer", "show", 200)]
    [InlineData("developer", "update", 403)]
    [InlineData("developer", "delete", 403)]
    [InlineData("product", "show", 404)]
    [InlineData("product", "update", 404)]
    public async Task Nobody_acts_on_a_user_who_outranks_them(string bearer, string action, int status)
    {
        var account = await app.CreateAccountAsync();
        var (target, _) = await app.CreateUserAsync(account, "admin");
        var client = await ClientAsync(account, bearer);

        var response = await ActAsync(client, account, action, target);

        response.Expect(status);
    }

    [Fact]
    public async Task A_user_lists_and_reads_only_itself()
    {
        var account = await app.CreateAccountAsync();
        var (me, _, token) = await app.CreateUserWithTokenAsync(account);
        await app.CreateUserAsync(account);

        var listed = await app.Client(token).GetAsync(account.Path("users"));

        Assert.Equal([me], listed.Expect(200).Data!.AsArray().Select(u => (string?)u!["id"]));
        (await app.Client(token).GetAsync(account.Path($"users/{me}"))).Expect(200);
    }

    [Fact]
    public async Task Only_admins_set_roles()
    {
        var account = await app.CreateAccountAsync();
        var (_, _, developer) = await app.CreateUserWithTokenAsync(account, "developer");

        var response = await app.Client(developer).PostAsync(account.Path("users"), UserBody(new { email = "x@example.com", role = "admin" }));

        response.ExpectError(400, pointer: "/data/attributes/role");
    }

    [Fact]
    public async Task Sales_agents_may_not_set_passwords_on_update()
    {
        var account = await app.CreateAccountAsync();
        var (target, _) = await app.CreateUserAsync(account);
        var (_, _, sales) = await app.CreateUserWithTokenAsync(account, "sales-agent");

        var response = await app.Client(sales).PatchAsync(account.Path($"users/{target}"), UserBody(new { password = "another-one" }));

        response.ExpectError(400, pointer: "/data/attributes/password");
    }

    private async Task<ApiClient> ClientAsync(TestAccount account, string bearer) => bearer switch
    {
        "admin" => app.Admin(account),
        "anonymous" => app.Anonymous,
        "product" => app.Client(await app.ProductTokenAsync(account)),
        "other-user" => app.Client((await app.CreateUserWithTokenAsync(account)).Token),
        _ => app.Client((await app.CreateUserWithTokenAsync(account, bearer)).Token),
    };

    private static Task<ApiResponse> ActAsync(ApiClient client, TestAccount account, string action, string target) => action switch
    {
        "list" => client.GetAsync(account.Path("users")),
        "show" => client.GetAsync(account.Path($"users/{target}")),
        "create" => client.PostAsync(account.Path("users"), UserBody(new { email = $"new-{Guid.NewGuid():N}@example.com" })),
        "update" => client.PatchAsync(account.Path($"users/{target}"), UserBody(new { firstName = "Changed" })),
        "delete" => client.DeleteAsync(account.Path($"users/{target}")),
        "ban" => client.PostAsync(account.Path($"users/{target}/actions/ban")),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}

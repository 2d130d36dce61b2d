using LicenseServer.Api.Auth;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.AspNetCore.Routing;
using static LicenseServer.Tests.Users.UserBuilders;

namespace LicenseServer.Tests.Permissions;

/// <summary>
/// The check every route makes (enterprise.md §5.3, §5.4): the bearer, then its token, must hold the route's permission;
/// a record outside the bearer's scope stays a 404; a token never mints a broader one.
/// </summary>
public sealed class CheckingPermissions(TestApp app)
{
    private const string TokenLacks = "You do not have permission to complete the request (token lacks permission to perform action)";

    /// <summary>Routes every bearer may call whatever it holds: itself, and asking for a password reset.</summary>
    private static readonly string[] Unguarded = ["/me", "/profile", "/passwords", "/ping"];

    [Fact]
    public void Every_account_route_names_the_permissions_it_needs()
    {
        var unnamed = app.GetService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AccountScoped>() is not null && e.Metadata.GetMetadata<RequiredPermissions>() is null)
            .Select(e => e.RoutePattern.RawText!)
            .Where(route => !Unguarded.Any(route.EndsWith))
            .Distinct()
            .ToList();

        Assert.Empty(unnamed);
    }

    [Fact]
    public async Task A_token_without_the_routes_permission_is_refused_on_index_create_and_member_routes()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var license = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var readOnly = app.Client(await TokenWithAsync(account, "license.read"));

        (await readOnly.GetAsync(account.Path("licenses"))).Expect(200);
        (await readOnly.GetAsync(account.Path($"licenses/{license}"))).Expect(200);
        Assert.Equal(TokenLacks, Detail(await readOnly.PostAsync(account.Path($"licenses/{license}/actions/suspend"))));
        Assert.Equal(TokenLacks, Detail(await readOnly.GetAsync(account.Path("machines"))));
        Assert.Equal(TokenLacks, Detail(await readOnly.PostAsync(account.Path("licenses"), LicensingSetup.LicenseBody(policy))));
        var unchanged = await app.Admin(account).GetAsync(account.Path($"licenses/{license}"));
        Assert.Equal("ACTIVE", unchanged.Expect(200).Attribute("status"));
    }

    [Fact]
    public async Task A_record_the_bearer_cannot_see_is_a_404_even_when_the_permission_is_lacking()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var (userId, email, _) = await app.CreateUserWithTokenAsync(account);
        var own = (string)(await app.CreateLicenseAsync(account, policy, ownerId: userId)).Data!["id"]!;
        var other = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var token = await app.LoginAsync(account, email);
        var user = app.Client(token);

        Assert.Equal(403, (await user.PostAsync(account.Path($"licenses/{own}/actions/suspend"))).Status);
        (await user.PostAsync(account.Path($"licenses/{other}/actions/suspend"))).ExpectError(404, "NOT_FOUND");
    }

    [Fact]
    public async Task Acting_on_an_admin_also_needs_the_matching_admin_permission()
    {
        var account = await app.CreateAccountAsync();
        var (user, _) = await app.CreateUserAsync(account, "user");
        var usersOnly = app.Client(await TokenWithAsync(account, "user.read", "user.update"));

        (await usersOnly.GetAsync(account.Path($"users/{user}"))).Expect(200);
        (await usersOnly.GetAsync(account.Path("users"))).Expect(200);
        Assert.Equal(TokenLacks, Detail(await usersOnly.GetAsync(account.Path($"users/{account.AdminId}"))));
        Assert.Equal(TokenLacks, Detail(await usersOnly.GetAsync(account.Path("users?roles[]=admin"))));
        Assert.Equal(TokenLacks, Detail(await usersOnly.PatchAsync(account.Path($"users/{account.AdminId}"), UserBody(new { firstName = "X" }))));
    }

    [Fact]
    public async Task A_user_without_token_generate_cannot_log_in()
    {
        var account = await app.CreateAccountAsync();
        var (userId, email) = await app.CreateUserAsync(account, "user");
        await SetPermissionsAsync(account, userId, ["license.read"]);

        var login = await app.WithAuthorization(ApiClient.Basic(email, TestApp.Password)).PostAsync(account.Path("tokens"));

        Assert.Equal("You do not have permission to complete the request (user lacks permission to perform action)", Detail(login));
    }

    [Fact]
    public async Task A_restricted_token_mints_only_what_it_holds_and_passes_its_list_on()
    {
        var account = await app.CreateAccountAsync();
        var restricted = app.Client(await TokenWithAsync(account, "token.generate", "license.read"));

        var broader = await restricted.PostAsync(account.Path("tokens"), TokenBody("token.generate", "license.create"));
        var narrower = await restricted.PostAsync(account.Path("tokens"), TokenBody("license.read"));
        var inherited = await restricted.PostAsync(account.Path("tokens"), new { data = new { type = "tokens" } });

        broader.ExpectError(422, "PERMISSIONS_NOT_ALLOWED", "/data/attributes/permissions");
        Assert.Equal(["license.read"], Permissions(narrower.Expect(201)));
        Assert.Equal(["license.read", "token.generate"], Permissions(inherited.Expect(201)));
    }

    [Fact]
    public async Task A_restricted_admin_cannot_give_itself_a_permission_it_lacks()
    {
        var account = await app.CreateAccountAsync();
        var (adminId, email) = await app.CreateUserAsync(account, "admin");
        await SetPermissionsAsync(account, adminId, ["admin.read", "admin.update", "user.read", "user.update", "token.generate"]);
        var limited = app.Client(await app.LoginAsync(account, email));

        var escalate = await limited.PatchAsync(account.Path($"users/{adminId}"),
            UserBody(new { permissions = new[] { "admin.read", "admin.update", "admin.create", "user.read", "user.update", "token.generate" } }));

        Assert.Equal("You do not have permission to complete the request (admin lacks privileges to perform action on user)", Detail(escalate));
    }

    [Fact]
    public async Task Changing_a_role_keeps_only_what_the_new_roles_default_also_has()
    {
        var account = await app.CreateAccountAsync();
        var (id, _) = await app.CreateUserAsync(account, "developer");
        await SetPermissionsAsync(account, id, ["license.read", "product.create"]);

        var demoted = await app.Admin(account).PatchAsync(account.Path($"users/{id}"), UserBody(new { role = "user" }));

        Assert.Equal(["license.read"], Permissions(demoted.Expect(200)));
    }

    [Fact]
    public async Task The_last_full_admin_keeps_a_full_set_but_another_admin_may_be_narrowed()
    {
        var account = await app.CreateAccountAsync();
        var (second, _) = await app.CreateUserAsync(account, "admin");

        (await app.Admin(account).PatchAsync(account.Path($"users/{second}"), UserBody(new { permissions = new[] { "license.read" } }))).Expect(200);
        var last = await app.Admin(account).PatchAsync(account.Path($"users/{account.AdminId}"), UserBody(new { permissions = new[] { "license.read" } }));

        last.ExpectError(422, "ACCOUNT_ADMINS_REQUIRED", "/data/relationships/account");
    }

    [Fact]
    public async Task Only_admins_developers_and_products_set_permissions_and_products_only_on_licenses_and_users()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var productClient = app.Client(await app.ProductTokenAsync(account, product));
        var (_, _, salesToken) = await app.CreateUserWithTokenAsync(account, "sales-agent");
        var (user, _) = await app.CreateUserAsync(account, "user");
        var body = UserBody(new { permissions = new[] { "license.read" } });

        (await app.Client(salesToken).PatchAsync(account.Path($"users/{user}"), body)).ExpectError(400, pointer: "/data/attributes/permissions");
        var onProduct = await productClient.PatchAsync(account.Path($"products/{product}"),
            new { data = new { type = "products", attributes = new { permissions = new[] { "license.read" } } } });
        onProduct.ExpectError(400, pointer: "/data/attributes/permissions");
        var onSelfByAdmin = await app.Admin(account).PatchAsync(account.Path($"products/{product}"),
            new { data = new { type = "products", attributes = new { permissions = new[] { "license.read", "product.create" } } } });
        onSelfByAdmin.ExpectError(422, "PERMISSIONS_NOT_ALLOWED", "/data/attributes/permissions");
    }

    [Fact]
    public async Task The_default_user_permissions_setting_applies_to_users_created_afterwards()
    {
        var account = await app.CreateAccountAsync();
        var (before, _) = await app.CreateUserAsync(account, "user");
        var setting = new { data = new { type = "settings", attributes = new { key = "default_user_permissions", value = new[] { "license.validate", "user.read" } } } };

        (await app.Admin(account).PostAsync(account.Path("settings"), setting)).Expect(201);
        var (after, _) = await app.CreateUserAsync(account, "user");

        Assert.Equal(["license.validate", "user.read"], Permissions((await app.Admin(account).GetAsync(account.Path($"users/{after}"))).Expect(200)));
        Assert.Contains("license.check-in", Permissions((await app.Admin(account).GetAsync(account.Path($"users/{before}"))).Expect(200)));
        (await app.Admin(account).GetAsync(account.Path("settings/default_user_permissions"))).Expect(200);
    }

    [Theory]
    [InlineData("default_machine_permissions", "license.read", "/data/attributes/key")]
    [InlineData("default_license_permissions", "license.create", "/data/attributes/value")]
    [InlineData("default_user_permissions", "admin.read", "/data/attributes/value")]
    public async Task A_setting_with_an_unknown_key_or_a_permission_outside_its_role_is_refused(string key, string value, string pointer)
    {
        var account = await app.CreateAccountAsync();
        var setting = new { data = new { type = "settings", attributes = new { key, value = new[] { value } } } };

        var refused = await app.Admin(account).PostAsync(account.Path("settings"), setting);

        Assert.Equal(422, refused.Status);
        Assert.Equal(pointer, (string?)refused.FirstError!["source"]!["pointer"]);
    }

    private async Task<string> TokenWithAsync(TestAccount account, params string[] permissions)
    {
        var response = await app.WithAuthorization(ApiClient.Basic(account.AdminEmail, account.AdminPassword))
            .PostAsync(account.Path("tokens"), TokenBody(permissions));
        return response.Expect(201).Attribute("token");
    }

    private async Task SetPermissionsAsync(TestAccount account, string userId, string[] permissions) =>
        (await app.Admin(account).PatchAsync(account.Path($"users/{userId}"), UserBody(new { permissions }))).Expect(200);

    private static object TokenBody(params string[] permissions) => new { data = new { type = "tokens", attributes = new { permissions } } };

    private static string? Detail(ApiResponse response) => (string?)response.ExpectError(403)["detail"];

    private static List<string> Permissions(ApiResponse response) =>
        response.Data!["attributes"]!["permissions"]!.AsArray().Select(p => (string)p!).ToList();
}

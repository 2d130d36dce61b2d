using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Users;

/// <summary>Intent methods for user tests: users of a role, their tokens, product tokens.</summary>
public static class UserBuilders
{
    public static object UserBody(object attributes) => new { data = new { type = "users", attributes } };

    /// <summary>Creates a user through the admin and returns its id and e-mail (password <see cref="TestApp.Password"/>).</summary>
    public static async Task<(string Id, string Email)> CreateUserAsync(this TestApp app, TestAccount account, string role = "user")
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.com";
        var response = await app.Admin(account).PostAsync(account.Path("users"), UserBody(new { email, password = TestApp.Password, role }));
        response.Expect(201);
        return ((string)response.Data!["id"]!, email);
    }

    /// <summary>Logs a user in with HTTP Basic and returns the raw token.</summary>
    public static async Task<string> LoginAsync(this TestApp app, TestAccount account, string email, string password = TestApp.Password)
    {
        var response = await app.WithAuthorization(ApiClient.Basic(email, password)).PostAsync(account.Path("tokens"));
        response.Expect(201);
        return response.Attribute("token");
    }

    public static async Task<(string Id, string Email, string Token)> CreateUserWithTokenAsync(this TestApp app, TestAccount account, string role = "user")
    {
        var (id, email) = await app.CreateUserAsync(account, role);
        return (id, email, await app.LoginAsync(account, email));
    }

    public static async Task<string> ProductTokenAsync(this TestApp app, TestAccount account)
    {
        var product = await app.Admin(account).PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = "App" } } });
        var token = await app.Admin(account).PostAsync(account.Path($"products/{product.Expect(201).Data!["id"]}/tokens"));
        return token.Expect(200).Attribute("token");
    }

    /// <summary>Marks the account protected through the API (the server caches accounts).</summary>
    public static async Task ProtectAsync(this TestApp app, TestAccount account) =>
        (await app.Admin(account).PatchAsync(account.Path(), new { data = new { type = "accounts", attributes = new { @protected = true } } })).Expect(200);

    /// <summary>Event names in the order recorded: by time, then by id (time-ordered), as a stopped test clock gives ties.</summary>
    public static Task<List<string>> EventNamesAsync(this TestApp app, TestAccount account, string resourceType) =>
        app.QueryAsync(db => db.Events.Where(e => e.AccountId == account.Id && e.ResourceType == resourceType)
            .OrderBy(e => e.Created).ThenBy(e => e.Id).Select(e => e.Name).ToListAsync());
}

using LicenseServer.Core.Users;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Licenses;

/// <summary>Intent methods for licensing tests: products, policies, licenses and users of one account.</summary>
public static class LicensingSetup
{
    public static async Task<string> CreateProductAsync(this TestApp app, TestAccount account)
    {
        var response = await app.Admin(account).PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = "App" } } });
        return (string)response.Expect(201).Data!["id"]!;
    }

    public static async Task<string> CreatePolicyAsync(this TestApp app, TestAccount account, object? attributes = null, string? productId = null)
    {
        productId ??= await app.CreateProductAsync(account);
        var response = await app.Admin(account).PostAsync(account.Path("policies"), PolicyBody(productId, attributes ?? new { name = "Policy" }));
        return (string)response.Expect(201).Data!["id"]!;
    }

    public static object PolicyBody(string productId, object attributes) => new
    {
        data = new
        {
            type = "policies",
            attributes,
            relationships = new { product = new { data = new { type = "products", id = productId } } },
        },
    };

    public static object LicenseBody(string policyId, object? attributes = null, string? ownerId = null) => new
    {
        data = new
        {
            type = "licenses",
            attributes = attributes ?? new { },
            relationships = ownerId is null
                ? (object)new { policy = new { data = new { type = "policies", id = policyId } } }
                : new { policy = new { data = new { type = "policies", id = policyId } }, owner = new { data = new { type = "users", id = ownerId } } },
        },
    };

    public static async Task<ApiResponse> CreateLicenseAsync(this TestApp app, TestAccount account, string policyId, object? attributes = null, string? ownerId = null)
    {
        var response = await app.Admin(account).PostAsync(account.Path("licenses"), LicenseBody(policyId, attributes, ownerId));
        return response.Expect(201);
    }

    /// <summary>A user row inserted directly (the users resource is built elsewhere) with a user token for it.</summary>
    public static async Task<(string Id, string Token)> CreateUserAsync(this TestApp app, TestAccount account, bool banned = false)
    {
        var id = await app.QueryAsync(async db =>
        {
            var user = new User { AccountId = account.Id, Email = $"u-{Guid.NewGuid():N}@example.com", BannedAt = banned ? DateTime.UtcNow : null };
            user.SetPassword(TestApp.Password, db.Passwords);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return user.Id;
        });
        var email = await app.QueryAsync(db => Task.FromResult(db.Users.Single(u => u.Id == id).Email));
        var login = await app.WithAuthorization(ApiClient.Basic(email, TestApp.Password)).PostAsync(account.Path("tokens"));
        return (id.ToString(), banned ? string.Empty : login.Expect(201).Attribute("token"));
    }

    public static async Task<string> ProductTokenAsync(this TestApp app, TestAccount account, string productId)
    {
        var response = await app.Admin(account).PostAsync(account.Path($"products/{productId}/tokens"));
        return response.Expect(200).Attribute("token");
    }

    /// <summary>Events are written after the validation response is sent: wait (briefly) until they are there.</summary>
    public static async Task<List<T>> EventuallyAsync<T>(this TestApp app, Func<Core.Data.LicenseServerDb, Task<List<T>>> query, int atLeast = 1)
    {
        var found = new List<T>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            found = await app.QueryAsync(query);
            if (found.Count >= atLeast)
            {
                return found;
            }

            await Task.Delay(50);
        }

        return found;
    }
}

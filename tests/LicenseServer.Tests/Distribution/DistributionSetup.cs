using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Distribution;

/// <summary>Intent methods for distribution tests: products with a strategy, releases, packages, entitlements and license tokens.</summary>
public static class DistributionSetup
{
    public static async Task<string> CreateProductAsync(this TestApp app, TestAccount account, string strategy)
    {
        var body = new { data = new { type = "products", attributes = new { name = "App", distributionStrategy = strategy } } };
        return (string)(await app.Admin(account).PostAsync(account.Path("products"), body)).Expect(201).Data!["id"]!;
    }

    public static object ReleaseBody(string productId, string version, string? channel = null, string? packageId = null, string[]? entitlements = null,
        object? attributes = null) => new
        {
            data = new
            {
                type = "releases",
                attributes = attributes ?? new { version, channel = channel ?? ChannelOf(version) },
                relationships = new Dictionary<string, object>
                {
                    ["product"] = new { data = new { type = "products", id = productId } },
                    ["package"] = new { data = packageId is null ? null : new { type = "packages", id = packageId } },
                    ["constraints"] = new
                    {
                        data = (entitlements ?? []).Select(e => new
                        {
                            type = "constraints",
                            relationships = new { entitlement = new { data = new { type = "entitlements", id = e } } },
                        }),
                    },
                },
            },
        };

    /// <summary>Creates a release (a draft unless <paramref name="publish"/>) and returns its id.</summary>
    public static async Task<string> CreateReleaseAsync(this TestApp app, TestAccount account, string productId, string version, bool publish = true,
        string? packageId = null, string[]? entitlements = null)
    {
        var created = await app.Admin(account).PostAsync(account.Path("releases"), ReleaseBody(productId, version, packageId: packageId, entitlements: entitlements));
        var id = (string)created.Expect(201).Data!["id"]!;
        if (publish)
        {
            (await app.Admin(account).PostAsync(account.Path($"releases/{id}/actions/publish"))).Expect(200);
        }

        return id;
    }

    public static async Task<string> CreatePackageAsync(this TestApp app, TestAccount account, string productId, string key, string? engine = null)
    {
        var body = new
        {
            data = new
            {
                type = "packages",
                attributes = new { name = key, key, engine },
                relationships = new { product = new { data = new { type = "products", id = productId } } },
            },
        };
        return (string)(await app.Admin(account).PostAsync(account.Path("packages"), body)).Expect(201).Data!["id"]!;
    }

    public static async Task<string> CreateEntitlementAsync(this TestApp app, TestAccount account, string code)
    {
        var body = new { data = new { type = "entitlements", attributes = new { name = code, code } } };
        return (string)(await app.Admin(account).PostAsync(account.Path("entitlements"), body)).Expect(201).Data!["id"]!;
    }

    public static async Task AttachEntitlementAsync(this TestApp app, TestAccount account, string parent, string entitlementId) =>
        (await app.Admin(account).PostAsync(account.Path($"{parent}/entitlements"), new { data = new[] { new { type = "entitlements", id = entitlementId } } })).Expect(200);

    public static async Task<string> LicenseTokenAsync(this TestApp app, TestAccount account, string licenseId)
    {
        var response = await app.Admin(account).PostAsync(account.Path($"licenses/{licenseId}/tokens"), new { data = new { type = "tokens", attributes = new { } } });
        Assert.True(response.Status is 200 or 201, response.Body);
        return response.Attribute("token");
    }

    private static string ChannelOf(string version) =>
        version.Split('+')[0].Split('-') is [_, var prerelease] ? new string(prerelease.TakeWhile(char.IsAsciiLetter).ToArray()) : "stable";
}

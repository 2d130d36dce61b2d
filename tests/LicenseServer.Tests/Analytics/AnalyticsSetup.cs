using LicenseServer.Core.Events;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.RequestLogs;
using LicenseServer.Core.Users;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Analytics;

/// <summary>
/// Rows inserted directly for analytics tests: request logs and events as their writers will store them, and licenses and
/// users with a past (creation, activity, expiry) that the API cannot arrange.
/// </summary>
public static class AnalyticsSetup
{
    public static string Analytics(this TestAccount account, string route) => account.Path("analytics/" + route);

    public static Task InsertAsync(this TestApp app, params object[] rows) => app.QueryAsync(async db =>
    {
        db.AddRange(rows);
        return await db.SaveChangesAsync();
    });

    public static RequestLog Log(TestAccount account, DateTime at, int status = 200, string ip = "10.0.0.1", string method = "GET",
        string url = "/v1/licenses", string? userAgent = "app/1.0", Guid? license = null) => new()
        {
            AccountId = account.Id,
            Created = at,
            Url = url,
            Method = method,
            Status = status,
            Ip = ip,
            UserAgent = userAgent,
            ResourceType = license is null ? null : "licenses",
            ResourceId = license,
        };

    /// <summary>An event as recorded: its own resource, optionally a different logged record, and log metadata.</summary>
    public static Event Raised(TestAccount account, string name, DateTime at, Guid? resource = null, string? metadata = null,
        (string Type, Guid Id)? logged = null) => new()
        {
            AccountId = account.Id,
            Name = name,
            ResourceType = "licenses",
            ResourceId = resource ?? Guid.NewGuid(),
            Payload = "{}",
            LogMetadata = metadata,
            LogResourceType = logged?.Type,
            LogResourceId = logged?.Id,
            Created = at,
        };

    /// <summary>A validation event of a license with its result code, as the validation recorder logs it.</summary>
    public static Event Validated(TestAccount account, string code, DateTime at, Guid? license = null) =>
        Raised(account, code == "VALID" ? "license.validation.succeeded" : "license.validation.failed", at, license, $$"""{"code":"{{code}}"}""");

    /// <summary>A policy (with its product) to hang inserted licenses on.</summary>
    public static async Task<(Guid Policy, Guid Product)> PolicyAsync(this TestApp app, TestAccount account)
    {
        var policy = Guid.Parse(await app.CreatePolicyAsync(account));
        var product = await app.QueryAsync(db => db.Policies.Where(p => p.Id == policy).Select(p => p.ProductId).SingleAsync());
        return (policy, product);
    }

    public static License License(TestAccount account, (Guid Policy, Guid Product) policy, DateTime created, Guid? owner = null, DateTime? expiry = null)
    {
        var key = Guid.NewGuid().ToString("N");
        return new License
        {
            AccountId = account.Id,
            PolicyId = policy.Policy,
            ProductId = policy.Product,
            OwnerId = owner,
            Key = key,
            KeyDigest = key,
            Created = created,
            Expiry = expiry,
        };
    }

    public static User EndUser(TestAccount account, DateTime created, bool banned = false, string role = Roles.User) => new()
    {
        AccountId = account.Id,
        Email = $"{Guid.NewGuid():N}@example.com",
        Role = role,
        Created = created,
        BannedAt = banned ? created : null,
    };
}

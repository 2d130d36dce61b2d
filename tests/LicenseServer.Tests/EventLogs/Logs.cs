using System.Text.Json.Nodes;
using LicenseServer.Core.Users;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.EventLogs;

/// <summary>Steps the event and request log tests share: waiting for the logs written after a response, and role users.</summary>
internal static class Logs
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>The items of <paramref name="path"/> (an index with its query) once <paramref name="ready"/> holds for them; fails otherwise.</summary>
    public static async Task<JsonArray> EventuallyAsync(TestApp app, TestAccount account, string path, Func<JsonArray, bool> ready)
    {
        JsonArray items = [];
        var found = await Poll.UntilAsync(async () =>
        {
            var response = await app.Admin(account).GetAsync(account.Path(path));
            items = response.Expect(200).Data!.AsArray();
            return ready(items);
        }, Wait);
        Assert.True(found, $"{path} never showed what was expected: {items.ToJsonString()}");
        return items;
    }

    /// <summary>The request log of the request whose response carried <paramref name="requestId"/>, once written (the show route).</summary>
    public static async Task<JsonNode> RequestLogAsync(TestApp app, TestAccount account, string requestId)
    {
        ApiResponse? shown = null;
        var found = await Poll.UntilAsync(async () =>
        {
            shown = await app.Admin(account).GetAsync(account.Path($"request-logs/{requestId}"));
            return shown.Status == 200;
        }, Wait);
        Assert.True(found, $"request log {requestId} was never written: {shown?.Body}");
        return shown!.Data!;
    }

    /// <summary>The event logs of <paramref name="eventName"/>, once at least one is there.</summary>
    public static Task<JsonArray> EventLogsAsync(TestApp app, TestAccount account, string eventName) =>
        EventuallyAsync(app, account, $"event-logs?event={eventName}&limit=100", items => items.Count > 0);

    /// <summary>A user of <paramref name="role"/> with a token.</summary>
    public static async Task<(Guid Id, string Token)> RoleUserAsync(TestApp app, TestAccount account, string role)
    {
        var user = await app.QueryAsync(async db =>
        {
            var user = new User { AccountId = account.Id, Email = $"{role}-{Guid.NewGuid():N}@example.com", Role = role };
            user.SetPassword(TestApp.Password, db.Passwords);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return user;
        });
        var login = await app.WithAuthorization(ApiClient.Basic(user.Email, TestApp.Password)).PostAsync(account.Path("tokens"));
        return (user.Id, login.Expect(201).Attribute("token"));
    }

    public static string? Id(JsonNode item, string relationship) => (string?)item["relationships"]?[relationship]?["data"]?["id"];

    public static string? Type(JsonNode item, string relationship) => (string?)item["relationships"]?[relationship]?["data"]?["type"];
}

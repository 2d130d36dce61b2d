using LicenseServer.Api.Webhooks;
using LicenseServer.Core.Webhooks;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace LicenseServer.Tests.Webhooks;

/// <summary>Bodies and steps the webhook tests share.</summary>
internal static class Hooks
{
    public static object Endpoint(string url, string[]? subscriptions = null, string? signatureAlgorithm = null)
    {
        var attributes = new Dictionary<string, object> { ["url"] = url };
        if (subscriptions is not null)
        {
            attributes["subscriptions"] = subscriptions;
        }

        if (signatureAlgorithm is not null)
        {
            attributes["signatureAlgorithm"] = signatureAlgorithm;
        }

        return new { data = new { type = "webhook-endpoints", attributes } };
    }

    public static object Product(string name) => new { data = new { type = "products", attributes = new { name } } };

    public static async Task<Guid> CreateEndpointAsync(TestApp app, TestAccount account, string url, params string[] subscriptions)
    {
        var response = await app.Admin(account).PostAsync(account.Path("webhook-endpoints"), Endpoint(url, subscriptions.Length == 0 ? null : subscriptions));
        response.Expect(201);
        return Guid.Parse(response.Data!["id"]!.GetValue<string>());
    }

    public static async Task<Guid> CreateProductAsync(TestApp app, TestAccount account, string name = "App")
    {
        var response = await app.Admin(account).PostAsync(account.Path("products"), Product(name));
        response.Expect(201);
        return Guid.Parse(response.Data!["id"]!.GetValue<string>());
    }

    public static Task<List<WebhookEvent>> EventsAsync(TestApp app, TestAccount account) =>
        app.QueryAsync(db => db.WebhookEvents.AsNoTracking().Where(e => e.AccountId == account.Id).OrderBy(e => e.Created).ToListAsync());

    public static Task<WebhookEvent> EventAsync(TestApp app, Guid id) =>
        app.QueryAsync(db => db.WebhookEvents.AsNoTracking().SingleAsync(e => e.Id == id));

    /// <summary>Runs the delivery job once, as a Hangfire worker would, with a stub receiver and a given clock.</summary>
    public static Task<bool> DeliverAsync(TestApp app, Guid id, StubHttpHandler receiver, IWebhookQueue queue, TimeProvider clock) =>
        app.QueryAsync(async db =>
        {
            using var http = new HttpClient(receiver);
            await new WebhookDeliveryJob(http, db, queue, clock, WebhookEventSerializer.Document, NullLogger<WebhookDeliveryJob>.Instance).RunAsync(id, CancellationToken.None);
            return true;
        });
}

using System.Text;
using System.Text.Json;
using LicenseServer.Core.Data;
using LicenseServer.Core.Events;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Webhooks;

/// <summary>
/// Turns the events added in a change into one <see cref="WebhookEvent"/> per subscribed endpoint, in the
/// same change (so in the same transaction). The endpoints of the accounts involved are loaded with one query.
/// </summary>
public static class WebhookFanOut
{
    public static async Task AddAsync(LicenseServerDb db, ISet<Event> done, CancellationToken ct)
    {
        var events = Pending(db, done);
        if (events.Count == 0)
        {
            return;
        }

        var accountIds = events.Select(e => e.AccountId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => accountIds.Contains(e.AccountId)).ToListAsync(ct);
        Add(db, events, endpoints, done);
    }

    public static void Add(LicenseServerDb db, ISet<Event> done)
    {
        var events = Pending(db, done);
        if (events.Count == 0)
        {
            return;
        }

        var accountIds = events.Select(e => e.AccountId).Distinct().ToList();
        var endpoints = db.WebhookEndpoints.AsNoTracking().Where(e => accountIds.Contains(e.AccountId)).ToList();
        Add(db, events, endpoints, done);
    }

    private static List<Event> Pending(LicenseServerDb db, ISet<Event> done) =>
        db.ChangeTracker.Entries<Event>().Where(e => e.State == EntityState.Added && !done.Contains(e.Entity)).Select(e => e.Entity).ToList();

    private static void Add(LicenseServerDb db, List<Event> events, List<WebhookEndpoint> endpoints, ISet<Event> done)
    {
        var now = db.Now();
        foreach (var recorded in events)
        {
            done.Add(recorded);
            Guid? product = null;
            var productKnown = false;
            foreach (var endpoint in endpoints)
            {
                if (endpoint.AccountId != recorded.AccountId || !endpoint.Subscribes(recorded.Name))
                {
                    continue;
                }

                if (endpoint.ProductId is { } productId)
                {
                    if (!productKnown)
                    {
                        product = ProductOf(recorded);
                        productKnown = true;
                    }

                    if (product != productId)
                    {
                        continue;
                    }
                }

                db.WebhookEvents.Add(new WebhookEvent
                {
                    AccountId = recorded.AccountId,
                    EndpointId = endpoint.Id,
                    Endpoint = endpoint.Url,
                    ApiVersion = endpoint.ApiVersion,
                    Event = recorded.Name,
                    Payload = Document(recorded),
                    IdempotencyToken = WebhookEvent.NewIdempotencyToken(),
                    NextAttemptAt = now,
                });
            }
        }
    }

    /// <summary>The payload: <c>{"data": resource, "meta": …}</c>, rendered once when the event is raised.</summary>
    public static string Document(Event recorded)
    {
        var sb = new StringBuilder(recorded.Payload.Length + 32);
        sb.Append("{\"data\":").Append(recorded.Payload);
        if (recorded.Meta is not null)
        {
            sb.Append(",\"meta\":").Append(recorded.Meta);
        }

        return sb.Append('}').ToString();
    }

    /// <summary>
    /// The product a resource belongs to, for product-scoped endpoints: the product itself, the product
    /// of its <c>product</c> relationship, or the product bearer of a token. Null when it has none.
    /// </summary>
    public static Guid? ProductOf(Event recorded)
    {
        if (recorded.ResourceType == "products")
        {
            return recorded.ResourceId;
        }

        try
        {
            using var json = JsonDocument.Parse(recorded.Payload);
            var resources = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.EnumerateArray().ToList() : [json.RootElement];
            foreach (var resource in resources)
            {
                if (resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("relationships", out var relationships)
                    && relationships.ValueKind == JsonValueKind.Object)
                {
                    foreach (var name in (string[])["product", "bearer"])
                    {
                        if (relationships.TryGetProperty(name, out var relationship) && relationship.ValueKind == JsonValueKind.Object
                            && relationship.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                            && data.TryGetProperty("type", out var type) && type.GetString() == "products"
                            && data.TryGetProperty("id", out var id) && Guid.TryParse(id.GetString(), out var productId))
                        {
                            return productId;
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}

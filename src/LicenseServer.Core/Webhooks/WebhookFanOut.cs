using System.Text;
using System.Text.Json;
using LicenseServer.Core.Events;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Versions;

namespace LicenseServer.Core.Webhooks;

/// <summary>
/// Turns the events added in a change into one <see cref="WebhookEvent"/> per subscribed endpoint, in the
/// same change (so in the same transaction), its payload migrated to the endpoint's API version
/// (<see cref="DocumentMigrations"/>). The endpoints of the accounts involved are loaded with one query.
/// </summary>
public static class WebhookFanOut
{
    public static Task AddAsync(LicenseServerDb db, ISet<Event> done, CancellationToken ct) => AddAsync(db, Pending(db, done), done, ct);

    /// <summary>Fans out events that were written outside the change tracker (in bulk, by the validation log) into this change.</summary>
    public static Task AddForAsync(LicenseServerDb db, List<Event> events, CancellationToken ct) => AddAsync(db, events, new HashSet<Event>(), ct);

    private static async Task AddAsync(LicenseServerDb db, List<Event> events, ISet<Event> done, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }

        var accountIds = events.Select(e => e.AccountId).Distinct().ToList();
        // Every environment's endpoints: an event goes to the endpoints of its own environment only (enterprise.md §2.5).
        var endpoints = await db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking().Where(e => accountIds.Contains(e.AccountId)).ToListAsync(ct);
        var deliveries = Select(events, endpoints, done);
        var owners = TrackedLicenseOwners(db, deliveries, out var missing);
        if (missing.Count > 0)
        {
            var stored = await db.Licenses.AsNoTracking().Where(l => missing.Contains(l.Id)).Select(l => new { l.Id, l.OwnerId }).ToListAsync(ct);
            stored.ForEach(l => owners[l.Id] = l.OwnerId);
        }

        Add(db, deliveries, owners);
    }

    private static List<Event> Pending(LicenseServerDb db, ISet<Event> done) =>
        db.ChangeTracker.Entries<Event>().Where(e => e.State == EntityState.Added && !done.Contains(e.Entity)).Select(e => e.Entity).ToList();

    /// <summary>Each event with the endpoints that get it: same account, subscribed, and (product-scoped) same product.</summary>
    private static List<(Event Event, List<WebhookEndpoint> Endpoints)> Select(List<Event> events, List<WebhookEndpoint> endpoints, ISet<Event> done)
    {
        var deliveries = new List<(Event, List<WebhookEndpoint>)>(events.Count);
        foreach (var recorded in events)
        {
            done.Add(recorded);
            Guid? product = null;
            var productKnown = false;
            var subscribed = new List<WebhookEndpoint>();
            foreach (var endpoint in endpoints)
            {
                if (endpoint.AccountId != recorded.AccountId || endpoint.EnvironmentId != recorded.EnvironmentId || !endpoint.Subscribes(recorded.Name))
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

                subscribed.Add(endpoint);
            }

            if (subscribed.Count > 0)
            {
                deliveries.Add((recorded, subscribed));
            }
        }

        return deliveries;
    }

    /// <summary>
    /// The owners of the licenses of machine events bound for API ≤1.5 endpoints (their machines show the license
    /// owner as <c>user</c>), from the licenses tracked in this change; <paramref name="missing"/> is left to query.
    /// </summary>
    private static Dictionary<Guid, Guid?> TrackedLicenseOwners(LicenseServerDb db, List<(Event Event, List<WebhookEndpoint> Endpoints)> deliveries,
        out List<Guid> missing)
    {
        var owners = new Dictionary<Guid, Guid?>();
        missing = [];
        var licenseIds = deliveries
            .Where(d => d.Event.ResourceType == "machines" && d.Endpoints.Any(e => DocumentMigrations.ShowsMachineUser(e.ApiVersion)))
            .SelectMany(d => DocumentMigrations.MachineLicenseIds(Document(d.Event)))
            .ToHashSet();
        if (licenseIds.Count == 0)
        {
            return owners;
        }

        foreach (var entry in db.ChangeTracker.Entries<License>().Where(e => licenseIds.Contains(e.Entity.Id)))
        {
            owners[entry.Entity.Id] = entry.Entity.OwnerId;
        }

        missing = licenseIds.Where(id => !owners.ContainsKey(id)).ToList();
        return owners;
    }

    /// <summary>One webhook event per endpoint, its payload migrated to the endpoint's API version (each version rendered once).</summary>
    private static void Add(LicenseServerDb db, List<(Event Event, List<WebhookEndpoint> Endpoints)> deliveries, Dictionary<Guid, Guid?> licenseOwners)
    {
        var now = db.Now();
        foreach (var (recorded, endpoints) in deliveries)
        {
            var document = Document(recorded);
            var payloads = new Dictionary<string, string>();
            foreach (var endpoint in endpoints)
            {
                if (!payloads.TryGetValue(endpoint.ApiVersion, out var payload))
                {
                    payload = DocumentMigrations.Migrate(document, recorded.Name, endpoint.ApiVersion, licenseOwners);
                    payloads[endpoint.ApiVersion] = payload;
                }

                db.WebhookEvents.Add(new WebhookEvent
                {
                    AccountId = recorded.AccountId,
                    EnvironmentId = recorded.EnvironmentId,
                    EndpointId = endpoint.Id,
                    Endpoint = endpoint.Url,
                    ApiVersion = endpoint.ApiVersion,
                    Event = recorded.Name,
                    Payload = payload,
                    IdempotencyToken = WebhookEvent.NewIdempotencyToken(),
                    NextAttemptAt = now,
                    Created = now,
                    Updated = now,
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

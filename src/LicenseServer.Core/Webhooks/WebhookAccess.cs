using LicenseServer.Core.Access;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Webhooks;

/// <summary>
/// Who may see and change webhook endpoints and events (resources.md §21, behaviour.md §6.5): admins and
/// developers everything, read-only users read, a product its own product-scoped endpoints and their events.
/// </summary>
public static class WebhookAccess
{
    public static bool CanRead(Bearer bearer) => bearer.IsAdmin || bearer.Role == Roles.ReadOnly || bearer.IsProduct;

    public static bool CanWriteEndpoints(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    public static bool CanRetryOrDeleteEvents(Bearer bearer) => bearer.IsAdmin;

    public static IQueryable<WebhookEndpoint> Scope(IQueryable<WebhookEndpoint> endpoints, Bearer bearer) =>
        bearer.IsAdmin || bearer.Role == Roles.ReadOnly ? endpoints
        : bearer.IsProduct ? endpoints.Where(e => e.ProductId == bearer.Id)
        : endpoints.Where(_ => false);

    /// <summary>A product sees the events of its own endpoints.</summary>
    public static IQueryable<WebhookEvent> Scope(IQueryable<WebhookEvent> events, IQueryable<WebhookEndpoint> endpoints, Bearer bearer) =>
        bearer.IsAdmin || bearer.Role == Roles.ReadOnly ? events
        : bearer.IsProduct ? events.Where(e => endpoints.Any(p => p.Id == e.EndpointId && p.ProductId == bearer.Id))
        : events.Where(_ => false);
}

namespace LicenseServer.Core.Webhooks;

/// <summary>
/// Who may see and change webhook endpoints and events (resources.md §21, behaviour.md §6.5): admins and
/// developers everything, read-only users read, a product its own product-scoped endpoints and their events.
/// </summary>
public static class WebhookAccess
{
    /// <summary><c>webhook-endpoint.read</c>: admins, developers, read-only users and products (inside <see cref="Scope(IQueryable{WebhookEndpoint}, Bearer)"/>).</summary>
    public static bool CanReadEndpoints(Bearer bearer) => bearer.IsAdmin || bearer.IsReadOnly || bearer.IsProduct;

    /// <summary><c>webhook-endpoint.create</c>: admins, developers and products.</summary>
    public static bool CanCreateEndpoint(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    /// <summary><c>webhook-endpoint.update</c>: as <see cref="CanCreateEndpoint"/>.</summary>
    public static bool CanUpdateEndpoint(Bearer bearer) => CanCreateEndpoint(bearer);

    /// <summary><c>webhook-endpoint.delete</c>: as <see cref="CanCreateEndpoint"/>.</summary>
    public static bool CanDeleteEndpoint(Bearer bearer) => CanCreateEndpoint(bearer);

    /// <summary>The product a webhook endpoint is scoped to: a product bearer only names itself.</summary>
    public static bool CanScopeEndpointTo(Bearer bearer, Guid? productId) => !bearer.IsProduct || productId == bearer.Id;

    /// <summary><c>webhook-event.read</c>: as <see cref="CanReadEndpoints"/>.</summary>
    public static bool CanReadEvents(Bearer bearer) => CanReadEndpoints(bearer);

    /// <summary><c>webhook-event.retry</c>: admins and developers.</summary>
    public static bool CanRetryEvent(Bearer bearer) => bearer.IsAdmin;

    /// <summary><c>webhook-event.delete</c>: as <see cref="CanRetryEvent"/>.</summary>
    public static bool CanDeleteEvent(Bearer bearer) => CanRetryEvent(bearer);

    public static IQueryable<WebhookEndpoint> Scope(IQueryable<WebhookEndpoint> endpoints, Bearer bearer) =>
        bearer.IsAdmin || bearer.IsReadOnly ? endpoints
        : bearer.IsProduct ? endpoints.Where(e => e.ProductId == bearer.Id)
        : endpoints.Where(_ => false);

    /// <summary>A product sees the events of its own endpoints.</summary>
    public static IQueryable<WebhookEvent> Scope(IQueryable<WebhookEvent> events, IQueryable<WebhookEndpoint> endpoints, Bearer bearer) =>
        bearer.IsAdmin || bearer.IsReadOnly ? events
        : bearer.IsProduct ? events.Where(e => endpoints.Any(p => p.Id == e.EndpointId && p.ProductId == bearer.Id))
        : events.Where(_ => false);
}

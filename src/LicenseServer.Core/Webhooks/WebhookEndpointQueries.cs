namespace LicenseServer.Core.Webhooks;

/// <summary>Finding webhook endpoints inside the caller's scope.</summary>
public static class WebhookEndpointQueries
{
    /// <summary>A webhook endpoint of the account by id, inside the bearer's scope; 404 otherwise.</summary>
    public static Task<WebhookEndpoint> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(WebhookAccess.Scope(db.WebhookEndpoints.Where(e => e.AccountId == accountId), bearer), "webhook endpoint", id, ct, track);
}

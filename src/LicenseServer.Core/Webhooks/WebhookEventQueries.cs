namespace LicenseServer.Core.Webhooks;

/// <summary>Finding webhook events inside the caller's scope.</summary>
public static class WebhookEventQueries
{
    /// <summary>The account's webhook events the bearer sees (those of the endpoints it sees).</summary>
    public static IQueryable<WebhookEvent> Scope(LicenseServerDb db, Guid accountId, Bearer bearer) =>
        WebhookAccess.Scope(db.WebhookEvents.Where(e => e.AccountId == accountId), db.WebhookEndpoints, bearer);

    /// <summary>A webhook event of the account by id, inside the bearer's scope; 404 otherwise.</summary>
    public static Task<WebhookEvent> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(Scope(db, accountId, bearer), "webhook event", id, ct, track);
}

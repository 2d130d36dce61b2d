using LicenseServer.Core.Webhooks;

namespace LicenseServer.Api.Webhooks;

/// <summary><c>webhook-events</c>: list, show, delete and retry (resources.md §20).</summary>
public static class WebhookEventEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var events = account.MapGroup("/webhook-events");
        events.MapGet("", IndexAsync).Requires("webhook-event.read");
        events.MapGet("/{id}", ShowAsync).Requires("webhook-event.read");
        events.MapDelete("/{id}", DestroyAsync).Requires("webhook-event.delete");
        events.MapPost("/{id}/actions/retry", RetryAsync).Requires("webhook-event.retry");
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        var bearer = caller.Require(WebhookAccess.CanReadEvents);
        var paging = Paging.Parse(caller.Http.Request);
        var query = WebhookEventQueries.Scope(db, caller.AccountId, bearer).AsNoTracking();
        var names = caller.Http.Request.Query["events[]"].Concat(caller.Http.Request.Query["events"]).OfType<string>().ToList();
        if (names.Count > 0)
        {
            query = query.Where(e => names.Contains(e.Event));
        }

        var (items, links) = await paging.ApplyAsync(query, caller.Http, countPages: false);
        return JsonApiResults.List(items, WebhookEventSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        var bearer = caller.Require(WebhookAccess.CanReadEvents);
        var webhookEvent = await WebhookEventQueries.FindAsync(db, caller.AccountId, bearer, id, caller.Aborted, track: false);
        return JsonApiResults.Resource(webhookEvent, WebhookEventSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var bearer = caller.Require(WebhookAccess.CanReadEvents);
        var webhookEvent = await WebhookEventQueries.FindAsync(db, caller.AccountId, bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(WebhookAccess.CanDeleteEvent(bearer));

        db.WebhookEvents.Remove(webhookEvent);
        await db.SaveChangesAsync(caller.Aborted);
        return JsonApiResults.NoContent();
    }

    /// <summary>A new event with the same endpoint, payload and idempotency token, queued for delivery.</summary>
    private static async Task<IResult> RetryAsync(Caller caller, LicenseServerDb db, string id)
    {
        var bearer = caller.Require(WebhookAccess.CanReadEvents);
        var original = await WebhookEventQueries.FindAsync(db, caller.AccountId, bearer, id, caller.Aborted, track: false);
        Forbidden.Unless(WebhookAccess.CanRetryEvent(bearer));

        var endpoint = original.EndpointId is { } endpointId
            ? await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == caller.AccountId && e.Id == endpointId, caller.Aborted)
            : null;
        if (endpoint is null)
        {
            throw DomainError.Unprocessable("webhook event failed to retry");
        }

        var retry = new WebhookEvent
        {
            AccountId = original.AccountId,
            EndpointId = endpoint.Id,
            Endpoint = original.Endpoint,
            ApiVersion = original.ApiVersion,
            Event = original.Event,
            Payload = original.Payload,
            IdempotencyToken = original.IdempotencyToken,
            NextAttemptAt = db.Now(),
        };
        db.WebhookEvents.Add(retry);
        await db.SaveChangesAsync(caller.Aborted);
        return JsonApiResults.Created(caller.Http, retry, WebhookEventSerializer.Write, Links.Resource(retry.AccountId, WebhookEventSerializer.Type, retry.Id));
    }
}

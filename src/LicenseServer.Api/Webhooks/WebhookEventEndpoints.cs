using LicenseServer.Api.Auth;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Access;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Webhooks;

/// <summary><c>webhook-events</c>: list, show, delete and retry (resources.md §20).</summary>
public static class WebhookEventEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var events = account.MapGroup("/webhook-events");
        events.MapGet("", IndexAsync);
        events.MapGet("/{id}", ShowAsync);
        events.MapDelete("/{id}", DestroyAsync);
        events.MapPost("/{id}/actions/retry", RetryAsync);
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = Require(context, WebhookAccess.CanReadEvents);
        var paging = Paging.Parse(http.Request);
        var query = Scope(db, context, bearer).AsNoTracking();
        var names = http.Request.Query["events[]"].Concat(http.Request.Query["events"]).OfType<string>().ToList();
        if (names.Count > 0)
        {
            query = query.Where(e => names.Contains(e.Event));
        }

        var (items, links) = await paging.ApplyAsync(query, http, countPages: false);
        return JsonApiResults.List(items, WebhookEventSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = Require(context, WebhookAccess.CanReadEvents);
        var webhookEvent = await FindAsync(Scope(db, context, bearer).AsNoTracking(), id, http.RequestAborted);
        return JsonApiResults.Resource(webhookEvent, WebhookEventSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = Require(context, WebhookAccess.CanReadEvents);
        var webhookEvent = await FindAsync(Scope(db, context, bearer), id, http.RequestAborted);
        if (!WebhookAccess.CanDeleteEvent(bearer))
        {
            throw DomainError.Forbidden();
        }

        db.WebhookEvents.Remove(webhookEvent);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
    }

    /// <summary>A new event with the same endpoint, payload and idempotency token, queued for delivery.</summary>
    private static async Task<IResult> RetryAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = Require(context, WebhookAccess.CanReadEvents);
        var original = await FindAsync(Scope(db, context, bearer).AsNoTracking(), id, http.RequestAborted);
        if (!WebhookAccess.CanRetryEvent(bearer))
        {
            throw DomainError.Forbidden();
        }

        var endpoint = original.EndpointId is { } endpointId
            ? await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == context.Account.Id && e.Id == endpointId, http.RequestAborted)
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
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Created(http, retry, WebhookEventSerializer.Write, Links.Resource(retry.AccountId, WebhookEventSerializer.Type, retry.Id));
    }

    private static IQueryable<WebhookEvent> Scope(LicenseServerDb db, RequestContext context, Bearer bearer) =>
        WebhookAccess.Scope(db.WebhookEvents.Where(e => e.AccountId == context.Account.Id), db.WebhookEndpoints, bearer);

    private static Bearer Require(RequestContext context, Func<Bearer, bool> allowed)
    {
        var bearer = context.RequireBearer();
        return allowed(bearer) ? bearer : throw DomainError.Forbidden();
    }

    private static async Task<WebhookEvent> FindAsync(IQueryable<WebhookEvent> query, string id, CancellationToken ct)
    {
        var webhookEvent = Ids.TryParse(id, out var uuid) ? await query.FirstOrDefaultAsync(e => e.Id == uuid, ct) : null;
        return webhookEvent ?? throw DomainError.NotFound("webhook event", id);
    }
}

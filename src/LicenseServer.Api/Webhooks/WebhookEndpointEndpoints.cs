using LicenseServer.Api.Auth;
using LicenseServer.Api.Configuration;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.Webhooks;

/// <summary>CRUD of <c>webhook-endpoints</c> (resources.md §19). Endpoint changes emit no events.</summary>
public static class WebhookEndpointEndpoints
{
    private const string Singular = "webhook-endpoint";

    public static void Map(IEndpointRouteBuilder account)
    {
        var endpoints = account.MapGroup("/webhook-endpoints");
        endpoints.MapGet("", IndexAsync);
        endpoints.MapPost("", CreateAsync);
        endpoints.MapGet("/{id}", ShowAsync);
        endpoints.MapMethods("/{id}", ["PATCH", "PUT"], UpdateAsync);
        endpoints.MapDelete("/{id}", DestroyAsync);
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = Require(context, WebhookAccess.CanReadEndpoints);
        var paging = Paging.Parse(http.Request);
        var query = WebhookAccess.Scope(db.WebhookEndpoints.AsNoTracking().Where(e => e.AccountId == context.Account.Id), bearer);
        var (items, links) = await paging.ApplyAsync(query, http);
        return JsonApiResults.List(items, WebhookEndpointSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        Require(context, WebhookAccess.CanReadEndpoints);
        var endpoint = await FindAsync(db, context, id, http.RequestAborted);
        return JsonApiResults.Resource(endpoint, WebhookEndpointSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, LicenseServerDb db, IOptions<WebhookOptions> options)
    {
        var context = RequestContext.Of(http);
        var bearer = Require(context, WebhookAccess.CanCreateEndpoint);
        var request = await ResourceRequest.ReadAsync(http, WebhookEndpointSerializer.Type, Singular);
        var attributes = request.Attributes.Permit("url", "subscriptions", "signatureAlgorithm", "apiVersion");
        request.Relationships.Permit("product");
        var endpoint = new WebhookEndpoint
        {
            AccountId = context.Account.Id,
            Url = attributes.RequiredString("url"),
            ApiVersion = RequestContext.ApiVersionOf(http),
            ProductId = bearer.IsProduct ? bearer.Id : null,
        };
        await ApplyAsync(db, context, request, endpoint, http.RequestAborted);
        WebhookEndpointRules.Validate(endpoint, options.Value.AllowInsecureUrls);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Created(http, endpoint, WebhookEndpointSerializer.Write,
            Links.Resource(endpoint.AccountId, WebhookEndpointSerializer.Type, endpoint.Id));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, LicenseServerDb db, IOptions<WebhookOptions> options, string id)
    {
        var context = RequestContext.Of(http);
        Require(context, WebhookAccess.CanUpdateEndpoint);
        var endpoint = await FindAsync(db, context, id, http.RequestAborted, track: true);
        var request = await ResourceRequest.ReadAsync(http, WebhookEndpointSerializer.Type, Singular);
        var attributes = request.Attributes.Permit("url", "subscriptions", "signatureAlgorithm", "apiVersion");
        request.Relationships.Permit("product");
        if (attributes.String("url") is { Present: true, Value: { } url })
        {
            endpoint.Url = url;
        }

        await ApplyAsync(db, context, request, endpoint, http.RequestAborted);
        WebhookEndpointRules.Validate(endpoint, options.Value.AllowInsecureUrls);
        endpoint.Updated = db.Now();
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(endpoint, WebhookEndpointSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        Require(context, WebhookAccess.CanDeleteEndpoint);
        var endpoint = await FindAsync(db, context, id, http.RequestAborted, track: true);
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
    }

    private static async Task ApplyAsync(LicenseServerDb db, RequestContext context, ResourceRequest request, WebhookEndpoint endpoint, CancellationToken ct)
    {
        var attributes = request.Attributes;
        if (attributes.StringArray("subscriptions", maxItems: Bounds.ManyItems) is { Present: true, Value: { } subscriptions })
        {
            endpoint.Subscriptions = WebhookEndpointRules.Deduplicate(subscriptions);
        }

        if (attributes.String("signatureAlgorithm") is { Present: true, Value: { } algorithm })
        {
            endpoint.SignatureAlgorithm = algorithm;
        }

        if (attributes.String("apiVersion") is { Present: true, Value: { } version })
        {
            endpoint.ApiVersion = ApiVersions.IsSupported(version.TrimStart('v'))
                ? version.TrimStart('v')
                : throw DomainError.BadRequest("unsupported API version", attributes.PointerTo("apiVersion"));
        }

        var product = request.ToOne("product", "products", "product");
        if (!product.Present)
        {
            return;
        }

        var bearer = context.RequireBearer();
        Guid? productId = product.Value is null ? null : Guid.Parse(product.Value);
        if (bearer.IsProduct)
        {
            if (!WebhookAccess.CanScopeEndpointTo(bearer, productId))
            {
                throw DomainError.Forbidden();
            }

            return;
        }

        if (productId is { } wanted && !await db.Products.AnyAsync(p => p.AccountId == context.Account.Id && p.Id == wanted, ct))
        {
            throw DomainError.Invalid("/data/relationships/product", "PRODUCT_NOT_FOUND", "must exist");
        }

        endpoint.ProductId = productId;
    }

    private static Core.Access.Bearer Require(RequestContext context, Func<Core.Access.Bearer, bool> allowed)
    {
        var bearer = context.RequireBearer();
        return allowed(bearer) ? bearer : throw DomainError.Forbidden();
    }

    private static async Task<WebhookEndpoint> FindAsync(LicenseServerDb db, RequestContext context, string id, CancellationToken ct, bool track = false)
    {
        var query = WebhookAccess.Scope(db.WebhookEndpoints.Where(e => e.AccountId == context.Account.Id), context.RequireBearer());
        if (!track)
        {
            query = query.AsNoTracking();
        }

        var endpoint = Ids.TryParse(id, out var uuid) ? await query.FirstOrDefaultAsync(e => e.Id == uuid, ct) : null;
        return endpoint ?? throw DomainError.NotFound("webhook endpoint", id);
    }
}

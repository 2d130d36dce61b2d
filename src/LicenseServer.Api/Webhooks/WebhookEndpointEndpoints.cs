using LicenseServer.Api.Configuration;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.Webhooks;

/// <summary>CRUD of <c>webhook-endpoints</c> (resources.md §19). Endpoint changes emit no events.</summary>
public static class WebhookEndpointEndpoints
{
    private const string Singular = "webhook-endpoint";

    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapResource("/webhook-endpoints", "webhook-endpoint", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        var bearer = caller.Require(WebhookAccess.CanReadEndpoints);
        var paging = Paging.Parse(caller.Http.Request);
        var query = WebhookAccess.Scope(db.WebhookEndpoints.AsNoTracking().Where(e => e.AccountId == caller.AccountId), bearer);
        var (items, links) = await paging.ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, WebhookEndpointSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        caller.Require(WebhookAccess.CanReadEndpoints);
        var endpoint = await WebhookEndpointQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        return JsonApiResults.Resource(endpoint, WebhookEndpointSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db, IOptions<WebhookOptions> options)
    {
        var bearer = caller.Require(WebhookAccess.CanCreateEndpoint);
        var request = await ResourceRequest.ReadAsync(caller.Http, WebhookEndpointSerializer.Type, Singular);
        var attributes = request.Attributes.Permit("url", "subscriptions", "signatureAlgorithm", "apiVersion");
        request.Relationships.Permit("product");
        var endpoint = new WebhookEndpoint
        {
            AccountId = caller.AccountId,
            Url = attributes.RequiredString("url"),
            ApiVersion = RequestContext.ApiVersionOf(caller.Http),
            ProductId = bearer.IsProduct ? bearer.Id : null,
        };
        await ApplyAsync(db, caller, request, endpoint);
        WebhookEndpointRules.Validate(endpoint, options.Value.AllowInsecureUrls);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(caller.Aborted);
        return JsonApiResults.Created(caller.Http, endpoint, WebhookEndpointSerializer.Write,
            Links.Resource(endpoint.AccountId, WebhookEndpointSerializer.Type, endpoint.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, IOptions<WebhookOptions> options, string id)
    {
        caller.Require(WebhookAccess.CanUpdateEndpoint);
        var endpoint = await WebhookEndpointQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        var request = await ResourceRequest.ReadAsync(caller.Http, WebhookEndpointSerializer.Type, Singular);
        var attributes = request.Attributes.Permit("url", "subscriptions", "signatureAlgorithm", "apiVersion");
        request.Relationships.Permit("product");
        if (attributes.String("url") is { Present: true, Value: { } url })
        {
            endpoint.Url = url;
        }

        await ApplyAsync(db, caller, request, endpoint);
        WebhookEndpointRules.Validate(endpoint, options.Value.AllowInsecureUrls);
        EventLog.Touch(db, endpoint);
        await db.SaveChangesAsync(caller.Aborted);
        return JsonApiResults.Resource(endpoint, WebhookEndpointSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        caller.Require(WebhookAccess.CanDeleteEndpoint);
        var endpoint = await WebhookEndpointQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static async Task ApplyAsync(LicenseServerDb db, Caller caller, ResourceRequest request, WebhookEndpoint endpoint)
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

        var bearer = caller.Bearer;
        Guid? productId = product.Value is null ? null : Guid.Parse(product.Value);
        if (bearer.IsProduct)
        {
            Forbidden.Unless(WebhookAccess.CanScopeEndpointTo(bearer, productId));

            return;
        }

        if (productId is { } wanted && !await db.Products.AnyAsync(p => p.AccountId == caller.AccountId && p.Id == wanted, caller.Aborted))
        {
            throw await RelatedRecords.MissingAsync(db, db.Products, caller.AccountId, wanted, "product",
                DomainError.Invalid("/data/relationships/product", "PRODUCT_NOT_FOUND", "must exist"), caller.Aborted);
        }

        endpoint.ProductId = productId;
    }
}

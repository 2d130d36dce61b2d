using LicenseServer.Api.Auth;
using LicenseServer.Api.Events;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Access;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Products;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Products;

public static class ProductEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var products = account.MapGroup("/products");
        products.MapGet("", IndexAsync);
        products.MapPost("", CreateAsync);
        products.MapGet("/{id}", ShowAsync);
        products.MapMethods("/{id}", ["PATCH", "PUT"], UpdateAsync);
        products.MapDelete("/{id}", DestroyAsync);
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!ProductAccess.CanList(bearer))
        {
            throw DomainError.Forbidden();
        }

        var paging = Paging.Parse(http.Request);
        var query = ProductAccess.Scope(db.Products.AsNoTracking().Where(p => p.AccountId == context.Account.Id), bearer);
        var (items, links) = await paging.ApplyAsync(query, http);
        return JsonApiResults.List(items, ProductSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!ProductAccess.CanShow(bearer))
        {
            throw DomainError.Forbidden();
        }

        var product = await FindAsync(db, context, bearer, id, http.RequestAborted);

        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!ProductAccess.CanCreate(bearer))
        {
            throw DomainError.Forbidden();
        }

        var request = await ResourceRequest.ReadAsync(http, ProductSerializer.Type, "product");
        var attributes = request.Attributes.Permit("name", "code", "distributionStrategy", "url", "platforms", "metadata");
        request.Relationships.Permit();
        var product = new Product
        {
            AccountId = context.Account.Id,
            Name = attributes.RequiredString("name"),
        };
        Apply(attributes, product);
        await ProductRules.ValidateAsync(db, product, http.RequestAborted);
        db.Products.Add(product);
        EventLog.Record(db, "product.created", product, ProductSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Created(http, product, ProductSerializer.Write, Links.Resource(product.AccountId, ProductSerializer.Type, product.Id));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!ProductAccess.CanUpdate(bearer))
        {
            throw DomainError.Forbidden();
        }

        var product = await FindAsync(db, context, bearer, id, http.RequestAborted, track: true);

        var request = await ResourceRequest.ReadAsync(http, ProductSerializer.Type, "product");
        var attributes = request.Attributes.Permit("name", "code", "distributionStrategy", "url", "platforms", "metadata");
        request.Relationships.Permit();
        if (attributes.String("name") is { Present: true, Value: { } name })
        {
            product.Name = name;
        }

        Apply(attributes, product);
        await ProductRules.ValidateAsync(db, product, http.RequestAborted);
        product.Updated = db.Now();
        EventLog.Record(db, "product.updated", product, ProductSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!ProductAccess.CanDelete(bearer))
        {
            throw DomainError.Forbidden();
        }

        var product = await FindAsync(db, context, bearer, id, http.RequestAborted, track: true);

        db.Products.Remove(product);
        EventLog.Record(db, "product.deleted", product, ProductSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
    }

    private static void Apply(RequestObject attributes, Product product)
    {
        if (attributes.String("code", nullable: true) is { Present: true } code)
        {
            product.Code = code.Value;
        }

        if (attributes.String("distributionStrategy", nullable: true) is { Present: true } strategy)
        {
            product.DistributionStrategy = strategy.Value ?? DistributionStrategies.Licensed;
        }

        if (attributes.String("url", nullable: true) is { Present: true } url)
        {
            product.Url = url.Value;
        }

        if (attributes.StringArray("platforms", nullable: true) is { Present: true } platforms)
        {
            product.Platforms = platforms.Value;
        }

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            product.Metadata = metadata;
        }
    }

    /// <summary>A product by id or code, inside the bearer's scope; 404 otherwise.</summary>
    public static async Task<Product> FindAsync(LicenseServerDb db, RequestContext context, Bearer bearer, string id, CancellationToken ct, bool track = false)
    {
        var query = ProductAccess.Scope(db.Products.Where(p => p.AccountId == context.Account.Id), bearer);
        if (!track)
        {
            query = query.AsNoTracking();
        }

        var product = Ids.TryParse(id, out var uuid)
            ? await query.FirstOrDefaultAsync(p => p.Id == uuid, ct)
            : await query.Where(p => p.Code == id).OrderBy(p => p.Created).FirstOrDefaultAsync(ct);
        return product ?? throw DomainError.NotFound("product", id);
    }
}

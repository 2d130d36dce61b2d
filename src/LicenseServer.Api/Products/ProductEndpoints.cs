using LicenseServer.Core.Permissions;
using LicenseServer.Core.Products;

namespace LicenseServer.Api.Products;

public static class ProductEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapResource("/products", "product", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(ProductAccess.CanList(caller.Bearer));

        var paging = Paging.Parse(caller.Http.Request);
        var query = ProductAccess.Scope(db.Products.AsNoTracking().Where(p => p.AccountId == caller.AccountId), caller.Bearer);
        var (items, links) = await paging.ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, ProductSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(ProductAccess.CanShow(caller.Bearer));

        var product = await ProductQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(ProductAccess.CanCreate(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, ProductSerializer.Type, "product");
        var attributes = request.Attributes.Permit(Permitted(caller.Bearer));
        request.Relationships.Permit();
        var product = new Product
        {
            AccountId = caller.AccountId,
            Name = attributes.RequiredString("name"),
        };
        Apply(attributes, product);
        await ProductRules.ValidateAsync(db, product, caller.Aborted);
        db.Products.Add(product);
        await EventLog.CommitAsync(db, "product.created", product, ProductSerializer.Write, caller.Aborted);
        return JsonApiResults.Created(caller.Http, product, ProductSerializer.Write, Links.Resource(product.AccountId, ProductSerializer.Type, product.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(ProductAccess.CanUpdate(caller.Bearer));

        var product = await ProductQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        var request = await ResourceRequest.ReadAsync(caller.Http, ProductSerializer.Type, "product");
        var attributes = request.Attributes.Permit(Permitted(caller.Bearer));
        request.Relationships.Permit();
        if (attributes.String("name") is { Present: true, Value: { } name })
        {
            product.Name = name;
        }

        Apply(attributes, product);
        await ProductRules.ValidateAsync(db, product, caller.Aborted);
        await EventLog.CommitAsync(db, "product.updated", product, ProductSerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    /// <summary>Every updater sends the product's attributes; admins and developers also its permissions (enterprise.md §5.1).</summary>
    private static string[] Permitted(Bearer bearer) =>
        ProductAccess.CanSetPermissions(bearer)
            ? ["name", "code", "distributionStrategy", "url", "platforms", "metadata", "permissions"]
            : ["name", "code", "distributionStrategy", "url", "platforms", "metadata"];

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(ProductAccess.CanDelete(caller.Bearer));

        var product = await ProductQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        await EventLog.CommitRemovalAsync(db, "product.deleted", product, ProductSerializer.Write, caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static void Apply(RequestObject attributes, Product product)
    {
        if (attributes.Permissions() is { } permissions)
        {
            product.Permissions = Grants.Validate(permissions, Permissions.Product, attributes.PointerTo("permissions"));
        }

        attributes.String("code", nullable: true).IfPresent(v => product.Code = v);

        if (attributes.String("distributionStrategy", nullable: true) is { Present: true } strategy)
        {
            product.DistributionStrategy = strategy.Value ?? DistributionStrategies.Licensed;
        }

        attributes.String("url", nullable: true).IfPresent(v => product.Url = v);
        attributes.StringArray("platforms", nullable: true).IfPresent(v => product.Platforms = v);

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            product.Metadata = metadata;
        }
    }
}

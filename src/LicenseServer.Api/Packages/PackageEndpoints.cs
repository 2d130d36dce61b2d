using LicenseServer.Api.Products;
using LicenseServer.Api.Releases;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Distribution.Storage;

namespace LicenseServer.Api.Packages;

/// <summary>Packages (distribution.md §12): read by whoever may read their product's releases, written by the release writers.</summary>
public static class PackageEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapResource("/packages", "package", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
        account.MapGet("/products/{id}/packages", ProductIndexAsync).Requires("package.read");
        account.MapGet("/products/{id}/packages/{package}", ProductShowAsync).Requires("package.read");
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        return await ListAsync(http, db, ReleaseQueries.Packages(db, context.Account.Id, context.Bearer));
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var package = await ReleaseQueries.FindPackageAsync(db, context.Account.Id, context.Bearer, id, http.RequestAborted);
        return JsonApiResults.Resource(package, PackageSerializer.Write);
    }

    private static async Task<IResult> ProductIndexAsync(Caller caller, LicenseServerDb db, string id)
    {
        var product = await ReleaseEndpoints.FindProductAsync(caller, db, id);
        return await ListAsync(caller.Http, db, ReleaseQueries.Packages(db, caller.AccountId, caller.Bearer).Where(p => p.ProductId == product));
    }

    private static async Task<IResult> ProductShowAsync(Caller caller, LicenseServerDb db, string id, string package)
    {
        var product = await ReleaseEndpoints.FindProductAsync(caller, db, id);
        var packages = ReleaseQueries.Packages(db, caller.AccountId, caller.Bearer).Where(p => p.ProductId == product);
        return JsonApiResults.Resource(await Lookup.FindAsync(packages, "release package", package, caller.Aborted, byKey: p => p.Key == package),
            PackageSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(ReleaseAccess.CanWrite(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, PackageSerializer.Type, "package");
        var attributes = request.Attributes.Permit("name", "key", "engine", "metadata");
        request.Relationships.Permit("product");
        const string pointer = "/data/relationships/product";
        var productId = Guid.Parse(request.ToOne("product", ProductSerializer.Type, "product").Value ?? throw DomainError.BadRequest("is missing", pointer));
        var ct = caller.Aborted;
        if (!await db.Products.AnyAsync(p => p.AccountId == caller.AccountId && p.Id == productId, ct))
        {
            throw DomainError.Invalid(pointer, "PRODUCT_NOT_FOUND", "must exist");
        }

        Forbidden.Unless(ReleaseAccess.CanWriteFor(caller.Bearer, productId));
        var package = new Package
        {
            AccountId = caller.AccountId,
            ProductId = productId,
            Name = attributes.NotBlank("name", attributes.RequiredString("name")),
            Key = attributes.NotBlank("key", attributes.RequiredString("key")),
        };
        Apply(attributes, package);
        await SaveAsync(db, package, "package.created", ct);
        return JsonApiResults.Created(caller.Http, package, PackageSerializer.Write, Links.Resource(package.AccountId, PackageSerializer.Type, package.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var package = await ReleaseQueries.FindPackageAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(ReleaseAccess.CanWriteFor(caller.Bearer, package.ProductId));

        var request = await ResourceRequest.ReadAsync(caller.Http, PackageSerializer.Type, "package");
        var attributes = request.Attributes.Permit("name", "key", "engine", "metadata");
        request.Relationships.Permit();
        Apply(attributes, package);
        await SaveAsync(db, package, "package.updated", caller.Aborted);
        return JsonApiResults.Resource(package, PackageSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, IArtifactStorage storage, string id)
    {
        var package = await ReleaseQueries.FindPackageAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(ReleaseAccess.CanWriteFor(caller.Bearer, package.ProductId));

        // Deleting a package deletes its releases and their artifacts (§12): their bytes too.
        var stored = await StoredArtifacts.LocateAsync(
            db.Artifacts.Where(a => db.Releases.Any(r => r.Id == a.ReleaseId && r.PackageId == package.Id)), caller.Aborted);
        await EventLog.CommitRemovalAsync(db, "package.deleted", package, PackageSerializer.Write, caller.Aborted);
        await StoredArtifacts.DeleteAsync(storage, stored, caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> ListAsync(HttpContext http, LicenseServerDb db, IQueryable<Package> packages)
    {
        var query = http.Request.Query;
        packages = packages.AsNoTracking();
        if (query.TryGetValue("product", out var product))
        {
            packages = Ids.TryParse(product, out var productId) ? packages.Where(p => p.ProductId == productId) : packages.Where(_ => false);
        }

        if (query.TryGetValue("engine", out var engine))
        {
            var value = engine.ToString();
            var hasId = Ids.TryParse(value, out var engineId);
            var keys = db.DistributionKeys.Where(k => k.Kind == DistributionKeyKinds.Engine && (hasId ? k.Id == engineId : k.Key == value.ToLowerInvariant()))
                .Select(k => k.Key);
            packages = value.Length == 0 ? packages.Where(p => p.Engine == null) : packages.Where(p => keys.Contains(p.Engine!));
        }

        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(packages, http);
        return JsonApiResults.List(items, PackageSerializer.Write, links);
    }

    /// <summary>Normalises the key, validates, records the engine's lookup row and saves with <paramref name="eventName"/>.</summary>
    private static async Task SaveAsync(LicenseServerDb db, Package package, string eventName, CancellationToken ct)
    {
        package.Key = PackageRules.NormalizeKey(package.Key, package.Engine);
        await PackageRules.ValidateAsync(db, package, ct);
        await DistributionKeys.EnsureAsync(db, package.AccountId, DistributionKeyKinds.Engine, package.Engine, ct);
        if (db.Entry(package).State == EntityState.Detached)
        {
            db.Packages.Add(package);
        }

        await EventLog.CommitAsync(db, eventName, package, PackageSerializer.Write, ct);
    }

    private static void Apply(RequestObject attributes, Package package)
    {
        if (attributes.String("name") is { Present: true, Value: { } name })
        {
            package.Name = attributes.NotBlank("name", name);
        }

        if (attributes.String("key") is { Present: true, Value: { } key })
        {
            package.Key = attributes.NotBlank("key", key);
        }

        if (attributes.String("engine", nullable: true) is { Present: true } engine)
        {
            package.Engine = engine.Value is { } value && !Engines.Names.ContainsKey(value)
                ? throw DomainError.BadRequest("is invalid", attributes.PointerTo("engine"))
                : engine.Value;
        }

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            package.Metadata = metadata;
        }
    }
}

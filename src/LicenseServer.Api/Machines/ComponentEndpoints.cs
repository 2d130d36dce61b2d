using LicenseServer.Core.Machines;
using LicenseServer.Core.Products;

namespace LicenseServer.Api.Machines;

/// <summary>Machine components (resources.md §15, behaviour.md §4.7).</summary>
public static class ComponentEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var components = account.MapResource("/components", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
        components.MapGet("/{id}/product", ProductAsync);
        components.MapGet("/{id}/license", LicenseAsync);
        components.MapGet("/{id}/machine", MachineAsync);
    }

    private static IQueryable<Component> Scope(LicenseServerDb db, RequestContext context, Bearer bearer)
    {
        var machines = MachineAccess.Scope(db.Machines.Where(m => m.AccountId == context.Account.Id), db, bearer).Select(m => m.Id);
        return db.Components.Where(c => c.AccountId == context.Account.Id && machines.Contains(c.MachineId));
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var query = Scope(db, context, context.RequireBearer()).AsNoTracking();
        query = ChildFilters.Apply(query, db, context.Account.Id, http.Request.Query, db.Now());
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(MachineQueries.ComponentsWithMachine(query), http);
        return JsonApiResults.List(items, ComponentSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, _, component) = await LoadAsync(http, db, id);
        return JsonApiResults.Resource(component, ComponentSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var ct = http.RequestAborted;
        var request = await ResourceRequest.ReadAsync(http, ComponentSerializer.Type, "component");
        var attributes = request.Attributes.Permit("fingerprint", "name", "metadata");
        request.Relationships.Permit("machine");
        var fingerprint = attributes.RequiredString("fingerprint");
        var name = attributes.RequiredString("name");
        if (string.IsNullOrWhiteSpace(fingerprint))
        {
            throw DomainError.BadRequest("cannot be blank", "/data/attributes/fingerprint");
        }

        var machine = await ChildMachineAsync(db, context, bearer, request, ct);
        Forbidden.Unless(MachineAccess.CanCreateComponent(bearer, machine));

        var component = new Component
        {
            AccountId = context.Account.Id,
            MachineId = machine.Id,
            Machine = machine,
            Fingerprint = fingerprint,
            Name = name,
            Metadata = attributes.Metadata().Value ?? "{}",
        };
        ComponentRules.Validate(component, "/data/attributes", string.Empty);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await MachineRules.LockLicenseAsync(db, machine.LicenseId, ct);
        await ComponentRules.LockFingerprintsAsync(db, component.AccountId, machine.LoadedLicense, [fingerprint], ct);
        if (await ComponentRules.TakenAsync(db, component, machine, machine.LoadedLicense, ct) is { } detail)
        {
            throw DomainError.Invalid("/data/attributes/fingerprint", "FINGERPRINT_TAKEN", detail);
        }

        db.Machines.Attach(machine);
        db.Components.Add(component);
        EventLog.Record(db, "component.created", component, ComponentSerializer.Write);
        await db.SaveChangesAsync(ct);

        await transaction.CommitAsync(ct);
        return JsonApiResults.Created(http, component, ComponentSerializer.Write, Links.Resource(component.AccountId, ComponentSerializer.Type, component.Id));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, component) = await LoadAsync(http, db, id, track: true);
        var machine = component.Machine!;
        Forbidden.Unless(MachineAccess.CanUpdateComponent(bearer, machine));

        var request = await ResourceRequest.ReadAsync(http, ComponentSerializer.Type, "component");
        var attributes = MachineAccess.CanSetComponentMetadata(bearer) ? request.Attributes.Permit("name", "metadata") : request.Attributes.Permit("name");
        request.Relationships.Permit();
        if (attributes.String("name") is { Present: true, Value: { } name })
        {
            component.Name = name;
        }

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            component.Metadata = metadata;
        }

        ComponentRules.Validate(component, "/data/attributes", string.Empty);
        component.Updated = db.Now();
        EventLog.Record(db, "component.updated", component, ComponentSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(component, ComponentSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, component) = await LoadAsync(http, db, id, track: true);
        Forbidden.Unless(MachineAccess.CanDeleteComponent(bearer, component.Machine!));

        EventLog.Record(db, "component.deleted", component, ComponentSerializer.Write);
        db.Components.Remove(component);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> ProductAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, component) = await LoadAsync(http, db, id);
        Forbidden.Unless(ProductAccess.CanShow(bearer));

        return await MachineRelated.ProductAsync(db, component.Machine!, http.RequestAborted);
    }

    private static async Task<IResult> LicenseAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, _, component) = await LoadAsync(http, db, id);
        return await MachineRelated.LicenseAsync(db, component.Machine!, http.RequestAborted);
    }

    private static async Task<IResult> MachineAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, _, component) = await LoadAsync(http, db, id);
        return JsonApiResults.Resource(component.Machine!, MachineSerializer.At(db.Now()));
    }

    private static async Task<(RequestContext Context, Bearer Bearer, Component Component)> LoadAsync(HttpContext http, LicenseServerDb db, string id, bool track = false)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var query = MachineQueries.ComponentsWithMachine(Scope(db, context, bearer));
        if (!track)
        {
            query = query.AsNoTracking();
        }

        var component = Ids.TryParse(id, out var uuid) ? await query.FirstOrDefaultAsync(c => c.Id == uuid, http.RequestAborted) : null;
        return (context, bearer, component ?? throw DomainError.NotFound("component", id));
    }

    /// <summary>relationships.machine of a component or process: required, and visible to the bearer (else 422 MACHINE_NOT_FOUND).</summary>
    public static async Task<Machine> ChildMachineAsync(LicenseServerDb db, RequestContext context, Bearer bearer, ResourceRequest request, CancellationToken ct)
    {
        var link = request.ToOne("machine", "machines", "machine");
        if (!link.Present)
        {
            throw DomainError.BadRequest("is missing", "/data/relationships/machine");
        }

        if (link.Value is null)
        {
            throw DomainError.BadRequest("cannot be null", "/data/relationships/machine/data");
        }

        var id = Guid.Parse(link.Value);
        var scope = MachineAccess.Scope(db.Machines.AsNoTracking().Where(m => m.AccountId == context.Account.Id && m.Id == id), db, bearer);
        return await MachineQueries.WithLicense(scope).FirstOrDefaultAsync(ct)
            ?? throw DomainError.Invalid("/data/relationships/machine", "MACHINE_NOT_FOUND", "must exist");
    }
}

using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>Machine components (resources.md §15, behaviour.md §4.7).</summary>
public static class ComponentEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var components = account.MapResource("/components", "component", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
        MachineRelated.MapForChildren(components, async (caller, db, id) => (await FindAsync(caller, db, id)).Machine!);
    }

    private static Task<Component> FindAsync(Caller caller, LicenseServerDb db, string id, bool track = false) =>
        MachineQueries.FindComponentAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track);

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        var query = MachineQueries.Components(db, caller.AccountId, caller.Bearer).AsNoTracking();
        query = ChildFilters.Apply(query, db, caller.AccountId, caller.Http.Request.Query, db.Now());
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(MachineQueries.ComponentsWithMachine(query), caller.Http);
        return JsonApiResults.List(items, ComponentSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id) =>
        JsonApiResults.Resource(await FindAsync(caller, db, id), ComponentSerializer.Write);

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db)
    {
        var ct = caller.Aborted;
        var request = await ResourceRequest.ReadAsync(caller.Http, ComponentSerializer.Type, "component");
        var attributes = request.Attributes.Permit("fingerprint", "name", "metadata");
        request.Relationships.Permit("machine");
        var fingerprint = attributes.RequiredString("fingerprint");
        var name = attributes.RequiredString("name");
        if (string.IsNullOrWhiteSpace(fingerprint))
        {
            throw DomainError.BadRequest("cannot be blank", "/data/attributes/fingerprint");
        }

        var machine = await MachineRelated.LinkedMachineAsync(caller, db, request);
        Forbidden.Unless(MachineAccess.CanCreateComponent(caller.Bearer, machine));

        var component = new Component
        {
            AccountId = caller.AccountId,
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
        await EventLog.CommitAsync(db, "component.created", component, ComponentSerializer.Write, ct);
        await transaction.CommitAsync(ct);
        return JsonApiResults.Created(caller.Http, component, ComponentSerializer.Write, Links.Resource(component.AccountId, ComponentSerializer.Type, component.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var component = await FindAsync(caller, db, id, track: true);
        Forbidden.Unless(MachineAccess.CanUpdateComponent(caller.Bearer, component.Machine!));

        var request = await ResourceRequest.ReadAsync(caller.Http, ComponentSerializer.Type, "component");
        var attributes = MachineAccess.CanSetComponentMetadata(caller.Bearer) ? request.Attributes.Permit("name", "metadata") : request.Attributes.Permit("name");
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
        await EventLog.CommitAsync(db, "component.updated", component, ComponentSerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(component, ComponentSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var component = await FindAsync(caller, db, id, track: true);
        Forbidden.Unless(MachineAccess.CanDeleteComponent(caller.Bearer, component.Machine!));

        await EventLog.CommitRemovalAsync(db, "component.deleted", component, ComponentSerializer.Write, caller.Aborted);
        return JsonApiResults.NoContent();
    }
}

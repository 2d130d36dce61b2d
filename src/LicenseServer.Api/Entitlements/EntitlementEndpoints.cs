using LicenseServer.Core.Entitlements;

namespace LicenseServer.Api.Entitlements;

public static class EntitlementEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapResource("/entitlements", "entitlement", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(EntitlementAccess.CanRead(caller.Bearer));

        var query = EntitlementAccess.Scope(db.Entitlements.AsNoTracking().Where(e => e.AccountId == caller.AccountId), caller.Bearer);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, EntitlementSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(EntitlementAccess.CanRead(caller.Bearer));

        var entitlement = await EntitlementQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        return JsonApiResults.Resource(entitlement, EntitlementSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(EntitlementAccess.CanCreate(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, EntitlementSerializer.Type, "entitlement");
        var attributes = request.Attributes.Permit("name", "code", "metadata");
        request.Relationships.Permit();
        var entitlement = new Entitlement
        {
            AccountId = caller.AccountId,
            Name = attributes.NotBlank("name", attributes.RequiredString("name")),
            Code = attributes.NotBlank("code", attributes.RequiredString("code")),
        };
        Apply(attributes, entitlement);
        await EntitlementRules.ValidateAsync(db, entitlement, caller.Aborted);
        db.Entitlements.Add(entitlement);
        await EventLog.CommitAsync(db, "entitlement.created", entitlement, EntitlementSerializer.Write, caller.Aborted);
        return JsonApiResults.Created(caller.Http, entitlement, EntitlementSerializer.Write,
            Links.Resource(entitlement.AccountId, EntitlementSerializer.Type, entitlement.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(EntitlementAccess.CanUpdate(caller.Bearer));

        var entitlement = await EntitlementQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        var request = await ResourceRequest.ReadAsync(caller.Http, EntitlementSerializer.Type, "entitlement");
        var attributes = request.Attributes.Permit("name", "code", "metadata");
        request.Relationships.Permit();
        Apply(attributes, entitlement);
        await EntitlementRules.ValidateAsync(db, entitlement, caller.Aborted);
        await EventLog.CommitAsync(db, "entitlement.updated", entitlement, EntitlementSerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(entitlement, EntitlementSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(EntitlementAccess.CanDelete(caller.Bearer));

        var entitlement = await EntitlementQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        await EventLog.CommitRemovalAsync(db, "entitlement.deleted", entitlement, EntitlementSerializer.Write, caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static void Apply(RequestObject attributes, Entitlement entitlement)
    {
        if (attributes.String("name") is { Present: true, Value: { } name })
        {
            entitlement.Name = attributes.NotBlank("name", name);
        }

        if (attributes.String("code") is { Present: true, Value: { } code })
        {
            entitlement.Code = attributes.NotBlank("code", code);
        }

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            entitlement.Metadata = metadata;
        }
    }


}

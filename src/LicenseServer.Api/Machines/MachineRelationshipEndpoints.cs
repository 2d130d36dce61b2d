using LicenseServer.Api.Groups;
using LicenseServer.Api.Licenses;
using LicenseServer.Api.Users;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Products;

namespace LicenseServer.Api.Machines;

/// <summary>A machine's related resources (product, license, owner, user, group, components, processes) and a license's machines.</summary>
public static class MachineRelationshipEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var machines = account.MapGroup("/machines/{id}");
        machines.MapGet("/product", ProductAsync);
        machines.MapGet("/license", LicenseAsync);
        machines.MapGet("/owner", OwnerAsync);
        machines.MapMethods("/owner", ["PUT", "PATCH"], ChangeOwnerAsync);
        machines.MapGet("/user", LicenseOwnerAsync);
        machines.MapGet("/group", GroupAsync);
        machines.MapMethods("/group", ["PUT", "PATCH"], ChangeGroupAsync);
        machines.MapGet("/components", ComponentsAsync);
        machines.MapGet("/components/{component}", ComponentAsync);
        machines.MapGet("/processes", ProcessesAsync);
        machines.MapGet("/processes/{process}", ProcessAsync);

        var licenses = account.MapGroup("/licenses/{id}/machines");
        licenses.MapGet("", LicenseMachinesAsync);
        licenses.MapGet("/{machine}", LicenseMachineAsync);
    }

    private static async Task<(RequestContext Context, Bearer Bearer, Machine Machine)> LoadAsync(HttpContext http, LicenseServerDb db, string id, bool track = false)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var machine = await MachineEndpoints.FindAsync(db, context, bearer, id, http.RequestAborted, track);
        return (context, bearer, machine);
    }

    private static async Task<IResult> ProductAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, machine) = await LoadAsync(http, db, id);
        Forbidden.Unless(ProductAccess.CanShow(bearer));

        return await MachineRelated.ProductAsync(db, machine, http.RequestAborted);
    }

    private static async Task<IResult> LicenseAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, _, machine) = await LoadAsync(http, db, id);
        return await MachineRelated.LicenseAsync(db, machine, http.RequestAborted);
    }

    private static async Task<IResult> OwnerAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, _, machine) = await LoadAsync(http, db, id);
        return await UserOrNullAsync(db, machine.OwnerId, http.RequestAborted);
    }

    /// <summary>GET /machines/{id}/user: the license owner (API 1.5 compatibility).</summary>
    private static async Task<IResult> LicenseOwnerAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, _, machine) = await LoadAsync(http, db, id);
        return await UserOrNullAsync(db, machine.LoadedLicense.OwnerId, http.RequestAborted);
    }

    private static async Task<IResult> UserOrNullAsync(LicenseServerDb db, Guid? userId, CancellationToken ct)
    {
        var user = userId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        var now = db.Now();
        return user is null ? JsonApiResults.Null() : JsonApiResults.Resource(user, (w, u) => UserSerializer.Write(w, u, now));
    }

    /// <summary>PUT /machines/{id}/owner: a license user or null; answers with the machine.</summary>
    private static async Task<IResult> ChangeOwnerAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, machine) = await LoadAsync(http, db, id, track: true);
        Forbidden.Unless(MachineAccess.CanChangeOwner(bearer));

        var ownerId = await ReadLinkageAsync(http, "users", "user");
        if (ownerId is { } userId)
        {
            await MachineRules.OwnerGroupAsync(db, machine.LoadedLicense, userId, "owner", http.RequestAborted);
        }

        machine.OwnerId = ownerId;
        return await SaveAsync(http, db, machine, "machine.owner.updated");
    }

    /// <summary>GET /machines/{id}/group: the machine's group, 404 when it has none or the bearer may not read it.</summary>
    private static async Task<IResult> GroupAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, bearer, machine) = await LoadAsync(http, db, id);
        var group = await GroupQueries.RelatedAsync(db, context.Account.Id, bearer, machine.GroupId, http.RequestAborted);
        return JsonApiResults.Resource(group, GroupSerializer.Write);
    }

    /// <summary>PUT /machines/{id}/group: move the machine into a group (under its machine limit) or out of any; answers with the machine.</summary>
    private static async Task<IResult> ChangeGroupAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, bearer, machine) = await LoadAsync(http, db, id, track: true);
        Forbidden.Unless(MachineAccess.CanChangeGroup(bearer));

        var groupId = await ReadLinkageAsync(http, "groups", "group");
        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        if (groupId is { } group && group != machine.GroupId)
        {
            await GroupRules.EnsureRoomForMachineAsync(db, context.Account.Id, group, machine.Id, http.RequestAborted);
        }

        machine.GroupId = groupId;
        var result = await SaveAsync(http, db, machine, "machine.group.updated");
        await transaction.CommitAsync(http.RequestAborted);
        return result;
    }

    private static async Task<IResult> ComponentsAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, _, machine) = await LoadAsync(http, db, id);
        var query = db.Components.AsNoTracking().Where(c => c.MachineId == machine.Id);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(MachineQueries.ComponentsWithMachine(query), http);
        return JsonApiResults.List(items, ComponentSerializer.Write, links);
    }

    private static async Task<IResult> ComponentAsync(HttpContext http, LicenseServerDb db, string id, string component)
    {
        var (_, _, machine) = await LoadAsync(http, db, id);
        var found = Ids.TryParse(component, out var uuid)
            ? await MachineQueries.ComponentsWithMachine(db.Components.AsNoTracking()).FirstOrDefaultAsync(c => c.MachineId == machine.Id && c.Id == uuid, http.RequestAborted)
            : null;
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("component", component), ComponentSerializer.Write);
    }

    private static async Task<IResult> ProcessesAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, _, machine) = await LoadAsync(http, db, id);
        var now = db.Now();
        var query = ProcessFilters.Status(db.Processes.AsNoTracking().Where(p => p.MachineId == machine.Id), http.Request.Query, now);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(MachineQueries.ProcessesWithMachine(query), http);
        return JsonApiResults.List(items, ProcessSerializer.At(now), links);
    }

    private static async Task<IResult> ProcessAsync(HttpContext http, LicenseServerDb db, string id, string process)
    {
        var (_, _, machine) = await LoadAsync(http, db, id);
        var found = Ids.TryParse(process, out var uuid)
            ? await MachineQueries.ProcessesWithMachine(db.Processes.AsNoTracking()).FirstOrDefaultAsync(p => p.MachineId == machine.Id && p.Id == uuid, http.RequestAborted)
            : null;
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("process", process), ProcessSerializer.At(db.Now()));
    }

    private static async Task<IResult> LicenseMachinesAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var license = await LicenseEndpoints.FindAsync(db, context, context.RequireBearer(), id, http.RequestAborted);
        return await MachineEndpoints.ListAsync(http, db, m => m.LicenseId == license.Id);
    }

    private static async Task<IResult> LicenseMachineAsync(HttpContext http, LicenseServerDb db, string id, string machine)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var license = await LicenseEndpoints.FindAsync(db, context, bearer, id, http.RequestAborted);
        var found = await MachineEndpoints.FindAsync(db, context, bearer, machine, http.RequestAborted, filter: m => m.LicenseId == license.Id);
        return JsonApiResults.Resource(found, MachineSerializer.At(db.Now()));
    }

    private static async Task<IResult> SaveAsync(HttpContext http, LicenseServerDb db, Machine machine, string eventName)
    {
        var now = db.Now();
        machine.Updated = now;
        EventLog.Record(db, eventName, machine, MachineSerializer.At(now));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(machine, MachineSerializer.At(now));
    }

    /// <summary>A to-one linkage body <c>{"data":{"type","id"}}</c> or <c>{"data":null}</c>.</summary>
    private static async Task<Guid?> ReadLinkageAsync(HttpContext http, string type, string singular)
    {
        var body = await RequestBody.ReadAsync(http) ?? throw DomainError.BadRequest("is missing", "/data");
        var data = RequestObject.From(body, string.Empty).Permit("data").Required("data");
        if (data.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var item = RequestObject.From(data, "/data").Permit("type", "id");
        if (!ResourceRequest.MatchesType(item.RequiredString("type"), type, singular))
        {
            throw DomainError.BadRequest("is invalid", "/data/type");
        }

        var id = item.RequiredString("id");
        return Ids.TryParse(id, out var uuid) ? uuid : throw DomainError.BadRequest("type mismatch (received string expected UUID string)", "/data/id");
    }
}

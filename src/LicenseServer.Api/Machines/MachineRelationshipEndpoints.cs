using LicenseServer.Api.Groups;
using LicenseServer.Api.Users;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>A machine's related resources (product, license, owner, user, group, components, processes) and a license's machines.</summary>
public static class MachineRelationshipEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var machines = account.MapGroup("/machines/{id}");
        machines.MapGet("/product", ProductAsync).Requires("product.read");
        machines.MapGet("/license", LicenseAsync).Requires("license.read");
        machines.MapToOne("/owner", OwnerAsync, ChangeOwnerAsync, ("user.read", "machine.owner.update"));
        machines.MapGet("/user", LicenseOwnerAsync).Requires("user.read");
        machines.MapToOne("/group", GroupAsync, ChangeGroupAsync, ("group.read", "machine.group.update"));
        machines.MapGet("/components", ComponentsAsync).Requires("component.read");
        machines.MapGet("/components/{component}", ComponentAsync).Requires("component.read");
        machines.MapGet("/processes", ProcessesAsync).Requires("process.read");
        machines.MapGet("/processes/{process}", ProcessAsync).Requires("process.read");

        var licenses = account.MapGroup("/licenses/{id}/machines");
        licenses.MapGet("", LicenseMachinesAsync).Requires("machine.read");
        licenses.MapGet("/{machine}", LicenseMachineAsync).Requires("machine.read");
    }

    /// <summary>The machine of the route, inside the bearer's scope (404 otherwise).</summary>
    private static Task<Machine> FindAsync(Caller caller, LicenseServerDb db, string id, bool track = false) =>
        MachineQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track);

    private static async Task<IResult> ProductAsync(Caller caller, LicenseServerDb db, string id) =>
        await MachineRelated.ProductAsync(caller, db, await FindAsync(caller, db, id));

    private static async Task<IResult> LicenseAsync(Caller caller, LicenseServerDb db, string id) =>
        await MachineRelated.LicenseAsync(caller, db, await FindAsync(caller, db, id));

    private static async Task<IResult> OwnerAsync(Caller caller, LicenseServerDb db, string id)
    {
        var machine = await FindAsync(caller, db, id);
        return await UserOrNullAsync(db, machine.OwnerId, caller.Aborted);
    }

    /// <summary>GET /machines/{id}/user: the license owner (API 1.5 compatibility).</summary>
    private static async Task<IResult> LicenseOwnerAsync(Caller caller, LicenseServerDb db, string id)
    {
        var machine = await FindAsync(caller, db, id);
        return await UserOrNullAsync(db, machine.LoadedLicense.OwnerId, caller.Aborted);
    }

    private static async Task<IResult> UserOrNullAsync(LicenseServerDb db, Guid? userId, CancellationToken ct)
    {
        var user = userId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        var now = db.Now();
        return user is null ? JsonApiResults.Null() : JsonApiResults.Resource(user, (w, u) => UserSerializer.Write(w, u, now));
    }

    /// <summary>PUT /machines/{id}/owner: a license user or null; answers with the machine.</summary>
    private static async Task<IResult> ChangeOwnerAsync(Caller caller, LicenseServerDb db, string id)
    {
        var machine = await FindAsync(caller, db, id, track: true);
        Forbidden.Unless(MachineAccess.CanChangeOwner(caller.Bearer));

        var ownerId = await ToOneLinkage.ReadAsync(caller.Http, "users", "user", nullable: true);
        if (ownerId is { } userId)
        {
            await MachineRules.OwnerGroupAsync(db, machine.LoadedLicense, userId, "owner", caller.Aborted);
        }

        machine.OwnerId = ownerId;
        return await CommitAsync(caller, db, machine, "machine.owner.updated");
    }

    /// <summary>GET /machines/{id}/group: the machine's group, 404 when it has none or the bearer may not read it.</summary>
    private static async Task<IResult> GroupAsync(Caller caller, LicenseServerDb db, string id)
    {
        var machine = await FindAsync(caller, db, id);
        var group = await GroupQueries.RelatedAsync(db, caller.AccountId, caller.Bearer, machine.GroupId, caller.Aborted);
        return JsonApiResults.Resource(group, GroupSerializer.Write);
    }

    /// <summary>PUT /machines/{id}/group: move the machine into a group (under its machine limit) or out of any; answers with the machine.</summary>
    private static async Task<IResult> ChangeGroupAsync(Caller caller, LicenseServerDb db, string id)
    {
        var machine = await FindAsync(caller, db, id, track: true);
        Forbidden.Unless(MachineAccess.CanChangeGroup(caller.Bearer));

        var groupId = await ToOneLinkage.ReadAsync(caller.Http, "groups", "group", nullable: true);
        await using var transaction = await db.Database.BeginTransactionAsync(caller.Aborted);
        if (groupId is { } group && group != machine.GroupId)
        {
            await GroupRules.EnsureRoomForMachineAsync(db, caller.AccountId, group, machine.Id, caller.Aborted);
        }

        machine.GroupId = groupId;
        var result = await CommitAsync(caller, db, machine, "machine.group.updated");
        await transaction.CommitAsync(caller.Aborted);
        return result;
    }

    private static async Task<IResult> ComponentsAsync(Caller caller, LicenseServerDb db, string id)
    {
        var machine = await FindAsync(caller, db, id);
        var query = db.Components.AsNoTracking().Where(c => c.MachineId == machine.Id);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(MachineQueries.ComponentsWithMachine(query), caller.Http);
        return JsonApiResults.List(items, ComponentSerializer.Write, links);
    }

    private static async Task<IResult> ComponentAsync(Caller caller, LicenseServerDb db, string id, string component)
    {
        var machine = await FindAsync(caller, db, id);
        var found = Ids.TryParse(component, out var uuid)
            ? await MachineQueries.ComponentsWithMachine(db.Components.AsNoTracking()).FirstOrDefaultAsync(c => c.MachineId == machine.Id && c.Id == uuid, caller.Aborted)
            : null;
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("component", component), ComponentSerializer.Write);
    }

    private static async Task<IResult> ProcessesAsync(Caller caller, LicenseServerDb db, string id)
    {
        var machine = await FindAsync(caller, db, id);
        var now = db.Now();
        var query = ProcessFilters.Status(db.Processes.AsNoTracking().Where(p => p.MachineId == machine.Id), caller.Http.Request.Query, now);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(MachineQueries.ProcessesWithMachine(query), caller.Http);
        return JsonApiResults.List(items, ProcessSerializer.At(now), links);
    }

    private static async Task<IResult> ProcessAsync(Caller caller, LicenseServerDb db, string id, string process)
    {
        var machine = await FindAsync(caller, db, id);
        var found = Ids.TryParse(process, out var uuid)
            ? await MachineQueries.ProcessesWithMachine(db.Processes.AsNoTracking()).FirstOrDefaultAsync(p => p.MachineId == machine.Id && p.Id == uuid, caller.Aborted)
            : null;
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("process", process), ProcessSerializer.At(db.Now()));
    }

    private static async Task<IResult> LicenseMachinesAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await LicenseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        return await MachineEndpoints.ListAsync(caller, db, m => m.LicenseId == license.Id);
    }

    private static async Task<IResult> LicenseMachineAsync(Caller caller, LicenseServerDb db, string id, string machine)
    {
        var license = await LicenseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        var found = await MachineQueries.FindAsync(db, caller.AccountId, caller.Bearer, machine, caller.Aborted, filter: m => m.LicenseId == license.Id);
        return JsonApiResults.Resource(found, MachineSerializer.At(db.Now()));
    }

    /// <summary>Saves the change with its event; answers the machine.</summary>
    private static async Task<IResult> CommitAsync(Caller caller, LicenseServerDb db, Machine machine, string eventName)
    {
        var now = db.Now();
        await EventLog.CommitAsync(db, eventName, machine, MachineSerializer.At(now), caller.Aborted);
        return JsonApiResults.Resource(machine, MachineSerializer.At(now));
    }
}

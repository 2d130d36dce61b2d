using LicenseServer.Core.Machines;
using LicenseServer.Core.Products;

namespace LicenseServer.Api.Machines;

/// <summary>Machine processes (resources.md §16, behaviour.md §4.6): spawn under the maxProcesses limit, heartbeat, kill.</summary>
public static class ProcessEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var processes = account.MapResource("/processes", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
        processes.MapPost("/{id}/actions/ping", PingAsync);
        processes.MapGet("/{id}/product", ProductAsync);
        processes.MapGet("/{id}/license", LicenseAsync);
        processes.MapGet("/{id}/machine", MachineAsync);
    }

    private static IQueryable<MachineProcess> Scope(LicenseServerDb db, RequestContext context, Bearer bearer)
    {
        var machines = MachineAccess.Scope(db.Machines.Where(m => m.AccountId == context.Account.Id), db, bearer).Select(m => m.Id);
        return db.Processes.Where(p => p.AccountId == context.Account.Id && machines.Contains(p.MachineId));
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var now = db.Now();
        var query = Scope(db, context, context.RequireBearer()).AsNoTracking();
        query = ChildFilters.Apply(query, db, context.Account.Id, http.Request.Query, now);
        query = ProcessFilters.Status(query, http.Request.Query, now);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(MachineQueries.ProcessesWithMachine(query), http);
        return JsonApiResults.List(items, ProcessSerializer.At(now), links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, _, process) = await LoadAsync(http, db, id);
        return JsonApiResults.Resource(process, ProcessSerializer.At(db.Now()));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var ct = http.RequestAborted;
        var request = await ResourceRequest.ReadAsync(http, ProcessSerializer.Type, "process");
        var attributes = request.Attributes.Permit("pid", "metadata");
        request.Relationships.Permit("machine");
        var pid = attributes.RequiredString("pid");
        if (string.IsNullOrWhiteSpace(pid))
        {
            throw DomainError.BadRequest("cannot be blank", "/data/attributes/pid");
        }

        var machine = await ComponentEndpoints.ChildMachineAsync(db, context, bearer, request, ct);
        Forbidden.Unless(MachineAccess.CanCreateProcess(bearer, machine));

        ProcessRules.ValidatePid(pid);
        var now = db.Now();
        var process = new MachineProcess
        {
            AccountId = context.Account.Id,
            MachineId = machine.Id,
            Machine = machine,
            Pid = pid,
            LastHeartbeat = now,
            Metadata = attributes.Metadata().Value ?? "{}",
        };
        if (request.Id is { } clientId)
        {
            process.Id = Ids.TryParse(clientId, out var uuid) ? uuid : throw DomainError.Invalid("/data/id", "ID_INVALID", "must be a valid UUID");
            if (await db.Processes.AnyAsync(p => p.Id == uuid, ct))
            {
                throw DomainError.Invalid("/data/id", "ID_CONFLICT", "must not conflict with another process");
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await MachineRules.LockLicenseAsync(db, machine.LicenseId, ct);
        if (await db.Processes.AnyAsync(p => p.MachineId == machine.Id && p.Pid == pid, ct))
        {
            throw DomainError.Invalid("/data/attributes/pid", "PID_TAKEN", "has already been taken");
        }

        await ProcessRules.CheckLimitAsync(db, machine, machine.LoadedLicense, ct);
        db.Machines.Attach(machine);
        db.Processes.Add(process);
        EventLog.Record(db, "process.created", process, ProcessSerializer.At(now));
        await db.SaveChangesAsync(ct);

        await transaction.CommitAsync(ct);
        return JsonApiResults.Created(http, process, ProcessSerializer.At(now), Links.Resource(process.AccountId, ProcessSerializer.Type, process.Id));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, process) = await LoadAsync(http, db, id, track: true);
        Forbidden.Unless(MachineAccess.CanUpdateProcess(bearer));

        var request = await ResourceRequest.ReadAsync(http, ProcessSerializer.Type, "process");
        var attributes = request.Attributes.Permit("metadata");
        request.Relationships.Permit();
        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            process.Metadata = metadata;
        }

        var now = db.Now();
        process.Updated = now;
        EventLog.Record(db, "process.updated", process, ProcessSerializer.At(now));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(process, ProcessSerializer.At(now));
    }

    private static async Task<IResult> DestroyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, process) = await LoadAsync(http, db, id, track: true);
        Forbidden.Unless(MachineAccess.CanDeleteProcess(bearer, process.LoadedMachine));

        EventLog.Record(db, "process.deleted", process, ProcessSerializer.At(db.Now()));
        db.Processes.Remove(process);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> PingAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, process) = await LoadAsync(http, db, id, track: true);
        var machine = process.LoadedMachine;
        Forbidden.Unless(MachineAccess.CanPingProcess(bearer, machine));

        var now = db.Now();
        var ping = Heartbeats.Ping(process, machine.LoadedLicense.LoadedPolicy, now);
        EventLog.Record(db, ping.Event, process, ProcessSerializer.At(now, ping.Status));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(process, ProcessSerializer.At(now, ping.Status));
    }

    private static async Task<IResult> ProductAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, process) = await LoadAsync(http, db, id);
        Forbidden.Unless(ProductAccess.CanShow(bearer));

        return await MachineRelated.ProductAsync(db, process.LoadedMachine, http.RequestAborted);
    }

    private static async Task<IResult> LicenseAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, _, process) = await LoadAsync(http, db, id);
        return await MachineRelated.LicenseAsync(db, process.LoadedMachine, http.RequestAborted);
    }

    private static async Task<IResult> MachineAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, _, process) = await LoadAsync(http, db, id);
        return JsonApiResults.Resource(process.LoadedMachine, MachineSerializer.At(db.Now()));
    }

    private static async Task<(RequestContext Context, Bearer Bearer, MachineProcess Process)> LoadAsync(HttpContext http, LicenseServerDb db, string id, bool track = false)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var query = MachineQueries.ProcessesWithMachine(Scope(db, context, bearer));
        if (!track)
        {
            query = query.AsNoTracking();
        }

        var process = Ids.TryParse(id, out var uuid) ? await query.FirstOrDefaultAsync(p => p.Id == uuid, http.RequestAborted) : null;
        return (context, bearer, process ?? throw DomainError.NotFound("process", id));
    }
}

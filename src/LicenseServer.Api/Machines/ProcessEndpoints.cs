using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>Machine processes (resources.md §16, behaviour.md §4.6): spawn under the maxProcesses limit, heartbeat, kill.</summary>
public static class ProcessEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var processes = account.MapResource("/processes", "process", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
        processes.MapPost("/{id}/actions/ping", PingAsync).Requires("process.heartbeat.ping").WithMetadata(SharedEnvironmentWrites.Allowed);
        MachineRelated.MapForChildren(processes, async (caller, db, id) => (await FindAsync(caller, db, id)).LoadedMachine);
    }

    private static Task<MachineProcess> FindAsync(Caller caller, LicenseServerDb db, string id, bool track = false) =>
        MachineQueries.FindProcessAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track);

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        var now = db.Now();
        var query = MachineQueries.Processes(db, caller.AccountId, caller.Bearer).AsNoTracking();
        query = ChildFilters.Apply(query, db, caller.AccountId, caller.Http.Request.Query, now);
        query = ProcessFilters.Status(query, caller.Http.Request.Query, now);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(MachineQueries.ProcessesWithMachine(query), caller.Http);
        return JsonApiResults.List(items, ProcessSerializer.At(now), links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id) =>
        JsonApiResults.Resource(await FindAsync(caller, db, id), ProcessSerializer.At(db.Now()));

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db)
    {
        var ct = caller.Aborted;
        var request = await ResourceRequest.ReadAsync(caller.Http, ProcessSerializer.Type, "process");
        var attributes = request.Attributes.Permit("pid", "metadata");
        request.Relationships.Permit("machine");
        var pid = attributes.RequiredString("pid");
        if (string.IsNullOrWhiteSpace(pid))
        {
            throw DomainError.BadRequest("cannot be blank", "/data/attributes/pid");
        }

        var machine = await MachineRelated.LinkedMachineAsync(caller, db, request);
        Forbidden.Unless(MachineAccess.CanCreateProcess(caller.Bearer, machine));

        ProcessRules.ValidatePid(pid);
        var now = db.Now();
        var process = new MachineProcess
        {
            AccountId = caller.AccountId,
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
        await EventLog.CommitAsync(db, "process.created", process, ProcessSerializer.At(now), ct);
        await transaction.CommitAsync(ct);
        return JsonApiResults.Created(caller.Http, process, ProcessSerializer.At(now), Links.Resource(process.AccountId, ProcessSerializer.Type, process.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var process = await FindAsync(caller, db, id, track: true);
        Forbidden.Unless(MachineAccess.CanUpdateProcess(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, ProcessSerializer.Type, "process");
        var attributes = request.Attributes.Permit("metadata");
        request.Relationships.Permit();
        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            process.Metadata = metadata;
        }

        var now = db.Now();
        await EventLog.CommitAsync(db, "process.updated", process, ProcessSerializer.At(now), caller.Aborted);
        return JsonApiResults.Resource(process, ProcessSerializer.At(now));
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var process = await FindAsync(caller, db, id, track: true);
        Forbidden.Unless(MachineAccess.CanDeleteProcess(caller.Bearer, process.LoadedMachine));

        await EventLog.CommitRemovalAsync(db, "process.deleted", process, ProcessSerializer.At(db.Now()), caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> PingAsync(Caller caller, LicenseServerDb db, string id)
    {
        var process = await FindAsync(caller, db, id, track: true);
        var machine = process.LoadedMachine;
        Forbidden.Unless(MachineAccess.CanPingProcess(caller.Bearer, machine));

        var now = db.Now();
        var ping = Heartbeats.Ping(process, machine.LoadedLicense.LoadedPolicy, now);
        await EventLog.CommitAsync(db, ping.Event, process, ProcessSerializer.At(now, ping.Status), caller.Aborted);
        return JsonApiResults.Resource(process, ProcessSerializer.At(now, ping.Status));
    }
}

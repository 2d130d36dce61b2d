using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>
/// Machine heartbeats (resources.md §14, behaviour.md §4.5): ping (resurrecting when allowed) and reset;
/// and the legacy offline proof (behaviour.md §4.9).
/// </summary>
public static class MachineActionEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var machines = account.MapGroup("/machines/{id}/actions");
        machines.MapPost("/ping", PingAsync).Requires("machine.heartbeat.ping").WithMetadata(SharedEnvironmentWrites.Allowed);
        machines.MapPost("/ping-heartbeat", PingAsync).Requires("machine.heartbeat.ping").WithMetadata(SharedEnvironmentWrites.Allowed);
        machines.MapPost("/reset", ResetAsync).Requires("machine.heartbeat.reset").WithMetadata(SharedEnvironmentWrites.Allowed);
        machines.MapPost("/reset-heartbeat", ResetAsync).Requires("machine.heartbeat.reset").WithMetadata(SharedEnvironmentWrites.Allowed);
        machines.MapPost("/generate-offline-proof", GenerateProofAsync).Requires("machine.proofs.generate");
        MachineCheckOutEndpoints.Map(machines);
    }

    private static async Task<IResult> PingAsync(Caller caller, LicenseServerDb db, string id)
    {
        var machine = await MachineQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(MachineAccess.CanPing(caller.Bearer, machine));

        var now = db.Now();
        var ping = Heartbeats.Ping(machine, machine.LoadedLicense.LoadedPolicy, now);
        await EventLog.CommitAsync(db, ping.Event, machine, MachineSerializer.At(now, ping.Status), caller.Aborted);
        return JsonApiResults.Resource(machine, MachineSerializer.At(now, ping.Status));
    }

    private static async Task<IResult> ResetAsync(Caller caller, LicenseServerDb db, string id)
    {
        var machine = await MachineQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(MachineAccess.CanReset(caller.Bearer));

        var now = db.Now();
        machine.ResetHeartbeat(now);
        await EventLog.CommitAsync(db, "machine.heartbeat.reset", machine, MachineSerializer.At(now), caller.Aborted);
        return JsonApiResults.Resource(machine, MachineSerializer.At(now));
    }

    /// <summary>
    /// POST generate-offline-proof: the machine with <c>meta.proof</c>, a signed default dataset or, from staff
    /// and products, <c>meta.dataset</c>; records <c>machine.proofs.generated</c> with the proof as its meta.
    /// </summary>
    private static async Task<IResult> GenerateProofAsync(Caller caller, LicenseServerDb db, string id)
    {
        var machine = await MachineQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        Forbidden.Unless(MachineAccess.CanGenerateProof(caller.Bearer, machine));

        var body = await RequestBody.ReadAsync(caller.Http);
        var root = body is null ? RequestObject.Empty(string.Empty) : RequestObject.From(body.Value, string.Empty);
        root.Permit(MachineAccess.CanSupplyProofDataset(caller.Bearer) ? ["meta"] : []);
        JsonElement? dataset = null;
        if (root.Object("meta") is { } meta)
        {
            meta.Permit("dataset");
            meta.RequiredObject("dataset");
            dataset = meta.Required("dataset");
        }

        var now = db.Now();
        var proof = OfflineProof.Sign(caller.Account,
            dataset is { } supplied ? OfflineProof.SuppliedDataset(supplied) : OfflineProof.DefaultDataset(machine, now));
        // The machine is read, not changed: the event records the proof, and Updated stays.
        EventLog.Record(db, "machine.proofs.generated", machine, MachineSerializer.At(now), w => w.WriteString("proof", proof));
        await db.SaveChangesAsync(caller.Aborted);
        return JsonApiResults.Resource(machine, MachineSerializer.At(now), writeMeta: w => w.WriteString("proof", proof));
    }
}

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
        machines.MapPost("/ping", PingAsync);
        machines.MapPost("/ping-heartbeat", PingAsync);
        machines.MapPost("/reset", ResetAsync);
        machines.MapPost("/reset-heartbeat", ResetAsync);
        machines.MapPost("/generate-offline-proof", GenerateProofAsync);
        MachineCheckOutEndpoints.Map(machines);
    }

    private static async Task<IResult> PingAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var machine = await MachineEndpoints.FindAsync(db, context, bearer, id, http.RequestAborted, track: true);
        Forbidden.Unless(MachineAccess.CanPing(bearer, machine));

        var now = db.Now();
        var ping = Heartbeats.Ping(machine, machine.LoadedLicense.LoadedPolicy, now);
        EventLog.Record(db, ping.Event, machine, MachineSerializer.At(now, ping.Status));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(machine, MachineSerializer.At(now, ping.Status));
    }

    private static async Task<IResult> ResetAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var machine = await MachineEndpoints.FindAsync(db, context, bearer, id, http.RequestAborted, track: true);
        Forbidden.Unless(MachineAccess.CanReset(bearer));

        var now = db.Now();
        machine.ResetHeartbeat(now);
        EventLog.Record(db, "machine.heartbeat.reset", machine, MachineSerializer.At(now));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(machine, MachineSerializer.At(now));
    }

    /// <summary>
    /// POST generate-offline-proof: the machine with <c>meta.proof</c>, a signed default dataset or, from staff
    /// and products, <c>meta.dataset</c>; records <c>machine.proofs.generated</c> with the proof as its meta.
    /// </summary>
    private static async Task<IResult> GenerateProofAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var machine = await MachineEndpoints.FindAsync(db, context, bearer, id, http.RequestAborted);
        Forbidden.Unless(MachineAccess.CanGenerateProof(bearer, machine));

        var body = await RequestBody.ReadAsync(http);
        var root = body is null ? RequestObject.Empty(string.Empty) : RequestObject.From(body.Value, string.Empty);
        root.Permit(MachineAccess.CanSupplyProofDataset(bearer) ? ["meta"] : []);
        JsonElement? dataset = null;
        if (root.Object("meta") is { } meta)
        {
            meta.Permit("dataset");
            meta.RequiredObject("dataset");
            dataset = meta.Required("dataset");
        }

        var now = db.Now();
        var proof = OfflineProof.Sign(context.Account,
            dataset is { } supplied ? OfflineProof.SuppliedDataset(supplied) : OfflineProof.DefaultDataset(machine, now));
        EventLog.Record(db, "machine.proofs.generated", machine, MachineSerializer.At(now), w => w.WriteString("proof", proof));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(machine, MachineSerializer.At(now), writeMeta: w => w.WriteString("proof", proof));
    }
}

using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>Writes a process loaded with its machine, license and policy; the status is derived at <c>now</c>.</summary>
public static class ProcessSerializer
{
    public const string Type = "processes";

    /// <summary>The resource object as a JSON string (event payloads written by the cull job).</summary>
    public static string Json(MachineProcess process, DateTime now) => EventLog.Payload(process, At(now));

    public static Action<Utf8JsonWriter, MachineProcess> At(DateTime now, string? status = null) => (w, process) => Write(w, process, now, status);

    public static void Write(Utf8JsonWriter w, MachineProcess process, DateTime now, string? status = null)
    {
        var machine = process.LoadedMachine;
        var policy = machine.LoadedLicense.LoadedPolicy;
        var self = w.BeginResource(Type, process);
        w.WriteString("pid", process.Pid);
        w.WriteString("status", status ?? Heartbeats.ProcessStatus(process, policy, now));
        w.WriteNumber("interval", Heartbeats.Duration(policy));
        w.WriteTime("lastHeartbeat", process.LastHeartbeat);
        w.WriteTime("nextHeartbeat", Heartbeats.Next(process.LastHeartbeat, policy));
        w.BeginRelationships(process, process.Metadata);
        w.WriteToOne("product", $"{self}/product", "products", machine.LoadedLicense.ProductId);
        w.WriteToOne("license", $"{self}/license", "licenses", machine.LicenseId);
        w.WriteToOne("machine", $"{self}/machine", "machines", machine.Id);
        w.EndResource(self);
    }
}

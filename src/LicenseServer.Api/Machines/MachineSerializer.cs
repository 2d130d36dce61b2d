using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>Writes a machine loaded with its license and policy; the heartbeat fields are derived at <c>now</c>.</summary>
public static class MachineSerializer
{
    public const string Type = "machines";

    /// <summary>The resource object as a JSON string (event payloads written outside a request, e.g. by the cull job).</summary>
    public static string Json(Machine machine, DateTime now) => EventLog.Payload(machine, At(now));

    public static Action<Utf8JsonWriter, Machine> At(DateTime now, string? status = null) => (w, machine) => Write(w, machine, now, status);

    /// <summary>The status, when given, is shown instead of the derived one (RESURRECTED in a ping response).</summary>
    public static void Write(Utf8JsonWriter w, Machine machine, DateTime now, string? status = null)
    {
        var license = machine.LoadedLicense;
        var policy = license.LoadedPolicy;
        var self = w.BeginResource(Type, machine);
        w.WriteString("fingerprint", machine.Fingerprint);
        w.WriteNullableNumber("cores", machine.Cores);
        w.WriteNullableNumber("memory", machine.Memory);
        w.WriteNullableNumber("disk", machine.Disk);
        w.WriteNullableString("ip", machine.Ip);
        w.WriteNullableString("hostname", machine.Hostname);
        w.WriteNullableString("platform", machine.Platform);
        w.WriteNullableString("name", machine.Name);
        w.WriteBoolean("requireHeartbeat", Heartbeats.Required(machine, policy));
        w.WriteString("heartbeatStatus", status ?? Heartbeats.Status(machine, policy, now));
        w.WriteNumber("heartbeatDuration", Heartbeats.Duration(policy));
        w.WriteNullableNumber("maxProcesses", license.EffectiveMaxProcesses);
        w.WriteTime("lastCheckOut", machine.LastCheckOut);
        w.WriteTime("lastHeartbeat", machine.LastHeartbeat);
        w.WriteTime("nextHeartbeat", Heartbeats.Next(machine.LastHeartbeat, policy));
        w.BeginRelationships(machine, machine.Metadata);
        w.WriteToOne("product", $"{self}/product", "products", license.ProductId);
        w.WriteToOne("group", $"{self}/group", "groups", machine.GroupId);
        w.WriteToOne("license", $"{self}/license", "licenses", machine.LicenseId);
        w.WriteToOne("owner", $"{self}/owner", "users", machine.OwnerId);
        w.WriteToMany("components", $"{self}/components");
        w.WriteToMany("processes", $"{self}/processes");
        w.EndResource(self);
    }
}

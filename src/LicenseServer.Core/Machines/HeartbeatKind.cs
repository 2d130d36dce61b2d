namespace LicenseServer.Core.Machines;

/// <summary>
/// The names one kind of heartbeat goes by (behaviour.md §4.5, §4.6): its events (<c>machine.heartbeat.ping</c>,
/// <c>process.heartbeat.dead</c>, …), its resource type and the code of a ping that came too late.
/// </summary>
public sealed class HeartbeatKind
{
    public static readonly HeartbeatKind Machine = new("machine", "machines");

    public static readonly HeartbeatKind Process = new("process", "processes");

    private HeartbeatKind(string noun, string resourceType)
    {
        ResourceType = resourceType;
        PingEvent = noun + ".heartbeat.ping";
        ResurrectedEvent = noun + ".heartbeat.resurrected";
        DeadEvent = noun + ".heartbeat.dead";
        PongEvent = noun + ".heartbeat.pong";
        DeadCode = noun.ToUpperInvariant() + "_HEARTBEAT_DEAD";
    }

    public string ResourceType { get; }

    public string PingEvent { get; }

    public string ResurrectedEvent { get; }

    public string DeadEvent { get; }

    public string PongEvent { get; }

    public string DeadCode { get; }
}

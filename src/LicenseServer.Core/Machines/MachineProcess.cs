using LicenseServer.Core.Environments;
using LicenseServer.Core.Policies;

namespace LicenseServer.Core.Machines;

/// <summary>A running process on a machine (resources.md §16); always heartbeat-monitored.</summary>
public sealed class MachineProcess : AccountEntity, IEnvironmentScoped, IHeartbeating
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid MachineId { get; set; }

    public required string Pid { get; set; }

    public DateTime LastHeartbeat { get; set; }

    /// <summary>When <c>process.heartbeat.dead</c> was recorded for the current death.</summary>
    public DateTime? LastDeathEventSentAt { get; set; }

    /// <summary>Set while the cull job watches a dead process that may still be revived (see <see cref="Machine.HeartbeatMonitoredAt"/>).</summary>
    public DateTime? HeartbeatMonitoredAt { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";

    public Machine? Machine { get; set; }

    public Machine LoadedMachine => Machine ?? throw new InvalidOperationException("The process's machine was not loaded.");

    DateTime? IHeartbeating.LastHeartbeat => LastHeartbeat;

    HeartbeatKind IHeartbeating.HeartbeatKind => HeartbeatKind.Process;

    string IHeartbeating.HeartbeatStatus(Policy policy, DateTime now) => Heartbeats.ProcessStatus(this, policy, now);

    void IHeartbeating.Beat(DateTime now) => LastHeartbeat = now;
}

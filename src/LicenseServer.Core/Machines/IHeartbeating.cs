using LicenseServer.Core.Policies;

namespace LicenseServer.Core.Machines;

/// <summary>
/// A machine or a process as heartbeat monitoring sees it (behaviour.md §4.5, §4.6): its last ping, its status under
/// a policy and the cull job's markers. <see cref="Heartbeats.Ping"/> and <see cref="HeartbeatCullJob{T}"/> work on
/// this, so machines and processes share one ping and one cull.
/// </summary>
public interface IHeartbeating
{
    Guid Id { get; }

    Guid AccountId { get; }

    DateTime Updated { get; set; }

    /// <summary>The last ping; null for a machine whose heartbeat has not started or was reset.</summary>
    DateTime? LastHeartbeat { get; }

    /// <summary>When the dead event was recorded for the current death; a resurrection clears it.</summary>
    DateTime? LastDeathEventSentAt { get; set; }

    /// <summary>Set while the cull job watches a dead one that may still be revived.</summary>
    DateTime? HeartbeatMonitoredAt { get; set; }

    /// <summary>Which names its events and errors go by.</summary>
    HeartbeatKind HeartbeatKind { get; }

    /// <summary>ALIVE, DEAD or (machines only) NOT_STARTED at <paramref name="now"/> under the policy.</summary>
    string HeartbeatStatus(Policy policy, DateTime now);

    /// <summary>Records a ping at <paramref name="now"/> as the last heartbeat.</summary>
    void Beat(DateTime now);
}

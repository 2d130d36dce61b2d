using LicenseServer.Core.Environments;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Machines;

/// <summary>
/// An activated device of a license (resources.md §14). The product, policy and heartbeat rules come
/// from the license, so <see cref="License"/> (with its policy) is loaded wherever a machine is shown.
/// </summary>
public sealed class Machine : AccountEntity, IEnvironmentScoped, IHeartbeating
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid LicenseId { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? GroupId { get; set; }

    public required string Fingerprint { get; set; }

    public string? Name { get; set; }

    public string? Ip { get; set; }

    public string? Hostname { get; set; }

    public string? Platform { get; set; }

    public int? Cores { get; set; }

    public long? Memory { get; set; }

    public long? Disk { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";

    public DateTime? LastHeartbeat { get; set; }

    /// <summary>When <c>machine.heartbeat.dead</c> was recorded for the current death; a resurrection clears it.</summary>
    public DateTime? LastDeathEventSentAt { get; set; }

    /// <summary>
    /// Set while the cull job watches a dead machine that may still be revived; the first run that finds it alive
    /// again records <c>machine.heartbeat.pong</c> and clears it (behaviour.md §4.5).
    /// </summary>
    public DateTime? HeartbeatMonitoredAt { get; set; }

    public DateTime? LastCheckOut { get; set; }

    public License? License { get; set; }

    public User? Owner { get; set; }

    public License LoadedLicense => License ?? throw new InvalidOperationException("The machine's license was not loaded.");

    HeartbeatKind IHeartbeating.HeartbeatKind => HeartbeatKind.Machine;

    string IHeartbeating.HeartbeatStatus(Policy policy, DateTime now) => Heartbeats.Status(this, policy, now);

    void IHeartbeating.Beat(DateTime now) => LastHeartbeat = now;

    /// <summary>Stops the heartbeat (reset): NOT_STARTED again until the next ping, and no death on record.</summary>
    public void ResetHeartbeat(DateTime now)
    {
        LastHeartbeat = null;
        LastDeathEventSentAt = null;
        Updated = now;
    }
}

namespace LicenseServer.Core.Licenses;

/// <summary>A machine as validation sees it; heartbeat status is NOT_STARTED, ALIVE or DEAD.</summary>
public sealed record MachineFact(Guid Id, string Fingerprint, Guid? OwnerId, string? OwnerEmail, string HeartbeatStatus, IReadOnlyList<string> Components)
{
    public bool IsDead => HeartbeatStatus == "DEAD";
}

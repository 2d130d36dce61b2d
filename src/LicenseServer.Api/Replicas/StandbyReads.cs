namespace LicenseServer.Api.Replicas;

/// <summary>
/// Endpoint metadata that overrides the method's rule for standby reads (<see cref="ReplicaRouting"/>): <see cref="Allowed"/>
/// on a POST that only reads (the validations), <see cref="Refused"/> on a GET that writes (a check-out stamps its time).
/// </summary>
public sealed class StandbyReads
{
    public static readonly StandbyReads Allowed = new(true);

    public static readonly StandbyReads Refused = new(false);

    private StandbyReads(bool allowed) => IsAllowed = allowed;

    public bool IsAllowed { get; }
}

namespace LicenseServer.Core.Data;

/// <summary>
/// Which pool a scope's <see cref="LicenseServerDb"/> is rented from: the primary unless the request is sent to the
/// standbys (<see cref="ToReplica"/>) before its context is first used. Only requests that read are (README "Scale out").
/// </summary>
public sealed class DatabaseRoute
{
    public bool Replica { get; private set; }

    public void ToReplica() => Replica = true;
}

namespace LicenseServer.Api.Configuration;

/// <summary>The <c>Replica</c> settings section (README "Scale out"); the standbys themselves are <c>ConnectionStrings:Replica</c>.</summary>
public sealed class ReplicaOptions
{
    public const string Section = "Replica";

    /// <summary>
    /// After a node serves a change to an account, how long that node keeps reading the account from the primary, so a
    /// client sees its own writes on its next read whatever the standbys' lag. Default 5 seconds; 0 turns it off.
    /// </summary>
    public double ReadYourWritesSeconds { get; set; } = 5;
}

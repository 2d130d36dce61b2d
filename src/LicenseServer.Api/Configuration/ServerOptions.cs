namespace LicenseServer.Api.Configuration;

/// <summary>The <c>Server</c> settings section.</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>Allows <c>POST /v1/accounts</c>. Off by default: a self-hosted server usually has one account.</summary>
    public bool AllowSignups { get; set; }

    /// <summary>Id or slug of the account that answers the routes without an account segment.</summary>
    public string? DefaultAccount { get; set; }

    /// <summary>Apply pending migrations at start-up (the run script and compose turn this on).</summary>
    public bool MigrateOnStartup { get; set; }
}

using LicenseServer.Core.Users;

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

    /// <summary>
    /// Reverse proxies whose <c>X-Forwarded-For</c> names the client: addresses and CIDR networks, comma-separated
    /// (e.g. <c>10.0.0.5, 172.16.0.0/12</c>). Empty (the default): the header is ignored and the socket's address is the client's.
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary>
    /// BCrypt work factor for passwords set from now on (4 to 31). Each step doubles the cost of a hash and of a login
    /// check; existing hashes keep the factor they were made with. Unset: <see cref="PasswordHashing.DefaultWorkFactor"/>.
    /// </summary>
    public int? PasswordWorkFactor { get; set; }
}

namespace LicenseServer.Api.RateLimits;

/// <summary>The <c>RateLimits</c> settings section (README, "Throttling").</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>
    /// The built-in brute-force throttles of password logins, reset requests and password changes (resources.md §1.10),
    /// counted in the database so every node shares them. On by default; turning them off is meant for load tests.
    /// </summary>
    public bool PasswordThrottles { get; set; } = true;

    /// <summary>Requests per client address on the public routes (validation, activation, token generation); off by default.</summary>
    public WindowLimit PerIp { get; set; } = new();

    /// <summary>Requests per account on the same public routes, whatever their address; off by default.</summary>
    public WindowLimit PerAccount { get; set; } = new();
}

/// <summary>At most <see cref="Limit"/> requests per fixed <see cref="Window"/>; a limit of 0 turns it off.</summary>
public sealed class WindowLimit
{
    public int Limit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsOn => Limit > 0 && Window >= TimeSpan.FromSeconds(1);
}

using Microsoft.AspNetCore.Cors.Infrastructure;

namespace LicenseServer.Api.Hosting;

/// <summary>
/// Browsers may call the API from any origin (without cookies: credentials travel in the Authorization header), and
/// scripts may read the headers of resources.md §1.10: Keygen's ids, the response signature and the rate limits.
/// </summary>
public static class CrossOrigin
{
    public static readonly string[] ExposedHeaders =
    [
        "Keygen-Account", "Keygen-Bearer", "Keygen-Token", "Keygen-Account-Id", "Keygen-Bearer-Id", "Keygen-Token-Id",
        "Keygen-Environment", "Keygen-Version", "Keygen-Edition", "Keygen-Mode", "Keygen-Revision",
        "Keygen-Signature", "Keygen-Date", "Keygen-Digest", "X-Signature", "Date", "Digest",
        "X-RateLimit-Window", "X-RateLimit-Count", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After",
    ];

    public static void Policy(CorsPolicyBuilder policy) => policy
        .AllowAnyOrigin()
        .AllowAnyMethod()
        .AllowAnyHeader()
        .WithExposedHeaders(ExposedHeaders)
        .SetPreflightMaxAge(TimeSpan.FromDays(1));
}

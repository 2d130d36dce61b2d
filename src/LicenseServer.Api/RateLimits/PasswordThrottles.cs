using LicenseServer.Core.Throttling;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.RateLimits;

/// <summary>
/// The built-in brute-force throttles (resources.md §1.10), per account + client address + subject, counted across
/// nodes in the database. Every attempt counts, right or wrong, as in Keygen: once a bucket is full even the right
/// password is refused until its window ends.
/// </summary>
public sealed class PasswordThrottles(IOptions<RateLimitOptions> options, TimeProvider clock)
{
    /// <summary>HTTP Basic email:password on <c>POST /tokens</c>; the subject is the e-mail.</summary>
    public static readonly Rule Login = new("login", 5, TimeSpan.FromMinutes(1));

    /// <summary><c>POST /passwords</c>; the subject is the e-mail.</summary>
    public static readonly Rule ResetRequest = new("password-reset-request", 5, TimeSpan.FromHours(1));

    /// <summary><c>update-password</c> and <c>reset-password</c> together; the subject is the user segment of the path.</summary>
    public static readonly Rule PasswordChange = new("password-change", 5, TimeSpan.FromMinutes(10));

    /// <summary>Creating, enabling, disabling and deleting second factors; the subject is the user whose factors they are.</summary>
    public static readonly Rule SecondFactorChange = new("second-factor-change", 5, TimeSpan.FromMinutes(10));

    private readonly bool _enabled = options.Value.PasswordThrottles;

    /// <summary>Counts this attempt; sets the <c>X-RateLimit-*</c> headers and throws the 429 once the bucket is full.</summary>
    public async Task CountAsync(HttpContext http, LicenseServerDb db, Rule rule, Guid accountId, string subject)
    {
        if (!_enabled)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var start = ThrottleCounters.WindowStart(now, rule.Window);
        var bucket = ThrottleCounters.Bucket(rule.Name, accountId.ToString(), ClientAddress.Of(http).ToString(), subject.ToLowerInvariant());
        var count = await ThrottleCounters.HitAsync(db, bucket, start.UtcDateTime, http.RequestAborted);
        new RateLimitState(rule.Limit, rule.Window, count, start).Enforce(http, now);
    }

    public sealed record Rule(string Name, int Limit, TimeSpan Window);
}

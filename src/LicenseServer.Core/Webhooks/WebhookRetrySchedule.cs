using System.Security.Cryptography;

namespace LicenseServer.Core.Webhooks;

/// <summary>Up to 15 retries after the first attempt; retry k waits k⁴ + 600·r seconds, r in 1..10 (behaviour.md §8).</summary>
public static class WebhookRetrySchedule
{
    public const int MaxAttempts = 16;

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failed ones, or null when none is left.</summary>
    public static TimeSpan? DelayAfter(int attempts)
    {
        if (attempts >= MaxAttempts)
        {
            return null;
        }

        var k = attempts - 1;
        var jitter = 600 * RandomNumberGenerator.GetInt32(1, 11);
        return TimeSpan.FromSeconds(((long)k * k * k * k) + jitter);
    }
}

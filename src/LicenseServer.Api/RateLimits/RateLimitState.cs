using System.Globalization;

namespace LicenseServer.Api.RateLimits;

/// <summary>Where one client stands in one fixed window: what the <c>X-RateLimit-*</c> headers report.</summary>
public readonly record struct RateLimitState(int Limit, TimeSpan Window, int Count, DateTimeOffset WindowStart)
{
    public bool Exceeded => Count > Limit;

    public int Remaining => Math.Max(0, Limit - Count);

    public DateTimeOffset Reset => WindowStart + Window;

    /// <summary>The tighter of two states: an exceeded one, else the one with fewer requests left.</summary>
    public static RateLimitState? Tighter(RateLimitState? a, RateLimitState b) =>
        a is not { } first ? b
        : first.Exceeded != b.Exceeded ? (first.Exceeded ? first : b)
        : first.Remaining <= b.Remaining ? first : b;

    /// <summary>Sets the headers; when the limit is exceeded, also <c>Retry-After</c> and throws the 429.</summary>
    public void Enforce(HttpContext http, DateTimeOffset now)
    {
        var headers = http.Response.Headers;
        headers["X-RateLimit-Window"] = WindowText(Window);
        headers["X-RateLimit-Count"] = Count.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Limit"] = Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (!Exceeded)
        {
            return;
        }

        var wait = (long)Math.Ceiling((Reset - now).TotalSeconds);
        headers.RetryAfter = Math.Max(1, wait).ToString(CultureInfo.InvariantCulture);
        throw new DomainError(ErrorKind.TooManyRequests, "Throttle limit has been reached, please try again later", "TOO_MANY_REQUESTS");
    }

    /// <summary><c>1s</c>, <c>1m</c>, <c>10m</c>, <c>1h</c>: the largest whole unit.</summary>
    public static string WindowText(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerHour == 0 ? $"{window.Ticks / TimeSpan.TicksPerHour}h"
        : window.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{window.Ticks / TimeSpan.TicksPerMinute}m"
        : $"{Math.Max(1, (long)window.TotalSeconds)}s";
}

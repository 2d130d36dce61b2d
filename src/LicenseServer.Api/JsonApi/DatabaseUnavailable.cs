namespace LicenseServer.Api.JsonApi;

/// <summary>
/// What a request hit by a database outage (<see cref="Core.Data.DatabaseOutage"/>) answers: 503 with <c>Retry-After</c> and
/// a JSON:API error document. The outage is logged as one line, not one stack trace per request: the first failure at once,
/// then at most one line every <see cref="ReportEvery"/> with the count of requests turned away since the last one, and one
/// line when the database answers again.
/// </summary>
public sealed partial class DatabaseUnavailable(ILogger<DatabaseUnavailable> logger)
{
    /// <summary>Seconds a client is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    public static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private long _since;
    private long _lastReport;
    private long _lastFailure;
    private int _unreported;
    private volatile bool _down;

    /// <summary>Logs (rate-limited) and answers the request with 503.</summary>
    public static Task SendAsync(HttpContext http, string reason)
    {
        http.RequestServices.GetRequiredService<DatabaseUnavailable>().Report(reason, request: true);
        if (http.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ErrorDocument.SendAsync(http, StatusCodes.Status503ServiceUnavailable, "Service unavailable",
            [new ErrorItem("The database is unavailable; try again shortly", "SERVICE_UNAVAILABLE")]);
    }

    /// <summary>Notes a failure caused by an outage; logs it when it is the first, or when the last line is old enough.</summary>
    public void Report(string reason, bool request)
    {
        var now = Environment.TickCount64;
        int turnedAway;
        bool first;
        lock (_gate)
        {
            if (request)
            {
                _unreported++;
            }

            // Nothing marks the end of an outage when no readiness probe or background write saw it: a failure long
            // after the last one starts a new outage.
            first = !_down || now - _lastFailure > 3 * (long)ReportEvery.TotalMilliseconds;
            _lastFailure = now;
            if (!first && now - _lastReport < (long)ReportEvery.TotalMilliseconds)
            {
                return;
            }

            if (first)
            {
                _since = now;
                _down = true;
            }

            _lastReport = now;
            turnedAway = _unreported;
            _unreported = 0;
        }

        if (first)
        {
            LogUnavailable(logger, reason);
        }
        else
        {
            LogStillUnavailable(logger, reason, (now - _since) / 1000, turnedAway);
        }
    }

    /// <summary>Notes that the database answered; logs once when that ends an outage.</summary>
    public void Available()
    {
        if (!_down)
        {
            return;
        }

        long seconds;
        int turnedAway;
        lock (_gate)
        {
            if (!_down)
            {
                return;
            }

            _down = false;
            seconds = (Environment.TickCount64 - _since) / 1000;
            turnedAway = _unreported;
            _unreported = 0;
        }

        LogAvailable(logger, seconds, turnedAway);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable: {Reason}; requests that need it answer 503 until it is back")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database still unavailable after {Seconds} s: {Reason}; {TurnedAway} requests answered 503 since the last report")]
    private static partial void LogStillUnavailable(ILogger logger, string reason, long seconds, int turnedAway);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database available again after {Seconds} s; {TurnedAway} more requests answered 503 meanwhile")]
    private static partial void LogAvailable(ILogger logger, long seconds, int turnedAway);
}

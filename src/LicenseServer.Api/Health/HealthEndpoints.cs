namespace LicenseServer.Api.Health;

/// <summary>Liveness (<c>/v1/ping</c>, <c>/v1/health</c>) and readiness (<c>/v1/health/ready</c>, which asks the database).</summary>
public static partial class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapGet("/ping", () => new JsonApiResult(StatusCodes.Status200OK, null));
        v1.MapGet("/accounts/{account}/ping", () => new JsonApiResult(StatusCodes.Status200OK, null));
        v1.MapGet("/health", () => JsonApiResults.NoContent());
        v1.MapGet("/health/ready", ReadyAsync);
    }

    /// <summary>
    /// 204 while the database answers; otherwise 503 with <c>Retry-After</c>, logged through <see cref="DatabaseUnavailable"/>
    /// (one line, not one per probe). With standbys (README "Scale out"), a node whose primary is down but whose standby
    /// answers is still ready: it serves validations and reads, and answers changes with 503.
    /// </summary>
    private static async Task<IResult> ReadyAsync(HttpContext http, LicenseServerDb db, ReplicaContexts replicas, DatabaseUnavailable outages,
        ILogger<LicenseServerDb> logger, CancellationToken ct)
    {
        string reason;
        try
        {
            if (await db.Database.CanConnectAsync(ct))
            {
                outages.Available();
                return JsonApiResults.NoContent();
            }

            reason = "the database did not accept a connection";
        }
        catch (Exception error) when (DatabaseOutage.Reason(error) is { } outage)
        {
            reason = outage;
        }
        catch (Exception error) when (error is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            LogUnready(logger, error);
            reason = error.Message;
        }

        outages.Report(reason, request: false);
        if (replicas.Available)
        {
            await using var standby = replicas.CreateDbContext();
            if (await standby.Database.CanConnectAsync(ct))
            {
                return JsonApiResults.NoContent();
            }
        }

        http.Response.Headers.RetryAfter = DatabaseUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new JsonApiResult(StatusCodes.Status503ServiceUnavailable, null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check failed: the database is unreachable")]
    private static partial void LogUnready(ILogger logger, Exception error);
}

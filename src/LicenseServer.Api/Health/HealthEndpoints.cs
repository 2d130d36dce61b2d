using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Data;

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

    private static async Task<IResult> ReadyAsync(LicenseServerDb db, ILogger<LicenseServerDb> logger, CancellationToken ct)
    {
        try
        {
            return await db.Database.CanConnectAsync(ct)
                ? JsonApiResults.NoContent()
                : new JsonApiResult(StatusCodes.Status503ServiceUnavailable, null);
        }
        catch (Exception error) when (error is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            LogUnready(logger, error);
            return new JsonApiResult(StatusCodes.Status503ServiceUnavailable, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check failed: the database is unreachable")]
    private static partial void LogUnready(ILogger logger, Exception error);
}

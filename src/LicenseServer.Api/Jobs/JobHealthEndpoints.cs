using Hangfire;

namespace LicenseServer.Api.Jobs;

/// <summary><c>GET /v1/health/webhooks</c>: 204 while a background worker is alive (resources.md §1.12), else 500.</summary>
public static class JobHealthEndpoints
{
    /// <summary>Hangfire servers beat every 30 s; one quiet for longer than this is taken for dead.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    public static void Map(IEndpointRouteBuilder v1) => v1.MapGet("/health/webhooks", Check);

    private static JsonApiResult Check(JobStorage storage, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var alive = storage.GetMonitoringApi().Servers().Any(s => s.Heartbeat is { } beat && now - beat < Quiet);
        return alive ? JsonApiResults.NoContent() : new JsonApiResult(StatusCodes.Status500InternalServerError, null);
    }
}

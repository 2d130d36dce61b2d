using System.Runtime.ExceptionServices;

namespace LicenseServer.Api.Replicas;

/// <summary>
/// Which requests a standby answers (README "Scale out"): those that only read (GET and HEAD, and the POSTs marked
/// <see cref="StandbyReads.Allowed"/>), for an account this node has not changed within the read-your-writes window
/// (<see cref="RecentWrites"/>). Everything else, and every request when no replica is configured, goes to the primary.
/// </summary>
public static class ReplicaRouting
{
    /// <summary>True when the endpoint only reads: by its metadata when it has some, else by its method.</summary>
    public static bool ReadsOnly(string method, Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<StandbyReads>() is { } marked
            ? marked.IsAllowed
            : HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    /// <summary>
    /// Runs a request that only reads (<paramref name="run"/>: authentication, then the handler) on a standby, or on the
    /// primary when <paramref name="onStandby"/> is false (the account was changed here moments ago), and falls back
    /// to the other where that can change the answer. A 404 from a standby may only mean that the row was made moments ago
    /// and has not reached it yet: the request runs again on the primary (when the primary is down the 404 stands). A read
    /// sent to the primary that finds it down runs again on a standby, which answers as of a moment ago rather than not at
    /// all. A run again gets a new scope (and so a context from the other pool) and reads the body again.
    /// </summary>
    public static async Task ReadAsync(HttpContext http, bool onStandby, Func<Task> run)
    {
        http.Request.EnableBuffering();
        var services = http.RequestServices;
        if (onStandby)
        {
            services.GetRequiredService<DatabaseRoute>().ToReplica();
        }

        try
        {
            await run();
        }
        catch (DomainError notFound) when (onStandby && notFound.Kind == ErrorKind.NotFound && !http.Response.HasStarted)
        {
            try
            {
                await RunAgainAsync(http, toStandby: false, run);
            }
            catch (Exception e) when (DatabaseOutage.Is(e))
            {
                ExceptionDispatchInfo.Throw(notFound);
            }
        }
        catch (Exception e) when (!onStandby && !http.Response.HasStarted && DatabaseOutage.Is(e))
        {
            await RunAgainAsync(http, toStandby: true, run);
        }
    }

    private static async Task RunAgainAsync(HttpContext http, bool toStandby, Func<Task> run)
    {
        var first = http.RequestServices;
        await using var scope = first.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        if (toStandby)
        {
            scope.ServiceProvider.GetRequiredService<DatabaseRoute>().ToReplica();
        }

        http.RequestServices = scope.ServiceProvider;
        http.Request.Body.Position = 0;
        try
        {
            await run();
        }
        finally
        {
            http.RequestServices = first;
        }
    }
}

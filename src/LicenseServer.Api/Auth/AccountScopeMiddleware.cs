using LicenseServer.Api.RateLimits;
using LicenseServer.Api.Replicas;
using LicenseServer.Api.RequestLogs;
using LicenseServer.Api.Signatures;
using LicenseServer.Api.Versions;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Events;

namespace LicenseServer.Api.Auth;

/// <summary>
/// For account-scoped endpoints: resolves the account, checks the API version and the accepted signature, and authenticates the
/// credentials, before the handler runs. Anonymous requests pass with no bearer; handlers decide. The operator's limits on the
/// public routes apply right after the account is known, before any credential is looked up. With standbys configured, a
/// request that only reads is sent to one (<see cref="ReplicaRouting"/>), and a request that may write marks its account
/// as just changed (<see cref="RecentWrites"/>).
/// </summary>
public sealed class AccountScopeMiddleware(RequestDelegate next, AccountResolver accounts, Authenticator.Readers readers, PublicRateLimits limits,
    DataSources sources, RecentWrites writes, RequestLogWriter requestLogs)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<AccountScoped>() is null)
        {
            await next(http);
            return;
        }

        var route = LoggedRoute.Of(endpoint);
        var context = new RequestContext
        {
            RequestId = Guid.TryParse(http.TraceIdentifier, out var requestId) ? requestId : Guid.NewGuid(),
            StartedTimestamp = System.Diagnostics.Stopwatch.GetTimestamp(),
            Started = requestLogs.Now(),
        };
        http.Features.Set(context);
        var segment = http.GetRouteValue("account")?.ToString() ?? AccountResolver.DefaultSegment;
        var account = await accounts.ResolveAsync(segment, http.RequestAborted);
        context.AccountOrNull = account;
        context.RequestLogs = requestLogs.Enabled && route.Logged ? requestLogs : null;
        ApiVersionMiddleware.Resolve(http, account.ApiVersion);
        context.SignatureAlgorithm = AcceptSignature.Resolve(http.Request, account.Id);
        if (limits.Enabled && endpoint.Metadata.GetMetadata<PublicRateLimited>() is not null)
        {
            limits.Enforce(http, account.Id);
        }

        var allowPassword = endpoint.Metadata.GetMetadata<AllowPasswordLogin>() is not null;
        context.Credentials = Credentials.Parse(http.Request, allowPassword);
        if (!sources.HasReplica)
        {
            await AuthenticateAndRunAsync(http, context);
        }
        else if (ReplicaRouting.ReadsOnly(http.Request.Method, endpoint))
        {
            await ReplicaRouting.ReadAsync(http, onStandby: !writes.Within(account.Id), () => AuthenticateAndRunAsync(http, context));
        }
        else
        {
            writes.Mark(account.Id);
            try
            {
                await AuthenticateAndRunAsync(http, context);
            }
            finally
            {
                // Again at the end: the window runs from when the change was made, however long the request took.
                writes.Mark(account.Id);
            }
        }
    }

    private async Task AuthenticateAndRunAsync(HttpContext http, RequestContext context)
    {
        var db = http.RequestServices.GetRequiredService<LicenseServerDb>();
        context.Environment = await EnvironmentSelection.ResolveAsync(http, db, context.Account.Id);
        db.UseEnvironment(context.Environment?.Id, context.Environment?.IsShared ?? false);
        context.Bearer = await Authenticator.AuthenticateAsync(readers, db, context.Account, context.Credentials, http.RequestAborted);
        context.Origin = db.Origin = Origin(http, context);
        if (context.Bearer is { } authenticated)
        {
            EnvironmentRules.EnsureBearerAllowed(authenticated, context.Environment);
        }

        if (context.Bearer is { } bearer)
        {
            var endpoint = http.GetEndpoint()!;
            await PermissionCheck.CheckAsync(http, endpoint, bearer, db, context.Account.Id);
            await SharedEnvironmentWrites.CheckAsync(http, endpoint, bearer, db, context.Account.Id, context.Environment);
        }

        await next(http);
    }

    /// <summary>
    /// Who and why (enterprise.md §3.2): the request, its bearer, and the primary record its route names (<see cref="LoggedRoute"/>);
    /// a record named by key or code rather than UUID is learnt from the first event about it.
    /// </summary>
    private static EventOrigin Origin(HttpContext http, RequestContext context)
    {
        var route = LoggedRoute.Of(http.GetEndpoint()!);
        Guid? resourceId = route.Parameter is { } parameter && Core.Common.Ids.TryParse(http.GetRouteValue(parameter)?.ToString(), out var id) ? id : null;
        return new EventOrigin
        {
            // An event links to its request's log only when there is one to link to.
            RequestId = context.RequestLogs is null ? null : context.RequestId,
            WhodunnitType = context.Bearer?.Type,
            WhodunnitId = context.Bearer?.Id,
            ResourceType = route.ResourceType,
            ResourceId = resourceId,
            EnvironmentId = context.Environment?.Id,
        };
    }
}

using LicenseServer.Api.Accounts;
using LicenseServer.Api.Analytics;
using LicenseServer.Api.Artifacts;
using LicenseServer.Api.Docs;
using LicenseServer.Api.EngineProtocols;
using LicenseServer.Api.Entitlements;
using LicenseServer.Api.Environments;
using LicenseServer.Api.EventLogs;
using LicenseServer.Api.Groups;
using LicenseServer.Api.Health;
using LicenseServer.Api.Jobs;
using LicenseServer.Api.Keys;
using LicenseServer.Api.Licenses;
using LicenseServer.Api.Machines;
using LicenseServer.Api.Observability;
using LicenseServer.Api.Packages;
using LicenseServer.Api.Passwords;
using LicenseServer.Api.Policies;
using LicenseServer.Api.Products;
using LicenseServer.Api.Profile;
using LicenseServer.Api.Releases;
using LicenseServer.Api.RequestLogs;
using LicenseServer.Api.Tokens;
using LicenseServer.Api.Users;
using LicenseServer.Api.Webhooks;

namespace LicenseServer.Api.Hosting;

public static class Pipeline
{
    /// <summary>Middleware in order, then every route. Account-scoped routes live under one group.</summary>
    public static void UseLicenseServer(this WebApplication app)
    {
        app.UseMiddleware<RequestIds>();
        app.UseTrustedProxies();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMetricsEndpoint();
        app.UseJobs();
        app.UseCors();
        app.Use((http, next) =>
        {
            RequestTarget.Check(http);
            if (ApiReference.Serves(http.Request.Path) || ArtifactMedia.AcceptsAnything(http.Request))
            {
                return next(http);
            }

            JsonApiMedia.CheckAccept(http.Request);
            JsonApiMedia.CheckContentType(http.Request);
            return next(http);
        });
        app.UseMiddleware<PrefixlessRoutesMiddleware>();
        app.UseRouting();
        app.UseMiddleware<AccountScopeMiddleware>();
        app.MapApiReference();

        var v1 = app.MapGroup("/v1");
        HealthEndpoints.Map(v1);
        JobHealthEndpoints.Map(v1);
        AccountEndpoints.Map(v1);
        ArtifactStorageEndpoints.Map(v1);

        var account = v1.MapGroup("/accounts/{account}").WithMetadata(AccountScoped.Instance);
        TokenEndpoints.Map(account);
        AccountSettingEndpoints.Map(account);
        EnvironmentEndpoints.Map(account);
        ProfileEndpoints.Map(account);
        ProductEndpoints.Map(account);
        ArtifactEndpoints.Map(account);
        RawEngineEndpoints.Map(account);
        PypiEngineEndpoints.Map(account);
        TauriEngineEndpoints.Map(account);
        UserEndpoints.Map(account);
        UserActionEndpoints.Map(account);
        UserTokenEndpoints.Map(account);
        SecondFactorEndpoints.Map(account);
        PasswordEndpoints.Map(account);
        EntitlementEndpoints.Map(account);
        GroupEndpoints.Map(account);
        WebhookEndpointEndpoints.Map(account);
        WebhookEventEndpoints.Map(account);
        PolicyEndpoints.Map(account);
        PolicyEntitlementEndpoints.Map(account);
        KeyEndpoints.Map(account);
        LicenseActionEndpoints.Map(account);
        LicenseEndpoints.Map(account);
        LicenseRelationshipEndpoints.Map(account);
        LicenseEntitlementEndpoints.Map(account);
        MachineActionEndpoints.Map(account);
        MachineEndpoints.Map(account);
        MachineRelationshipEndpoints.Map(account);
        ComponentEndpoints.Map(account);
        ProcessEndpoints.Map(account);
        EventLogEndpoints.Map(account);
        RequestLogEndpoints.Map(account);
        AnalyticsEndpoints.Map(account);
        ReleaseEndpoints.Map(account);
        ReleaseActionEndpoints.Map(account);
        ReleaseConstraintEndpoints.Map(account);
        ReleaseRelationshipEndpoints.Map(account);
        PackageEndpoints.Map(account);
        DistributionKeyEndpoints.Map(account);

        // Keygen serves its analytics series under /-/accounts/{account}: the same routes, the account resolved the same way.
        AnalyticsEndpoints.Map(app.MapGroup("/-/accounts/{account}").WithMetadata(AccountScoped.Instance));

        app.MapFallback("{*path}", NotFound);
    }

    /// <summary>The unknown-route 404, also for a route whose name segment names nothing (an unknown gauge or leaderboard).</summary>
    public static DomainError UnknownRoute() =>
        new(ErrorKind.NotFound, "The requested endpoint was not found (check your HTTP method, Accept header, and URL path)", "NOT_FOUND");

    private static IResult NotFound() => throw UnknownRoute();
}

using LicenseServer.Api.RateLimits;
using LicenseServer.Api.Signatures;
using LicenseServer.Api.Versions;

namespace LicenseServer.Api.Auth;

/// <summary>
/// For account-scoped endpoints: resolves the account, checks the API version and the accepted signature, and authenticates the
/// credentials, before the handler runs. Anonymous requests pass with no bearer; handlers decide. The operator's limits on the
/// public routes apply right after the account is known, before any credential is looked up.
/// </summary>
public sealed class AccountScopeMiddleware(RequestDelegate next, AccountResolver accounts, Authenticator.Readers readers, PublicRateLimits limits)
{
    public async Task InvokeAsync(HttpContext http, LicenseServerDb db)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<AccountScoped>() is null)
        {
            await next(http);
            return;
        }

        var context = new RequestContext();
        http.Features.Set(context);
        var segment = http.GetRouteValue("account")?.ToString() ?? AccountResolver.DefaultSegment;
        context.AccountOrNull = await accounts.ResolveAsync(db, segment, http.RequestAborted);
        ApiVersionMiddleware.Resolve(http, context.Account.ApiVersion);
        context.SignatureAlgorithm = AcceptSignature.Resolve(http.Request, context.Account.Id);
        if (limits.Enabled && endpoint.Metadata.GetMetadata<PublicRateLimited>() is not null)
        {
            limits.Enforce(http, context.Account.Id);
        }

        var allowPassword = endpoint.Metadata.GetMetadata<AllowPasswordLogin>() is not null;
        context.Credentials = Credentials.Parse(http.Request, allowPassword);
        context.Bearer = await Authenticator.AuthenticateAsync(readers, db, context.Account, context.Credentials, http.RequestAborted);
        await next(http);
    }
}

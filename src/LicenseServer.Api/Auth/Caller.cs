using LicenseServer.Core.Accounts;

namespace LicenseServer.Api.Auth;

/// <summary>
/// Who is calling, bound once per handler as a parameter: the account of the route, the bearer (401 TOKEN_MISSING when the
/// request carries no credentials), the request and its cancellation. A struct over the <see cref="RequestContext"/> that
/// <see cref="AccountScopeMiddleware"/> already set, so binding it allocates nothing; routes that also serve anonymous
/// callers read <see cref="RequestContext.Of"/> instead.
/// </summary>
public readonly struct Caller
{
    private Caller(HttpContext http, RequestContext context, Bearer bearer)
    {
        Http = http;
        Context = context;
        Bearer = bearer;
    }

    /// <summary>The request, for its body, query and response helpers.</summary>
    public HttpContext Http { get; }

    public RequestContext Context { get; }

    public Account Account => Context.Account;

    public Guid AccountId => Context.Account.Id;

    public Bearer Bearer { get; }

    /// <summary>Cancelled when the client goes away: the token every query and save of the handler takes.</summary>
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>
    /// The bearer, when the access rule <paramref name="allowed"/> lets it act; the standard 403 otherwise. The form of
    /// <see cref="Forbidden.Unless"/> for handlers that go on to use the bearer (<c>caller.Require(KeyAccess.CanRead)</c>).
    /// </summary>
    public Bearer Require(Func<Bearer, bool> allowed) => allowed(Bearer) ? Bearer : throw DomainError.Forbidden();

    /// <summary>Minimal API binding: the bearer is required before the handler runs (401 TOKEN_MISSING otherwise).</summary>
    public static ValueTask<Caller> BindAsync(HttpContext http) => ValueTask.FromResult(Of(http));

    /// <summary>The caller of <paramref name="http"/>, for code that is not a bound handler.</summary>
    public static Caller Of(HttpContext http)
    {
        var context = RequestContext.Of(http);
        return new Caller(http, context, context.RequireBearer());
    }
}

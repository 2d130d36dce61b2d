namespace LicenseServer.Api.Hosting;

/// <summary>
/// Serves every account-scoped route also without its account segment, as Keygen's SDKs and CLI call
/// a self-hosted server: <c>/v1/licenses</c> is rewritten to <c>/v1/accounts/-/licenses</c>, where
/// "-" stands for the default account. The path as sent is kept for links and signatures.
/// </summary>
public sealed class PrefixlessRoutesMiddleware(RequestDelegate next)
{
    private static readonly string[] NotAccountScoped = ["accounts", "ping", "health", "storage"];

    public Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        if (path.StartsWith("/v1/", StringComparison.Ordinal) && path.Length > 4)
        {
            var rest = path[4..];
            var slash = rest.IndexOf('/');
            var first = slash < 0 ? rest : rest[..slash];
            if (!NotAccountScoped.Contains(first, StringComparer.Ordinal))
            {
                RequestContext.SetOriginalPath(http, path);
                http.Request.Path = $"/v1/accounts/{AccountResolver.DefaultSegment}/{rest}";
            }
        }

        return next(http);
    }
}

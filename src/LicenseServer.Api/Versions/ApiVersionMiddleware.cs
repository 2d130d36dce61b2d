using LicenseServer.Core.Accounts;

namespace LicenseServer.Api.Versions;

/// <summary>Reads <c>Keygen-Version</c> (a leading "v" is stripped); an unsupported one is a 400.</summary>
public static class ApiVersionMiddleware
{
    public static void Resolve(HttpContext http, string? accountVersion)
    {
        var requested = http.Request.Headers["Keygen-Version"].ToString().Trim();
        if (requested.Length == 0)
        {
            RequestContext.SetApiVersion(http, accountVersion ?? ApiVersions.Current);
            return;
        }

        if (requested.StartsWith('v') || requested.StartsWith('V'))
        {
            requested = requested[1..];
        }

        if (!ApiVersions.IsSupported(requested))
        {
            throw new DomainError(ErrorKind.BadRequest, "unsupported API version requested", "INVALID_API_VERSION",
                ErrorSource.AtHeader("Keygen-Version"));
        }

        RequestContext.SetApiVersion(http, requested);
    }
}

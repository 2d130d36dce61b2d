using LicenseServer.Core.Environments;

namespace LicenseServer.Api.Auth;

/// <summary>
/// Global records are read-only from a SHARED environment (enterprise.md §2.4): a request that may change something, on a
/// member route whose record is global, is a 403, unless the route is one Keygen allows there (validation, heartbeats, a
/// pool pop), marked with <see cref="Allowed"/>.
/// </summary>
public sealed class SharedEnvironmentWrites
{
    private SharedEnvironmentWrites()
    {
    }

    /// <summary>Endpoint metadata: this action may run on a global record from a SHARED environment.</summary>
    public static readonly SharedEnvironmentWrites Allowed = new();

    public static async ValueTask CheckAsync(HttpContext http, Endpoint endpoint, Bearer bearer, LicenseServerDb db, Guid accountId,
        Core.Environments.Environment? current)
    {
        if (current is not { IsShared: true } || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || endpoint.Metadata.GetMetadata<SharedEnvironmentWrites>() is not null)
        {
            return;
        }

        if (await MemberLookups.FindAsync(http, endpoint, db, accountId, bearer) is IEnvironmentScoped { EnvironmentId: null })
        {
            throw EnvironmentRules.RecordNotCompatible();
        }
    }
}

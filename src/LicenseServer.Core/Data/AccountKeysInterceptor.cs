using LicenseServer.Core.Accounts;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LicenseServer.Core.Data;

/// <summary>
/// Opens the sealed private keys of every account the context reads, with the server keys it is bound to
/// (<see cref="LicenseServerDb.Bind"/>). One instance for all contexts, so EF Core keeps one internal service provider.
/// </summary>
internal sealed class AccountKeysInterceptor : IMaterializationInterceptor
{
    public static readonly AccountKeysInterceptor Instance = new();

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity is Account account)
        {
            AccountKeySealing.Open(account, (materializationData.Context as LicenseServerDb)?.ServerKeys);
        }

        return entity;
    }
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LicenseServer.Core.Data;

/// <summary>Hands the webhook events saved inside an explicit transaction to the queue when it commits.</summary>
internal sealed class WebhookDispatchInterceptor : DbTransactionInterceptor
{
    public static readonly WebhookDispatchInterceptor Instance = new();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as LicenseServerDb)?.DispatchWebhooks();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as LicenseServerDb)?.DispatchWebhooks();
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as LicenseServerDb)?.DiscardWebhooks();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as LicenseServerDb)?.DiscardWebhooks();
        return Task.CompletedTask;
    }
}

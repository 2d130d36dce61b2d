using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Webhooks;

internal sealed class WebhookEventConfiguration : AccountEntityConfiguration<WebhookEvent>
{
    protected override void ConfigureOwn(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(e => e.EndpointId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(e => new { e.AccountId, e.Event });
        builder.HasIndex(e => e.Created);
        builder.HasIndex(e => e.NextAttemptAt).HasFilter("next_attempt_at IS NOT NULL");
        builder.Property(e => e.IdempotencyToken).HasMaxLength(64);
        builder.NonNegative("webhook_events", "attempts");
    }
}

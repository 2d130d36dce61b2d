using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Events;

internal sealed class EventConfiguration : AccountEntityConfiguration<Event>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Event> builder)
    {
        // Event logs (enterprise.md §3.4) and analytics (§6) filter by name, by the record logged, by the bearer and by the
        // request, each newest first or over a date range.
        builder.HasIndex(e => new { e.AccountId, e.Name, e.Created });
        builder.HasIndex(e => new { e.AccountId, e.LogResourceType, e.LogResourceId, e.Created });
        builder.HasIndex(e => new { e.AccountId, e.WhodunnitType, e.WhodunnitId, e.Created });
        builder.HasIndex(e => new { e.AccountId, e.RequestId }).HasFilter("request_id IS NOT NULL");
        builder.Property(e => e.LogMetadata).HasColumnType("text");

        // Stored as written: the server renders these documents itself and never queries inside them, and parsing
        // them into jsonb was the largest cost of recording a validation.
        builder.Property(e => e.Payload).HasColumnType("text");
        builder.Property(e => e.Meta).HasColumnType("text");

        // Keep rows up to a page inline and uncompressed: compressing each ~2.5 KB validation event cost more than the disk it saves.
        builder.HasStorageParameter("toast_tuple_target", 8160);
    }
}

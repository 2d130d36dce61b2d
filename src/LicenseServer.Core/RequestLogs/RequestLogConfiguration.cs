using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.RequestLogs;

internal sealed class RequestLogConfiguration : AccountEntityConfiguration<RequestLog>
{
    protected override void ConfigureOwn(EntityTypeBuilder<RequestLog> builder)
    {
        // The id is the request's id, set by the writer, never generated here.
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.AccountId, r.ResourceType, r.ResourceId, r.Created });
        builder.HasIndex(r => new { r.AccountId, r.RequestorType, r.RequestorId, r.Created });

        // Keep rows up to a page inline and uncompressed, as events: a log of a license response is 3 to 4 KB, and
        // compressing one per request cost the writer's database more than the disk it saves.
        builder.HasStorageParameter("toast_tuple_target", 8160);
        foreach (var blob in new[] { nameof(RequestLog.RequestHeaders), nameof(RequestLog.RequestBody), nameof(RequestLog.ResponseHeaders),
                     nameof(RequestLog.ResponseBody), nameof(RequestLog.ResponseSignature) })
        {
            builder.Property(blob).HasColumnType("text");
        }
    }
}

using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.RequestLogs;

internal sealed class RequestLogConfiguration : AccountEntityConfiguration<RequestLog>
{
    protected override void ConfigureOwn(EntityTypeBuilder<RequestLog> builder)
    {
        // The id is the request's id, set by the writer, never generated here.
        builder.Property(r => r.Id).ValueGeneratedNever();
        // The logs of one record (a resource or a requestor, ids unique across types), newest first: the id alone leads, so
        // each entry is small and the one request log written per request costs its indexes less.
        builder.HasIndex(r => new { r.ResourceId, r.Created }).HasFilter("resource_id IS NOT NULL");
        builder.HasIndex(r => new { r.RequestorId, r.Created }).HasFilter("requestor_id IS NOT NULL");

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

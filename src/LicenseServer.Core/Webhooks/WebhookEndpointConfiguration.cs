using LicenseServer.Core.Products;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Webhooks;

internal sealed class WebhookEndpointConfiguration : AccountEntityConfiguration<WebhookEndpoint>
{
    protected override void ConfigureOwn(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Url).HasMaxLength(4096);
    }
}

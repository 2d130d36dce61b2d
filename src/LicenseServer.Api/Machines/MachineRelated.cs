using LicenseServer.Api.Licenses;
using LicenseServer.Api.Products;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>
/// The product and license of a machine as the related routes of the machine, its components and its processes
/// show them (the handler checks access first).
/// </summary>
public static class MachineRelated
{
    public static async Task<IResult> ProductAsync(LicenseServerDb db, Machine machine, CancellationToken ct)
    {
        var productId = machine.LoadedLicense.ProductId;
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == productId, ct);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    public static async Task<IResult> LicenseAsync(LicenseServerDb db, Machine machine, CancellationToken ct)
    {
        var licenseId = machine.LicenseId;
        var license = await LicenseQueries.FirstWithDetailsAsync(db, db.Licenses.AsNoTracking().Where(l => l.Id == licenseId), ct)
            ?? throw DomainError.NotFound("license", Ids.Format(licenseId));
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }
}

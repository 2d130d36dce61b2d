using LicenseServer.Api.Licenses;
using LicenseServer.Api.Products;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Products;

namespace LicenseServer.Api.Machines;

/// <summary>
/// The related routes a machine shares with its components and processes (its product, license and, for a child, the
/// machine itself), and the machine a component or process is created on.
/// </summary>
public static class MachineRelated
{
    /// <summary>
    /// Maps <c>/{id}/product</c>, <c>/{id}/license</c> and <c>/{id}/machine</c> of a component or process collection;
    /// <paramref name="machineOf"/> finds the child inside the bearer's scope (404 otherwise) and gives its machine.
    /// </summary>
    public static void MapForChildren(IEndpointRouteBuilder children, Func<Caller, LicenseServerDb, string, Task<Machine>> machineOf)
    {
        children.MapGet("/{id}/product", async (Caller caller, LicenseServerDb db, string id) =>
            await ProductAsync(caller, db, await machineOf(caller, db, id))).Requires("product.read");
        children.MapGet("/{id}/license", async (Caller caller, LicenseServerDb db, string id) =>
            await LicenseAsync(caller, db, await machineOf(caller, db, id))).Requires("license.read");
        children.MapGet("/{id}/machine", async (Caller caller, LicenseServerDb db, string id) =>
            JsonApiResults.Resource(await machineOf(caller, db, id), MachineSerializer.At(db.Now()))).Requires("machine.read");
    }

    /// <summary>The machine's product; 403 unless the bearer may read products.</summary>
    public static async Task<IResult> ProductAsync(Caller caller, LicenseServerDb db, Machine machine)
    {
        Forbidden.Unless(ProductAccess.CanShow(caller.Bearer));

        var productId = machine.LoadedLicense.ProductId;
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == productId, caller.Aborted);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    /// <summary>The machine's license with its details.</summary>
    public static async Task<IResult> LicenseAsync(Caller caller, LicenseServerDb db, Machine machine) =>
        JsonApiResults.Resource(await LicenseOfAsync(db, machine, caller.Aborted), LicenseSerializer.At(db.Now()));

    /// <summary>The machine's license read again with its details (policy, owner, counts), as its serializer shows them.</summary>
    public static async Task<License> LicenseOfAsync(LicenseServerDb db, Machine machine, CancellationToken ct)
    {
        var licenseId = machine.LicenseId;
        return await LicenseQueries.FirstWithDetailsAsync(db, db.Licenses.AsNoTracking().Where(l => l.Id == licenseId), ct)
            ?? throw DomainError.NotFound("license", Ids.Format(licenseId));
    }

    /// <summary>relationships.machine of a new component or process: required, and visible to the bearer (else 422 MACHINE_NOT_FOUND).</summary>
    public static async Task<Machine> LinkedMachineAsync(Caller caller, LicenseServerDb db, ResourceRequest request)
    {
        var link = request.ToOne("machine", "machines", "machine");
        if (!link.Present)
        {
            throw DomainError.BadRequest("is missing", "/data/relationships/machine");
        }

        if (link.Value is null)
        {
            throw DomainError.BadRequest("cannot be null", "/data/relationships/machine/data");
        }

        var id = Guid.Parse(link.Value);
        var scope = MachineAccess.Scope(db.Machines.AsNoTracking().Where(m => m.AccountId == caller.AccountId && m.Id == id), db, caller.Bearer);
        return await MachineQueries.WithLicense(scope).FirstOrDefaultAsync(caller.Aborted)
            ?? throw await RelatedRecords.MissingAsync(db, db.Machines, caller.AccountId, id, "machine",
                DomainError.Invalid("/data/relationships/machine", "MACHINE_NOT_FOUND", "must exist"), caller.Aborted);
    }
}

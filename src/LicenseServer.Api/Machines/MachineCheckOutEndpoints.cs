using LicenseServer.Api.Licenses;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>Machine check-out (resources.md §13, behaviour.md §4.8): POST answers a machine-files resource, GET the raw certificate.</summary>
public static class MachineCheckOutEndpoints
{
    private const string LicensePrefix = "license.";

    public static void Map(IEndpointRouteBuilder machineActions)
    {
        machineActions.MapPost("/check-out", (HttpContext http, LicenseServerDb db, string id) => CheckOutAsync(http, db, id, raw: false));
        machineActions.MapGet("/check-out", (HttpContext http, LicenseServerDb db, string id) => CheckOutAsync(http, db, id, raw: true));
    }

    private static async Task<IResult> CheckOutAsync(HttpContext http, LicenseServerDb db, string id, bool raw)
    {
        var ct = http.RequestAborted;
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var machine = await MachineEndpoints.FindAsync(db, context, bearer, id, ct, track: true);
        Forbidden.Unless(MachineAccess.CanCheckOut(bearer, machine));

        var request = await CheckOutRequest.ReadAsync(http);
        var algorithm = CertificateFile.Algorithm(request.Algorithm, request.Encrypt, machine.LoadedLicense.LoadedPolicy.Scheme);
        var includes = CheckOutIncludes.ForMachine(request.Include);
        FileIncludes.RequireReads(bearer, includes);

        var now = db.Now();
        var expiry = request.Ttl is { } ttl ? CalendarDuration.Add(now, ttl) : (DateTime?)null;
        machine.LastCheckOut = now;
        machine.Updated = now;

        var document = new CheckOutDocument();
        await IncludeAsync(db, document, machine, includes, now, ct);
        var bytes = document.Render(w => MachineSerializer.Write(w, machine, now), now, expiry, request.Ttl);
        var secret = machine.LoadedLicense.Key + machine.Fingerprint;
        var certificate = CertificateFile.Build(CertificateFile.MachineKind, bytes, algorithm, secret, context.Account);

        EventLog.Record(db, "machine.checked-out", machine, MachineSerializer.At(now));
        await db.SaveChangesAsync(ct);
        if (raw)
        {
            return new CertificateResult(certificate, machine.Id);
        }

        var file = new CheckOutFile(CheckOutFile.MachineFiles, machine.AccountId, machine.LicenseId, machine.Id, certificate, algorithm, includes,
            request.Ttl, expiry, now);
        return JsonApiResults.Resource(file, CheckOutFileSerializer.Write);
    }

    /// <summary>The machine's license (and, through <c>license.*</c>, the license's relations), components, group and owner.</summary>
    private static async Task IncludeAsync(LicenseServerDb db, CheckOutDocument document, Machine machine, List<string> includes,
        DateTime now, CancellationToken ct)
    {
        var licenseIncludes = includes.Where(i => i.StartsWith(LicensePrefix, StringComparison.Ordinal)).Select(i => i[LicensePrefix.Length..]).ToList();
        foreach (var include in includes)
        {
            switch (include)
            {
                case "license":
                    var license = await LicenseQueries.FirstWithDetailsAsync(db, db.Licenses.AsNoTracking().Where(l => l.Id == machine.LicenseId), ct)
                        ?? throw DomainError.NotFound("license", Ids.Format(machine.LicenseId));
                    document.Include(LicenseSerializer.Type, license.Id, license, LicenseSerializer.At(now));
                    break;
                case "components":
                    var components = await db.Components.AsNoTracking().Where(c => c.MachineId == machine.Id).OrderBy(c => c.Created).ToListAsync(ct);
                    foreach (var component in components)
                    {
                        component.Machine = machine;
                        document.Include(ComponentSerializer.Type, component.Id, component, ComponentSerializer.Write);
                    }

                    break;
                case "group":
                    await FileIncludes.AddGroupAsync(db, document, machine.GroupId, ct);
                    break;
                case "owner":
                    await FileIncludes.AddOwnerAsync(db, document, machine.OwnerId, now, ct);
                    break;
            }
        }

        if (licenseIncludes.Count > 0)
        {
            await FileIncludes.AddLicenseAsync(db, document, machine.LoadedLicense, licenseIncludes, now, ct);
        }
    }
}

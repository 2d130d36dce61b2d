using LicenseServer.Api.Licenses;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>Machine check-out (resources.md §13, behaviour.md §4.8): POST answers a machine-files resource, GET the raw certificate.</summary>
public static class MachineCheckOutEndpoints
{
    private const string LicensePrefix = "license.";

    public static void Map(IEndpointRouteBuilder machineActions) => FileCheckOut.Map(machineActions, "/check-out", "machine.check-out", CheckOutAsync);

    private static async Task<IResult> CheckOutAsync(Caller caller, LicenseServerDb db, string id, bool raw)
    {
        var machine = await MachineQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(MachineAccess.CanCheckOut(caller.Bearer, machine));

        var file = await FileCheckOut.ReadAsync(caller, db, machine.LoadedLicense.LoadedPolicy.Scheme, CheckOutIncludes.ForMachine);
        machine.LastCheckOut = file.Issued;
        machine.Updated = file.Issued; // the signed file shows the machine as checked out
        await IncludeAsync(db, file.Document, machine, file.Includes, file.Issued, caller.Aborted);
        var secret = machine.LoadedLicense.Key + machine.Fingerprint;
        var certificate = file.Sign(CertificateFile.MachineKind, secret, caller, w => MachineSerializer.Write(w, machine, file.Issued));
        await EventLog.CommitAsync(db, "machine.checked-out", machine, MachineSerializer.At(file.Issued), caller.Aborted);
        return file.Answer(raw, certificate, CheckOutFile.MachineFiles, machine.AccountId, machine.LicenseId, machine.Id);
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
                    var license = await MachineRelated.LicenseOfAsync(db, machine, ct);
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

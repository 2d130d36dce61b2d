using LicenseServer.Core.Licenses;

namespace LicenseServer.Api.Licenses;

/// <summary>License check-out (resources.md §13, behaviour.md §4.8): POST answers a license-files resource, GET the raw certificate.</summary>
public static class LicenseCheckOutEndpoints
{
    public static void Map(IEndpointRouteBuilder licenses) => FileCheckOut.Map(licenses, "/{id}/actions/check-out", "license.check-out", CheckOutAsync);

    private static async Task<IResult> CheckOutAsync(Caller caller, LicenseServerDb db, string id, bool raw)
    {
        var license = await LicenseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(LicenseAccess.CanCheckOut(caller.Bearer, license));

        var file = await FileCheckOut.ReadAsync(caller, db, license.LoadedPolicy.Scheme, CheckOutIncludes.ForLicense);
        license.LastCheckOut = file.Issued;
        license.Updated = file.Issued; // the signed file shows the license as checked out
        await FileIncludes.AddLicenseAsync(db, file.Document, license, file.Includes, file.Issued, caller.Aborted);
        var certificate = file.Sign(CertificateFile.LicenseKind, license.Key, caller, w => LicenseSerializer.Write(w, license, file.Issued));
        await EventLog.CommitAsync(db, "license.checked-out", license, LicenseSerializer.At(file.Issued), caller.Aborted);
        return file.Answer(raw, certificate, CheckOutFile.LicenseFiles, license.AccountId, license.Id, null);
    }
}

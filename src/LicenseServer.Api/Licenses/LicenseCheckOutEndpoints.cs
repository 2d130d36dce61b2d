using LicenseServer.Core.Licenses;

namespace LicenseServer.Api.Licenses;

/// <summary>License check-out (resources.md §13, behaviour.md §4.8): POST answers a license-files resource, GET the raw certificate.</summary>
public static class LicenseCheckOutEndpoints
{
    public static void Map(IEndpointRouteBuilder licenses)
    {
        licenses.MapPost("/{id}/actions/check-out", (HttpContext http, LicenseServerDb db, string id) => CheckOutAsync(http, db, id, raw: false));
        licenses.MapGet("/{id}/actions/check-out", (HttpContext http, LicenseServerDb db, string id) => CheckOutAsync(http, db, id, raw: true));
    }

    private static async Task<IResult> CheckOutAsync(HttpContext http, LicenseServerDb db, string id, bool raw)
    {
        var ct = http.RequestAborted;
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var license = await LicenseEndpoints.FindAsync(db, context, bearer, id, ct, track: true);
        Forbidden.Unless(LicenseAccess.CanCheckOut(bearer, license));

        var request = await CheckOutRequest.ReadAsync(http);
        var algorithm = CertificateFile.Algorithm(request.Algorithm, request.Encrypt, license.LoadedPolicy.Scheme);
        var includes = CheckOutIncludes.ForLicense(request.Include);
        FileIncludes.RequireReads(bearer, includes);

        var now = db.Now();
        var expiry = request.Ttl is { } ttl ? CalendarDuration.Add(now, ttl) : (DateTime?)null;
        license.LastCheckOut = now;
        license.Updated = now;

        var document = new CheckOutDocument();
        await FileIncludes.AddLicenseAsync(db, document, license, includes, now, ct);
        var bytes = document.Render(w => LicenseSerializer.Write(w, license, now), now, expiry, request.Ttl);
        var certificate = CertificateFile.Build(CertificateFile.LicenseKind, bytes, algorithm, license.Key, context.Account);

        EventLog.Record(db, "license.checked-out", license, LicenseSerializer.At(now));
        await db.SaveChangesAsync(ct);
        if (raw)
        {
            return new CertificateResult(certificate, license.Id);
        }

        var file = new CheckOutFile(CheckOutFile.LicenseFiles, license.AccountId, license.Id, null, certificate, algorithm, includes, request.Ttl, expiry, now);
        return JsonApiResults.Resource(file, CheckOutFileSerializer.Write);
    }
}

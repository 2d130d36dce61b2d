using LicenseServer.Api.Replicas;
using LicenseServer.Core.Licenses;

namespace LicenseServer.Api.Licenses;

/// <summary>
/// What license and machine check-outs share (resources.md §13, behaviour.md §4.8): the POST and GET routes, the request
/// (algorithm, includes the bearer may read, ttl), the document the includes go into, the signed certificate, and the answer:
/// the raw certificate for GET, a license-files or machine-files resource for POST.
/// </summary>
public sealed class FileCheckOut
{
    private FileCheckOut(CheckOutRequest request, string algorithm, List<string> includes, DateTime issued)
    {
        Request = request;
        Algorithm = algorithm;
        Includes = includes;
        Issued = issued;
        Expiry = request.Ttl is { } ttl ? CalendarDuration.Add(issued, ttl) : null;
    }

    public CheckOutRequest Request { get; }

    public string Algorithm { get; }

    /// <summary>The requested includes, parsed and readable by the bearer.</summary>
    public List<string> Includes { get; }

    /// <summary>When the file is issued: the check-out time stamped on the license or machine.</summary>
    public DateTime Issued { get; }

    public DateTime? Expiry { get; }

    /// <summary>The file's included resources, added by the caller before <see cref="Sign"/>.</summary>
    public CheckOutDocument Document { get; } = new();

    /// <summary>POST <paramref name="pattern"/> answers the files resource, GET the raw certificate; both require <paramref name="permission"/>.</summary>
    public static void Map(IEndpointRouteBuilder group, string pattern, string permission, Func<Caller, LicenseServerDb, string, bool, Task<IResult>> checkOut)
    {
        group.MapPost(pattern, (Caller caller, LicenseServerDb db, string id) => checkOut(caller, db, id, false)).Requires(permission);
        group.MapGet(pattern, (Caller caller, LicenseServerDb db, string id) => checkOut(caller, db, id, true)).WithMetadata(StandbyReads.Refused).Requires(permission);
    }

    /// <summary>
    /// Reads the check-out request: the algorithm for the policy's <paramref name="scheme"/>, and the includes
    /// (<paramref name="parseIncludes"/>), 403 when the bearer may not read one of them.
    /// </summary>
    public static async Task<FileCheckOut> ReadAsync(Caller caller, LicenseServerDb db, string? scheme, Func<IEnumerable<string>, List<string>> parseIncludes)
    {
        var request = await CheckOutRequest.ReadAsync(caller.Http);
        var algorithm = CertificateFile.Algorithm(request.Algorithm, request.Encrypt, scheme);
        var includes = parseIncludes(request.Include);
        FileIncludes.RequireReads(caller.Bearer, includes);
        return new FileCheckOut(request, algorithm, includes, db.Now());
    }

    /// <summary>The certificate: the document with <paramref name="writeData"/> as its data, signed (and encrypted with <paramref name="secret"/> when asked).</summary>
    public string Sign(string kind, string secret, Caller caller, Action<Utf8JsonWriter> writeData) =>
        CertificateFile.Build(kind, Document.Render(writeData, Issued, Expiry, Request.Ttl), Algorithm, secret, caller.Account);

    /// <summary>The answer: the raw certificate named after the machine (else the license), or the files resource.</summary>
    public IResult Answer(bool raw, string certificate, string fileType, Guid accountId, Guid licenseId, Guid? machineId) =>
        raw
            ? new CertificateResult(certificate, machineId ?? licenseId)
            : JsonApiResults.Resource(new CheckOutFile(fileType, accountId, licenseId, machineId, certificate, Algorithm, Includes, Request.Ttl, Expiry, Issued),
                CheckOutFileSerializer.Write);
}

using LicenseServer.Api.Auth;
using LicenseServer.Api.Entitlements;
using LicenseServer.Api.Events;
using LicenseServer.Api.Groups;
using LicenseServer.Api.JsonApi;
using LicenseServer.Api.Policies;
using LicenseServer.Api.Products;
using LicenseServer.Api.Users;
using LicenseServer.Core.Access;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Licenses;
using Microsoft.EntityFrameworkCore;

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
        if (!LicenseAccess.CanCheckOut(bearer, license))
        {
            throw DomainError.Forbidden();
        }

        var request = await CheckOutRequest.ReadAsync(http);
        var algorithm = CertificateFile.Algorithm(request.Algorithm, request.Encrypt, license.LoadedPolicy.Scheme);
        var includes = CheckOutIncludes.ForLicense(request.Include);
        RequireIncludeReads(bearer, includes);

        var now = db.Now();
        var expiry = request.Ttl is { } ttl ? CalendarDuration.Add(now, ttl) : (DateTime?)null;
        license.LastCheckOut = now;
        license.Updated = now;

        var document = new CheckOutDocument();
        await IncludeAsync(db, document, license, includes, now, ct);
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

    /// <summary>403 when an include needs a read permission the bearer lacks (e.g. a license including its product).</summary>
    public static void RequireIncludeReads(Bearer bearer, IEnumerable<string> includes)
    {
        if (includes.Any(include => !CheckOutIncludes.CanRead(bearer, include)))
        {
            throw DomainError.Forbidden();
        }
    }

    /// <summary>
    /// Adds the license's related resources named in <paramref name="includes"/> (entitlements, product, policy, group,
    /// owner, users; environment is always empty here) to the document.
    /// </summary>
    public static async Task IncludeAsync(LicenseServerDb db, CheckOutDocument document, License license, IEnumerable<string> includes,
        DateTime now, CancellationToken ct)
    {
        foreach (var include in includes)
        {
            switch (include)
            {
                case "entitlements":
                    var entitlements = await db.Entitlements.AsNoTracking()
                        .Where(e => e.AccountId == license.AccountId
                            && (db.LicenseEntitlements.Any(le => le.LicenseId == license.Id && le.EntitlementId == e.Id)
                                || db.PolicyEntitlements.Any(pe => pe.PolicyId == license.PolicyId && pe.EntitlementId == e.Id)))
                        .OrderBy(e => e.Created)
                        .ToListAsync(ct);
                    foreach (var entitlement in entitlements)
                    {
                        document.Include("entitlements", entitlement.Id, entitlement, EntitlementSerializer.Write);
                    }

                    break;
                case "product":
                    var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == license.ProductId, ct);
                    document.Include("products", product.Id, product, ProductSerializer.Write);
                    break;
                case "policy":
                    document.Include("policies", license.PolicyId, license.LoadedPolicy, PolicySerializer.Write);
                    break;
                case "group":
                    if (license.GroupId is { } groupId && await db.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId, ct) is { } group)
                    {
                        document.Include("groups", group.Id, group, GroupSerializer.Write);
                    }

                    break;
                case "owner":
                    if (license.OwnerId is { } ownerId && await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == ownerId, ct) is { } owner)
                    {
                        document.Include(UserSerializer.Type, owner.Id, owner, (w, u) => UserSerializer.Write(w, u, now));
                    }

                    break;
                case "users":
                    var users = await db.Users.AsNoTracking()
                        .Where(u => u.AccountId == license.AccountId
                            && (u.Id == license.OwnerId || db.LicenseUsers.Any(lu => lu.LicenseId == license.Id && lu.UserId == u.Id)))
                        .OrderBy(u => u.Created)
                        .ToListAsync(ct);
                    foreach (var user in users)
                    {
                        document.Include(UserSerializer.Type, user.Id, user, (w, u) => UserSerializer.Write(w, u, now));
                    }

                    break;
            }
        }
    }
}

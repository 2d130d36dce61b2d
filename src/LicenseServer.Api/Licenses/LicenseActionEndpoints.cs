using LicenseServer.Api.RateLimits;
using LicenseServer.Core.Licenses;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Api.Licenses;

/// <summary>License actions (resources.md §11.5, §12; behaviour.md §1, §5).</summary>
public static class LicenseActionEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var licenses = account.MapGroup("/licenses");
        licenses.MapPost("/actions/validate-key", ValidateKeyAsync).WithMetadata(PublicRateLimited.Instance);
        licenses.MapPost("/{id}/actions/validate-key", ValidateKeyAsync).WithMetadata(PublicRateLimited.Instance);
        licenses.MapGet("/{id}/actions/validate", QuickValidateAsync).WithMetadata(PublicRateLimited.Instance);
        licenses.MapPost("/{id}/actions/validate", ValidateAsync).WithMetadata(PublicRateLimited.Instance);
        licenses.MapPost("/{id}/actions/suspend", SuspendAsync);
        licenses.MapPost("/{id}/actions/reinstate", ReinstateAsync);
        licenses.MapPost("/{id}/actions/renew", RenewAsync);
        licenses.MapDelete("/{id}/actions/revoke", RevokeAsync);
        licenses.MapPost("/{id}/actions/check-in", CheckInAsync);
        licenses.MapPost("/{id}/actions/increment-usage", IncrementUsageAsync);
        licenses.MapPost("/{id}/actions/decrement-usage", DecrementUsageAsync);
        licenses.MapPost("/{id}/actions/reset-usage", ResetUsageAsync);
        LicenseCheckOutEndpoints.Map(licenses);
    }

    private static async Task<IResult> QuickValidateAsync(HttpContext http, LicenseServerDb db, LicenseReader reader, ValidationRecorder recorder,
        string id)
    {
        var context = RequestContext.Of(http);
        var license = await FindToValidateAsync(http, db, reader, context, id);
        return await RespondAsync(http, db, recorder, license, ValidationRequest.Quick(), quick: true);
    }

    private static async Task<IResult> ValidateAsync(HttpContext http, LicenseServerDb db, LicenseReader reader, ValidationRecorder recorder,
        string id)
    {
        var context = RequestContext.Of(http);
        var license = await FindToValidateAsync(http, db, reader, context, id);
        var request = await ValidationRequest.ReadAsync(http, validateKey: false);
        return await RespondAsync(http, db, recorder, license, request, quick: false);
    }

    /// <summary>A license validating itself was read with its details when its credentials were checked; anyone else looks it up.</summary>
    private static Task<License> FindToValidateAsync(HttpContext http, LicenseServerDb db, LicenseReader reader, RequestContext context, string id)
    {
        var bearer = context.RequireBearer();
        return bearer.License is { } own && Names(own, id)
            ? Task.FromResult(own)
            : LicenseEndpoints.ReadAsync(db, reader, context, bearer, id, http.RequestAborted);
    }

    /// <summary>
    /// Validate by key; anonymous allowed. Also served at /licenses/{id}/actions/validate-key, where an {id}
    /// naming another license gives the not-found outcome (resources.md §24 c).
    /// </summary>
    private static async Task<IResult> ValidateKeyAsync(HttpContext http, LicenseServerDb db, LicenseReader licenses, ValidationRecorder recorder,
        string? id = null)
    {
        var context = RequestContext.Of(http);
        var request = await ValidationRequest.ReadAsync(http, validateKey: true);
        var ct = http.RequestAborted;
        var license = await licenses.FindByKeyAsync(context.Account.Id, request.Key!, ct);
        if (license is not null && (license.LoadedPolicy.Scheme == "LEGACY_ENCRYPT") != request.Encrypted)
        {
            // Legacy-encrypted keys are found only with the encrypted flag, and ordinary keys only without it.
            license = null;
        }

        if (license is not null && id is not null && !Names(license, id))
        {
            license = null;
        }

        if (license is null)
        {
            var now = db.Now();
            RequestContext.SetDocumentEvent(http, "license.validation.failed");
            return JsonApiResults.Null(w => request.WriteMeta(w, ValidationResult.NotFound, now, quick: false));
        }

        if (context.Bearer is { } bearer && !await InScopeAsync(db, bearer, license, ct))
        {
            throw DomainError.Forbidden();
        }

        return await RespondAsync(http, db, recorder, license, request, quick: false);
    }

    private static bool Names(License license, string id) =>
        (Core.Common.Ids.TryParse(id, out var uuid) && uuid == license.Id)
        || (license.Key == license.KeyDigest ? LicenseKeys.Digest(id) == license.KeyDigest : id == license.Key);

    private static async Task<bool> InScopeAsync(LicenseServerDb db, Bearer bearer, License license, CancellationToken ct) =>
        LicenseAccess.NeedsQueryForScope(bearer)
            ? await LicenseAccess.Scope(db.Licenses.Where(l => l.Id == license.Id), db, bearer).AnyAsync(ct)
            : LicenseAccess.InScope(license, bearer);

    /// <summary>
    /// Runs the checks and answers at once; lastValidated and the event go to the background writer. The first validation
    /// of a license whose policy starts its expiry then sets the expiry before answering, so the response shows it.
    /// </summary>
    private static async Task<IResult> RespondAsync(HttpContext http, LicenseServerDb db, ValidationRecorder recorder, License license,
        ValidationRequest request, bool quick)
    {
        var now = db.Now();
        if (!quick && license.ExpiryStartedBy(ExpirationBases.FromFirstValidation, now) is { } expiry)
        {
            license.Expiry = await LicenseRules.StartExpiryAsync(db, license.Id, expiry, http.RequestAborted);
        }

        var facts = await LicenseQueries.FactsAsync(db, license, quick ? null : request.Scope, http.RequestAborted);
        var result = LicenseValidator.Validate(facts, quick ? null : request.Scope, now);
        license.LastValidated = now;

        var write = LicenseSerializer.At(now);
        var entry = new ValidationLog.Entry(license.AccountId, license.Id, now);
        if (!quick)
        {
            entry = entry with
            {
                EventName = result.Valid ? "license.validation.succeeded" : "license.validation.failed",
                Payload = () => EventLog.Json(w => write(w, license)),
                Meta = EventLog.Json(w =>
                {
                    w.WriteStartObject();
                    request.WriteMeta(w, result, now, quick: false);
                    w.WriteEndObject();
                }),
            };
        }

        await recorder.RecordAsync(entry);
        RequestContext.SetDocumentEvent(http, result.Valid ? "license.validation.succeeded" : "license.validation.failed");
        return JsonApiResults.Resource(license, write, writeMeta: w => request.WriteMeta(w, result, now, quick));
    }

    private static async Task<IResult> SuspendAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanSuspend(context.RequireBearer()));

        license.Suspend();
        return await SaveAsync(http, db, license, "license.suspended");
    }

    private static async Task<IResult> ReinstateAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanReinstate(context.RequireBearer()));

        license.Reinstate();
        return await SaveAsync(http, db, license, "license.reinstated");
    }

    private static async Task<IResult> RenewAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanRenew(context.RequireBearer(), license));

        license.Renew(db.Now());
        return await SaveAsync(http, db, license, "license.renewed");
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanRevoke(context.RequireBearer(), license));

        EventLog.Record(db, "license.revoked", license, LicenseSerializer.At(db.Now()));
        db.Licenses.Remove(license);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> CheckInAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanCheckIn(context.RequireBearer(), license));

        license.CheckIn(db.Now());
        return await SaveAsync(http, db, license, "license.checked-in");
    }

    private static async Task<IResult> IncrementUsageAsync(HttpContext http, LicenseServerDb db, LicenseUsage usage, string id)
    {
        var (context, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanIncrementUsage(context.RequireBearer(), license));

        await usage.IncrementAsync(license, await AmountAsync(http, "increment"), http.RequestAborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    private static async Task<IResult> DecrementUsageAsync(HttpContext http, LicenseServerDb db, LicenseUsage usage, string id)
    {
        var (context, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanDecrementUsage(context.RequireBearer()));

        await usage.DecrementAsync(license, await AmountAsync(http, "decrement"), http.RequestAborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    private static async Task<IResult> ResetUsageAsync(HttpContext http, LicenseServerDb db, LicenseUsage usage, string id)
    {
        var (context, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanResetUsage(context.RequireBearer()));

        await usage.ResetAsync(license, http.RequestAborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    /// <summary>meta.increment / meta.decrement: an integer, default 1; past the 32-bit range it is "integer is too large".</summary>
    private static async Task<long> AmountAsync(HttpContext http, string name)
    {
        var meta = await ActionRequest.ReadMetaAsync(http);
        meta.Permit(name);
        if (meta.TryGet(name, out var value) && value.ValueKind == JsonValueKind.Number && !value.TryGetInt32(out _))
        {
            throw DomainError.BadRequest("integer is too large", meta.PointerTo(name));
        }

        return meta.Integer(name).Value ?? 1;
    }

    private static async Task<(RequestContext Context, License License)> LoadAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var license = await LicenseEndpoints.FindAsync(db, context, context.RequireBearer(), id, http.RequestAborted, track: true);
        return (context, license);
    }

    private static async Task<IResult> SaveAsync(HttpContext http, LicenseServerDb db, License license, string eventName)
    {
        var now = db.Now();
        license.Updated = now;
        EventLog.Record(db, eventName, license, LicenseSerializer.At(now));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(now));
    }
}

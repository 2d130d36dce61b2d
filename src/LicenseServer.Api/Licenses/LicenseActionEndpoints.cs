using LicenseServer.Api.RateLimits;
using LicenseServer.Api.Replicas;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Observability;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Api.Licenses;

/// <summary>License actions (resources.md §11.5, §12; behaviour.md §1, §5).</summary>
public static class LicenseActionEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var licenses = account.MapGroup("/licenses");
        licenses.MapPost("/actions/validate-key", ValidateKeyAsync).WithMetadata(PublicRateLimited.Instance, StandbyReads.Allowed, SharedEnvironmentWrites.Allowed).Requires("license.validate");
        licenses.MapPost("/{id}/actions/validate-key", ValidateKeyAsync).WithMetadata(PublicRateLimited.Instance, StandbyReads.Allowed, SharedEnvironmentWrites.Allowed)
            .Requires("license.validate");
        licenses.MapGet("/{id}/actions/validate", QuickValidateAsync).WithMetadata(PublicRateLimited.Instance, SharedEnvironmentWrites.Allowed).Requires("license.validate");
        licenses.MapPost("/{id}/actions/validate", ValidateAsync).WithMetadata(PublicRateLimited.Instance, StandbyReads.Allowed, SharedEnvironmentWrites.Allowed)
            .Requires("license.validate");
        licenses.MapPost("/{id}/actions/suspend", SuspendAsync).Requires("license.suspend");
        licenses.MapPost("/{id}/actions/reinstate", ReinstateAsync).Requires("license.reinstate");
        licenses.MapPost("/{id}/actions/renew", RenewAsync).Requires("license.renew");
        licenses.MapDelete("/{id}/actions/revoke", RevokeAsync).Requires("license.revoke");
        licenses.MapPost("/{id}/actions/check-in", CheckInAsync).Requires("license.check-in");
        licenses.MapPost("/{id}/actions/increment-usage", IncrementUsageAsync).Requires("license.usage.increment");
        licenses.MapPost("/{id}/actions/decrement-usage", DecrementUsageAsync).Requires("license.usage.decrement");
        licenses.MapPost("/{id}/actions/reset-usage", ResetUsageAsync).Requires("license.usage.reset");
        LicenseCheckOutEndpoints.Map(licenses);
    }

    private static async Task<IResult> QuickValidateAsync(Caller caller, LicenseServerDb db, LicenseReader reader, ValidationRecorder recorder,
        string id)
    {
        var license = await FindToValidateAsync(caller, db, reader, id);
        return await RespondAsync(caller.Http, db, recorder, license, ValidationRequest.Quick(), quick: true);
    }

    private static async Task<IResult> ValidateAsync(Caller caller, LicenseServerDb db, LicenseReader reader, ValidationRecorder recorder,
        string id)
    {
        var license = await FindToValidateAsync(caller, db, reader, id);
        var request = await ValidationRequest.ReadAsync(caller.Http, validateKey: false);
        return await RespondAsync(caller.Http, db, recorder, license, request, quick: false);
    }

    /// <summary>A license validating itself was read with its details when its credentials were checked; anyone else looks it up.</summary>
    private static Task<License> FindToValidateAsync(Caller caller, LicenseServerDb db, LicenseReader reader, string id) =>
        caller.Bearer.License is { } own && Names(own, id)
            ? Task.FromResult(own)
            : LicenseQueries.ReadAsync(db, reader, caller.AccountId, caller.Bearer, id, caller.Aborted);

    /// <summary>
    /// Validate by key; anonymous allowed (so it reads the <see cref="RequestContext"/>, not a <see cref="Caller"/>). Also
    /// served at /licenses/{id}/actions/validate-key, where an {id} naming another license gives the not-found outcome
    /// (resources.md §24 c).
    /// </summary>
    private static async Task<IResult> ValidateKeyAsync(HttpContext http, LicenseServerDb db, LicenseReader licenses, ValidationRecorder recorder,
        string? id = null)
    {
        var context = RequestContext.Of(http);
        var request = await ValidationRequest.ReadAsync(http, validateKey: true);
        var ct = http.RequestAborted;
        var license = await licenses.FindByKeyAsync(db, context.Account.Id, request.Key!, ct);
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
            ServerMetrics.Validated(ValidationResult.NotFound);
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
        if ((facts.ScopedVersion ?? facts.ChecksumVersion) is { } matched && matched != license.Version)
        {
            // The version a release scope matched (distribution.md §15). Written only when it changes, so a client validating the
            // same version again costs nothing; a validation answered by a standby cannot write, and shows it without keeping it.
            license.Version = matched;
            if (!db.OnReplica)
            {
                await db.Licenses.Where(l => l.Id == license.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, matched), http.RequestAborted);
            }
        }

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
                Origin = db.Origin,
                LogMetadata = EventLog.Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("code", result.Code);
                    w.WriteEndObject();
                }),
            };
        }

        await recorder.RecordAsync(entry);
        RequestContext.SetDocumentEvent(http, result.Valid ? "license.validation.succeeded" : "license.validation.failed");
        return JsonApiResults.Resource(license, write, writeMeta: w => request.WriteMeta(w, result, now, quick));
    }

    private static async Task<IResult> SuspendAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanSuspend(caller.Bearer));

        license.Suspend();
        return await CommitAsync(caller, db, license, "license.suspended");
    }

    private static async Task<IResult> ReinstateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanReinstate(caller.Bearer));

        license.Reinstate();
        return await CommitAsync(caller, db, license, "license.reinstated");
    }

    private static async Task<IResult> RenewAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanRenew(caller.Bearer, license));

        license.Renew(db.Now());
        return await CommitAsync(caller, db, license, "license.renewed");
    }

    private static async Task<IResult> RevokeAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanRevoke(caller.Bearer, license));

        await EventLog.CommitRemovalAsync(db, "license.revoked", license, LicenseSerializer.At(db.Now()), caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> CheckInAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanCheckIn(caller.Bearer, license));

        license.CheckIn(db.Now());
        return await CommitAsync(caller, db, license, "license.checked-in");
    }

    private static async Task<IResult> IncrementUsageAsync(Caller caller, LicenseServerDb db, LicenseUsage usage, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanIncrementUsage(caller.Bearer, license));

        await usage.IncrementAsync(license, await AmountAsync(caller.Http, "increment"), caller.Aborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    private static async Task<IResult> DecrementUsageAsync(Caller caller, LicenseServerDb db, LicenseUsage usage, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanDecrementUsage(caller.Bearer));

        await usage.DecrementAsync(license, await AmountAsync(caller.Http, "decrement"), caller.Aborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    private static async Task<IResult> ResetUsageAsync(Caller caller, LicenseServerDb db, LicenseUsage usage, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanResetUsage(caller.Bearer));

        await usage.ResetAsync(license, caller.Aborted);
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

    /// <summary>The license an action changes, tracked.</summary>
    private static Task<License> FindAsync(Caller caller, LicenseServerDb db, string id) =>
        LicenseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);

    /// <summary>Saves the action with its event; answers the license.</summary>
    private static async Task<IResult> CommitAsync(Caller caller, LicenseServerDb db, License license, string eventName)
    {
        var now = db.Now();
        await EventLog.CommitAsync(db, eventName, license, LicenseSerializer.At(now), caller.Aborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(now));
    }
}

using LicenseServer.Api.RateLimits;
using LicenseServer.Core.Users;

namespace LicenseServer.Api.Users;

/// <summary>
/// <c>/users/{id}/second-factors</c> (resources.md §7): TOTP enrolment, enabling and disabling with a code of the factor,
/// deletion. Only the user themself or an admin manages them; every mutation is throttled (§1.10).
/// </summary>
public static class SecondFactorEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var factors = account.MapGroup("/users/{id}/second-factors");
        factors.MapGet("", IndexAsync).Requires("user.second-factors.read");
        factors.MapPost("", CreateAsync).Requires("user.second-factors.create");
        factors.MapGet("/{factor}", ShowAsync).Requires("user.second-factors.read");
        factors.MapPatch("/{factor}", UpdateAsync).Requires("user.second-factors.update");
        factors.MapPut("/{factor}", UpdateAsync).Requires("user.second-factors.update");
        factors.MapDelete("/{factor}", DeleteAsync).Requires("user.second-factors.delete");
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db, string id)
    {
        var user = await UserAsync(caller, db, id, track: false);
        var query = db.SecondFactors.AsNoTracking().Where(f => f.AccountId == user.AccountId && f.UserId == user.Id);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, Writer(db, user), links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id, string factor)
    {
        var user = await UserAsync(caller, db, id, track: false);
        var found = await FindAsync(db, user, factor, track: false, caller.Aborted);
        return JsonApiResults.Resource(found, Writer(db, user));
    }

    /// <summary>A new disabled factor: the user's password proves it is them, or a code once 2FA is enabled.</summary>
    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db, PasswordThrottles throttles, string id)
    {
        var user = await UserAsync(caller, db, id, track: false);
        var ct = caller.Aborted;
        await throttles.CountAsync(caller.Http, db, PasswordThrottles.SecondFactorChange, caller.AccountId, user.Id.ToString());
        var request = await ResourceRequest.ReadOptionalAsync(caller.Http, SecondFactorSerializer.Type, "second-factor");
        request.Attributes.Permit();
        request.Relationships.Permit();
        var meta = request.Meta.Permit("password", "otp");
        var enabled = await EnabledFactorsAsync(db, user, ct);
        if (enabled.Count > 0)
        {
            RequireOtp(db, enabled, meta.String("otp").Value, meta.PointerTo("otp"));
        }
        else if (meta.String("password").Value is not { } password || !user.VerifyPassword(password))
        {
            throw DomainError.Unauthorized("password must be valid", "PASSWORD_INVALID", ErrorSource.AtPointer(meta.PointerTo("password")));
        }

        var (factor, _) = SecondFactors.Create(user, RingOf(db));
        db.SecondFactors.Add(factor);
        await EventLog.CommitAsync(db, "second-factor.created", factor, SecondFactorSerializer.Write, ct);
        return JsonApiResults.Created(caller.Http, factor, Writer(db, user), SecondFactorSerializer.SelfLink(factor));
    }

    /// <summary>Enables or disables a factor with a code of that very factor.</summary>
    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, PasswordThrottles throttles, string id, string factor)
    {
        var user = await UserAsync(caller, db, id, track: false);
        var ct = caller.Aborted;
        var found = await FindAsync(db, user, factor, track: true, ct);
        await throttles.CountAsync(caller.Http, db, PasswordThrottles.SecondFactorChange, caller.AccountId, user.Id.ToString());
        var request = await ResourceRequest.ReadAsync(caller.Http, SecondFactorSerializer.Type, "second-factor");
        var attributes = request.Attributes.Permit("enabled");
        request.Relationships.Permit();
        var meta = request.Meta.Permit("otp");
        var enable = attributes.Bool("enabled");
        RequireOtp(db, [found], meta.String("otp").Value, meta.PointerTo("otp"));
        if (enable is { Present: true, Value: { } value } && value != found.Enabled)
        {
            found.Enabled = value;
            EventLog.Record(db, value ? "second-factor.enabled" : "second-factor.disabled", found, SecondFactorSerializer.Write);
        }

        await db.SaveChangesAsync(ct);
        return JsonApiResults.Resource(found, Writer(db, user));
    }

    /// <summary>Deletes a factor; once 2FA is enabled, only with a valid code.</summary>
    private static async Task<IResult> DeleteAsync(Caller caller, LicenseServerDb db, PasswordThrottles throttles, string id, string factor)
    {
        var user = await UserAsync(caller, db, id, track: false);
        var ct = caller.Aborted;
        var found = await FindAsync(db, user, factor, track: true, ct);
        await throttles.CountAsync(caller.Http, db, PasswordThrottles.SecondFactorChange, caller.AccountId, user.Id.ToString());
        var meta = (await ActionRequest.ReadMetaAsync(caller.Http)).Permit("otp");
        var enabled = await EnabledFactorsAsync(db, user, ct);
        if (enabled.Count > 0)
        {
            RequireOtp(db, enabled, meta.String("otp").Value, meta.PointerTo("otp"));
        }

        await EventLog.CommitRemovalAsync(db, "second-factor.deleted", found, SecondFactorSerializer.Write, ct);
        return JsonApiResults.NoContent();
    }

    /// <summary>Accepts the code if one of <paramref name="factors"/> takes it (recording its step), else 401 <c>OTP_INVALID</c>.</summary>
    private static void RequireOtp(LicenseServerDb db, IReadOnlyList<SecondFactor> factors, string? otp, string pointer)
    {
        var now = db.Clock.GetUtcNow();
        if (!factors.Any(f => SecondFactors.Verify(f, db.ServerKeys, otp, now)))
        {
            throw DomainError.Unauthorized("second factor must be valid", "OTP_INVALID", ErrorSource.AtPointer(pointer));
        }
    }

    /// <summary>The user's enabled factors, tracked so an accepted code's step is saved.</summary>
    public static Task<List<SecondFactor>> EnabledFactorsAsync(LicenseServerDb db, User user, CancellationToken ct) =>
        db.SecondFactors.Where(f => f.AccountId == user.AccountId && f.UserId == user.Id && f.Enabled).OrderBy(f => f.Created).ToListAsync(ct);

    /// <summary>The user in the path, if the bearer may manage their factors: themself, or an admin (404 outside the bearer's view, else 403).</summary>
    private static async Task<User> UserAsync(Caller caller, LicenseServerDb db, string id, bool track)
    {
        var user = await UserQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track);
        return UserAccess.CanManageSecondFactors(caller.Bearer, user) ? user : throw DomainError.Forbidden();
    }

    private static Task<SecondFactor> FindAsync(LicenseServerDb db, User user, string id, bool track, CancellationToken ct) =>
        Lookup.FindAsync(db.SecondFactors.Where(f => f.AccountId == user.AccountId && f.UserId == user.Id), "second factor", id, ct, track);

    private static Action<System.Text.Json.Utf8JsonWriter, SecondFactor> Writer(LicenseServerDb db, User user) =>
        SecondFactorSerializer.WithSecret(f => SecondFactors.SecretOf(f, db.ServerKeys), user.Email);

    private static ServerKeyRing RingOf(LicenseServerDb db) =>
        db.ServerKeys ?? throw new ServerKeyException("No server key is configured to encrypt second factor secrets.");
}

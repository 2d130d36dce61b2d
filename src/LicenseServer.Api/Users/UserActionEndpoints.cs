using LicenseServer.Api.RateLimits;
using LicenseServer.Core.Users;

namespace LicenseServer.Api.Users;

public static class UserActionEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var actions = account.MapGroup("/users/{id}/actions");
        actions.MapPost("/ban", BanAsync).Requires("user.ban");
        actions.MapPost("/unban", UnbanAsync).Requires("user.unban");
        actions.MapPost("/update-password", UpdatePasswordAsync).Requires("user.password.update");
        actions.MapPost("/reset-password", ResetPasswordAsync).Requires("user.password.reset");
    }

    private static Task<IResult> BanAsync(Caller caller, LicenseServerDb db, string id) => SetBannedAsync(caller, db, id, banned: true);

    private static Task<IResult> UnbanAsync(Caller caller, LicenseServerDb db, string id) => SetBannedAsync(caller, db, id, banned: false);

    /// <summary>Ban or unban a user-role user (403 for any other role).</summary>
    private static async Task<IResult> SetBannedAsync(Caller caller, LicenseServerDb db, string id, bool banned)
    {
        if (!(banned ? UserAccess.CanBan(caller.Bearer) : UserAccess.CanUnban(caller.Bearer)))
        {
            throw DomainError.Forbidden();
        }

        var user = await UserQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        if (!UserAccess.CanBeBanned(user))
        {
            throw DomainError.Forbidden("only users with the user role can be banned");
        }

        user.BannedAt = banned ? user.BannedAt ?? db.Now() : null;
        EventLog.Record(db, banned ? "user.banned" : "user.unbanned", user, UserSerializer.At(db.Now()));
        await db.SaveChangesAsync(caller.Aborted);
        return JsonApiResults.Resource(user, UserSerializer.At(db.Now()));
    }

    /// <summary>The user themself changes their password with the old one; their other tokens are revoked.</summary>
    private static async Task<IResult> UpdatePasswordAsync(Caller caller, LicenseServerDb db, PasswordThrottles throttles, string id)
    {
        var ct = caller.Aborted;
        var user = await UserQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, ct, track: true);
        Forbidden.Unless(UserAccess.CanUpdatePassword(caller.Bearer, user));

        await throttles.CountAsync(caller.Http, db, PasswordThrottles.PasswordChange, caller.AccountId, user.Id.ToString());

        var meta = (await ActionRequest.ReadMetaAsync(caller.Http, required: true)).Permit("oldPassword", "newPassword");
        var oldPassword = meta.RequiredString("oldPassword");
        var newPassword = meta.RequiredString("newPassword");
        if (!user.VerifyPassword(oldPassword))
        {
            throw new DomainError(ErrorKind.Unauthorized, "is not valid", source: ErrorSource.AtPointer(meta.PointerTo("oldPassword")));
        }

        UserRules.ValidatePassword(newPassword, "/data/attributes/password");
        user.SetPassword(newPassword, db.Passwords);
        PasswordReset.Clear(user);
        await UserTokens.RevokeAsync(db, user, caller.Bearer.Token?.Id, ct);
        await db.SaveChangesAsync(ct);
        return JsonApiResults.Resource(user, UserSerializer.At(db.Now()));
    }

    /// <summary>
    /// Fulfils a password reset without authentication: a wrong token is a 404 (no user enumeration),
    /// an old one a 401; on success every token of the user is revoked.
    /// </summary>
    private static async Task<IResult> ResetPasswordAsync(HttpContext http, LicenseServerDb db, PasswordThrottles throttles, string id)
    {
        var context = RequestContext.Of(http);
        var account = context.Account;
        var ct = http.RequestAborted;
        var user = await UserQueries.FindInAsync(db.Users.Where(u => u.AccountId == account.Id), id, ct, track: true);
        await throttles.CountAsync(http, db, PasswordThrottles.PasswordChange, account.Id, user.Id.ToString());
        var meta = (await ActionRequest.ReadMetaAsync(http, required: true)).Permit("passwordResetToken", "newPassword");
        var token = meta.RequiredString("passwordResetToken");
        var newPassword = meta.RequiredString("newPassword");
        if (account.Protected && user.Role == Roles.User && !user.HasPassword)
        {
            throw DomainError.Forbidden("users without a password cannot reset it in a protected account");
        }

        if (!PasswordReset.Matches(account, user, token))
        {
            throw DomainError.NotFound("user", id);
        }

        if (PasswordReset.IsExpired(user, db.Now()))
        {
            throw new DomainError(ErrorKind.Unauthorized, "is expired", source: ErrorSource.AtPointer(meta.PointerTo("passwordResetToken")));
        }

        UserRules.ValidatePassword(newPassword, "/data/attributes/password");
        user.SetPassword(newPassword, db.Passwords);
        PasswordReset.Clear(user);
        await UserTokens.RevokeAsync(db, user, keep: null, ct);
        await db.SaveChangesAsync(ct);
        return JsonApiResults.Resource(user, UserSerializer.At(db.Now()));
    }
}

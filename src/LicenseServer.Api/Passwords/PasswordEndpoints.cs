using LicenseServer.Api.RateLimits;
using LicenseServer.Api.Users;
using LicenseServer.Core.Users;

namespace LicenseServer.Api.Passwords;

/// <summary><c>POST /passwords</c>: asks for a password reset. Always 204, whether the e-mail is known or not.</summary>
public static class PasswordEndpoints
{
    public static void Map(IEndpointRouteBuilder account) => account.MapPost("/passwords", RequestResetAsync);

    private static async Task<IResult> RequestResetAsync(
        HttpContext http, LicenseServerDb db, IConfiguration configuration, ILoggerFactory loggers, PasswordThrottles throttles)
    {
        var context = RequestContext.Of(http);
        var account = context.Account;
        var meta = (await ActionRequest.ReadMetaAsync(http, required: true)).Permit("email", "deliver");
        var email = UserRules.NormalizeEmail(meta.RequiredString("email"));
        var deliver = meta.Bool("deliver").Value ?? true;
        await throttles.CountAsync(http, db, PasswordThrottles.ResetRequest, account.Id, email);

        var user = await db.Users.FirstOrDefaultAsync(u => u.AccountId == account.Id && u.Email == email, http.RequestAborted);
        if (user is null)
        {
            return JsonApiResults.NoContent();
        }

        var raw = PasswordReset.Issue(account, user, db.Now());
        EventLog.Record(db, "user.password-reset", user, UserSerializer.At(db.Now()), w => w.WriteString("passwordResetToken", raw));
        await db.SaveChangesAsync(http.RequestAborted);

        var smtp = configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions();
        if (deliver && smtp.IsConfigured)
        {
            PasswordResetMailer.SendInBackground(smtp, loggers.CreateLogger(typeof(PasswordEndpoints)), user.Email, account.Id, user.Id, raw);
        }

        return JsonApiResults.NoContent();
    }
}

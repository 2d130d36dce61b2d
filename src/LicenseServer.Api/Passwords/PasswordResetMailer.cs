using System.Net;
using System.Net.Mail;

namespace LicenseServer.Api.Passwords;

/// <summary>Sends the plain-text password reset e-mail in the background, so the response time does not tell whether the user exists.</summary>
public static partial class PasswordResetMailer
{
    public static void SendInBackground(SmtpOptions smtp, ILogger logger, string to, Guid accountId, Guid userId, string token)
    {
        var body = $$$"""
            Someone asked to reset the password of this account. If it was not you, ignore this e-mail.

            Your password reset token (valid for 24 hours): {{{token}}}

            To choose a new password, send it with the new password to:
            POST /v1/accounts/{{{accountId}}}/users/{{{userId}}}/actions/reset-password
            {"meta":{"passwordResetToken":"{{{token}}}","newPassword":"<new password>"}}
            """;
        _ = Task.Run(async () =>
        {
            try
            {
                using var message = new MailMessage(smtp.From!, to, "Reset your password", body);
                using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
                if (!string.IsNullOrEmpty(smtp.Username))
                {
                    client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
                }

                await client.SendMailAsync(message);
            }
            catch (Exception error) when (error is SmtpException or InvalidOperationException or FormatException)
            {
                LogFailed(logger, error, userId);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The password reset e-mail for user {UserId} could not be sent")]
    private static partial void LogFailed(ILogger logger, Exception error, Guid userId);
}

using System.Text.Json.Nodes;
using LicenseServer.Core.Common;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Users;

public sealed class ResettingPasswords(TestApp app)
{
    private const string NewPassword = "brand-new-Passw0rd";

    [Fact]
    public async Task A_reset_request_answers_204_and_the_event_carries_the_token_whose_digest_alone_is_stored()
    {
        var account = await app.CreateAccountAsync();
        var (id, email) = await app.CreateUserAsync(account);

        var response = await app.Anonymous.PostAsync(account.Path("passwords"), new { meta = new { email = email.ToUpperInvariant(), deliver = false } });

        response.Expect(204);
        Assert.Equal(string.Empty, response.Body);
        var token = await ResetTokenAsync(account);
        Assert.Matches("^[0-9a-f]{48}v3$", token);
        var (secret, user) = await app.QueryAsync(async db => (
            await db.Accounts.Where(a => a.Id == account.Id).Select(a => a.Secret).SingleAsync(),
            await db.Users.SingleAsync(u => u.Id == Guid.Parse(id))));
        Assert.Equal(Secrets.Digest(secret, token), user.PasswordResetTokenDigest);
        Assert.NotNull(user.PasswordResetSentAt);
    }

    [Fact]
    public async Task An_unknown_email_answers_204_too_and_records_nothing()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Anonymous.PostAsync(account.Path("passwords"), new { meta = new { email = "nobody@example.com" } });

        response.Expect(204);
        Assert.Empty(await app.EventNamesAsync(account, "users"));
    }

    [Fact]
    public async Task A_reset_request_without_email_is_a_bad_request()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Anonymous.PostAsync(account.Path("passwords"), new { meta = new { deliver = false } });

        response.ExpectError(400, pointer: "/meta/email");
    }

    [Fact]
    public async Task A_reset_sets_the_password_clears_the_token_and_revokes_every_token()
    {
        var account = await app.CreateAccountAsync();
        var (id, email, oldToken) = await app.CreateUserWithTokenAsync(account);
        var token = await RequestResetAsync(account, email);

        var response = await app.Anonymous.PostAsync(account.Path($"users/{id}/actions/reset-password"),
            new { meta = new { passwordResetToken = token, newPassword = NewPassword } });

        Assert.Equal(id, (string?)response.Expect(200).Data!["id"]);
        (await app.Client(oldToken).GetAsync(account.Path("me"))).ExpectError(401, code: "TOKEN_INVALID");
        (await app.WithAuthorization(ApiClient.Basic(email, TestApp.Password)).PostAsync(account.Path("tokens"))).ExpectError(401, code: "PASSWORD_INVALID");
        await app.LoginAsync(account, email, NewPassword);
        var again = await app.Anonymous.PostAsync(account.Path($"users/{id}/actions/reset-password"),
            new { meta = new { passwordResetToken = token, newPassword = "yet-another-one" } });
        again.ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task A_wrong_token_is_not_found()
    {
        var account = await app.CreateAccountAsync();
        var (id, email) = await app.CreateUserAsync(account);
        await RequestResetAsync(account, email);

        var response = await app.Anonymous.PostAsync(account.Path($"users/{id}/actions/reset-password"),
            new { meta = new { passwordResetToken = "0123456789abcdef0123456789abcdef", newPassword = NewPassword } });

        response.ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task A_token_older_than_24_hours_is_expired()
    {
        var account = await app.CreateAccountAsync();
        var (id, email) = await app.CreateUserAsync(account);
        var token = await RequestResetAsync(account, email);
        await app.QueryAsync(db => db.Users.Where(u => u.Id == Guid.Parse(id))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordResetSentAt, DateTime.UtcNow.AddHours(-25))));

        var response = await app.Anonymous.PostAsync(account.Path($"users/{email}/actions/reset-password"),
            new { meta = new { passwordResetToken = token, newPassword = NewPassword } });

        var error = response.ExpectError(401, pointer: "/meta/passwordResetToken");
        Assert.Equal("is expired", (string?)error["detail"]);
    }

    [Fact]
    public async Task A_passwordless_user_cannot_reset_in_a_protected_account()
    {
        var account = await app.CreateAccountAsync();
        var created = await app.Admin(account).PostAsync(account.Path("users"), UserBuilders.UserBody(new { email = "managed@example.com" }));
        var id = (string)created.Expect(201).Data!["id"]!;
        var token = await RequestResetAsync(account, "managed@example.com");
        await app.ProtectAsync(account);

        var response = await app.Anonymous.PostAsync(account.Path($"users/{id}/actions/reset-password"),
            new { meta = new { passwordResetToken = token, newPassword = NewPassword } });

        response.ExpectError(403);
    }

    [Fact]
    public async Task Updating_ones_own_password_keeps_only_the_current_token()
    {
        var account = await app.CreateAccountAsync();
        var (id, email, other) = await app.CreateUserWithTokenAsync(account);
        var current = await app.LoginAsync(account, email);

        var response = await app.Client(current).PostAsync(account.Path($"users/{id}/actions/update-password"),
            new { meta = new { oldPassword = TestApp.Password, newPassword = NewPassword } });

        response.Expect(200);
        (await app.Client(other).GetAsync(account.Path("me"))).ExpectError(401, code: "TOKEN_INVALID");
        (await app.Client(current).GetAsync(account.Path("me"))).Expect(200);
        await app.LoginAsync(account, email, NewPassword);
    }

    [Fact]
    public async Task A_wrong_old_password_is_not_valid()
    {
        var account = await app.CreateAccountAsync();
        var (id, _, token) = await app.CreateUserWithTokenAsync(account);

        var response = await app.Client(token).PostAsync(account.Path($"users/{id}/actions/update-password"),
            new { meta = new { oldPassword = "definitely-wrong", newPassword = NewPassword } });

        var error = response.ExpectError(401, pointer: "/meta/oldPassword");
        Assert.Equal("is not valid", (string?)error["detail"]);
        Assert.Null(error["code"]);
    }

    [Fact]
    public async Task An_admin_cannot_update_another_users_password()
    {
        var account = await app.CreateAccountAsync();
        var (id, _) = await app.CreateUserAsync(account);

        var response = await app.Admin(account).PostAsync(account.Path($"users/{id}/actions/update-password"),
            new { meta = new { oldPassword = TestApp.Password, newPassword = NewPassword } });

        response.ExpectError(403);
    }

    private async Task<string> RequestResetAsync(TestAccount account, string email)
    {
        (await app.Anonymous.PostAsync(account.Path("passwords"), new { meta = new { email, deliver = false } })).Expect(204);
        return await ResetTokenAsync(account);
    }

    /// <summary>The raw token from the newest <c>user.password-reset</c> event's meta.</summary>
    private Task<string> ResetTokenAsync(TestAccount account) =>
        app.QueryAsync(async db =>
        {
            var meta = await db.Events.Where(e => e.AccountId == account.Id && e.Name == "user.password-reset")
                .OrderByDescending(e => e.Created).Select(e => e.Meta).FirstAsync();
            return (string)JsonNode.Parse(meta!)!["passwordResetToken"]!;
        });
}

using System.Text.Json.Nodes;
using LicenseServer.Core.Common;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.RateLimits;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Users;

/// <summary>
/// TOTP second factors (resources.md §7, behaviour.md §10) and the code they add to password logins (§3, §6.3). The
/// server's clock stands still unless a test moves it, so the codes a test computes are the ones the server expects;
/// a test moves it one 30 s step on whenever it needs a fresh code (a code is accepted only once).
/// </summary>
public sealed class ManagingSecondFactors(ClockedApp clocked) : IClassFixture<ClockedApp>
{
    private TestApp App => clocked.App;

    [Fact]
    public async Task Enrolment_returns_a_provisioning_uri_and_a_secret_for_a_disabled_factor()
    {
        var account = await App.CreateAccountAsync();
        var (id, email, token) = await App.CreateUserWithTokenAsync(account);

        var created = await App.Client(token).PostAsync(account.Path($"users/{id}/second-factors"), PasswordBody());

        created.Expect(201);
        Assert.Equal("second-factors", (string?)created.Data!["type"]);
        Assert.False((bool)created.Data["attributes"]!["enabled"]!);
        var secret = created.Attribute("secret");
        Assert.Matches("^[A-Z2-7]{32}$", secret);
        var uri = new Uri(created.Attribute("uri"));
        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Equal($"Keygen:{email}", Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')));
        Assert.Contains($"secret={secret}", uri.Query);
        Assert.Contains("issuer=Keygen", uri.Query);
        Assert.Contains("image=", uri.Query);
        Assert.Equal(account.Path($"users/{id}/second-factors/{created.Data["id"]}"), (string?)created.Data["links"]!["self"]);
        Assert.Equal(id, (string?)created.Data["relationships"]!["user"]!["data"]!["id"]);
        Assert.Equal(["second-factor.created"], await App.EventNamesAsync(account, "second-factors"));
    }

    [Fact]
    public async Task Enrolment_needs_the_users_password()
    {
        var account = await App.CreateAccountAsync();
        var (id, _, token) = await App.CreateUserWithTokenAsync(account);

        var wrong = await App.Client(token).PostAsync(account.Path($"users/{id}/second-factors"), new { meta = new { password = "not-the-Passw0rd" } });
        var missing = await App.Client(token).PostAsync(account.Path($"users/{id}/second-factors"));

        wrong.ExpectError(401, code: "PASSWORD_INVALID", pointer: "/meta/password");
        missing.ExpectError(401, code: "PASSWORD_INVALID", pointer: "/meta/password");
        Assert.Equal(0, await FactorCountAsync(id));
    }

    [Fact]
    public async Task The_secret_is_stored_encrypted_with_the_server_key()
    {
        var account = await App.CreateAccountAsync();
        var (id, _, token) = await App.CreateUserWithTokenAsync(account);
        var created = (await App.Client(token).PostAsync(account.Path($"users/{id}/second-factors"), PasswordBody())).Expect(201);

        var stored = await App.QueryAsync(db => db.SecondFactors.AsNoTracking().Select(f => new { f.Id, f.StoredSecret })
            .SingleAsync(f => f.Id == Guid.Parse((string)created.Data!["id"]!)));

        Assert.True(ServerKeyRing.IsSealed(stored.StoredSecret));
        Assert.DoesNotContain(created.Attribute("secret"), stored.StoredSecret);
    }

    [Fact]
    public async Task Enabling_takes_a_code_of_the_factor_and_then_logins_need_one()
    {
        var account = await App.CreateAccountAsync();
        var (id, email, token) = await App.CreateUserWithTokenAsync(account);
        var (factor, secret) = await EnrolAsync(account, id, token);

        (await App.Client(token).PatchAsync(FactorPath(account, id, factor), EnableBody(true, Wrong(Code(secret)))))
            .ExpectError(401, code: "OTP_INVALID", pointer: "/meta/otp");
        (await LoginAsync(account, email, otp: null)).Expect(201);

        var enabled = await App.Client(token).PatchAsync(FactorPath(account, id, factor), EnableBody(true, Code(secret)));

        enabled.Expect(200);
        Assert.True((bool)enabled.Data!["attributes"]!["enabled"]!);
        Assert.Null(enabled.Data["attributes"]!["secret"]);
        Assert.Null(enabled.Data["attributes"]!["uri"]);
        NextStep();
        var missing = await LoginAsync(account, email, otp: null);
        missing.ExpectError(401, code: "OTP_REQUIRED", pointer: "/meta/otp");
        Assert.Equal("second factor is required", (string?)missing.FirstError!["detail"]);
        (await LoginAsync(account, email, Wrong(Code(secret)))).ExpectError(401, code: "OTP_INVALID", pointer: "/meta/otp");
        (await LoginAsync(account, email, Code(secret), password: "not-the-Passw0rd")).ExpectError(401, code: "PASSWORD_INVALID");
        NextStep();
        (await LoginAsync(account, email, Code(secret))).Expect(201);
        Assert.Equal(["second-factor.created", "second-factor.enabled"], await App.EventNamesAsync(account, "second-factors"));
    }

    [Fact]
    public async Task The_otp_is_checked_before_the_password()
    {
        var account = await App.CreateAccountAsync();
        var (id, email, token) = await App.CreateUserWithTokenAsync(account);
        await EnableAsync(account, id, token);
        NextStep();

        (await LoginAsync(account, email, otp: null, password: "not-the-Passw0rd")).ExpectError(401, code: "OTP_REQUIRED");
        (await LoginAsync(account, email, otp: "000000", password: "not-the-Passw0rd")).ExpectError(401, code: "OTP_INVALID");
    }

    [Fact]
    public async Task A_code_is_accepted_only_once()
    {
        var account = await App.CreateAccountAsync();
        var (id, email, token) = await App.CreateUserWithTokenAsync(account);
        var secret = await EnableAsync(account, id, token);
        NextStep();
        var code = Code(secret);

        (await LoginAsync(account, email, code)).Expect(201);
        (await LoginAsync(account, email, code)).ExpectError(401, code: "OTP_INVALID");
    }

    [Fact]
    public async Task Disabling_and_deleting_need_a_code_once_enabled_and_then_logins_need_none()
    {
        var account = await App.CreateAccountAsync();
        var (id, email, token) = await App.CreateUserWithTokenAsync(account);
        var (factor, secret) = await EnrolAsync(account, id, token);
        (await App.Client(token).PatchAsync(FactorPath(account, id, factor), EnableBody(true, Code(secret)))).Expect(200);
        NextStep();

        (await App.Client(token).DeleteAsync(FactorPath(account, id, factor))).ExpectError(401, code: "OTP_INVALID", pointer: "/meta/otp");
        (await App.Client(token).PatchAsync(FactorPath(account, id, factor), EnableBody(false, null))).ExpectError(401, code: "OTP_INVALID");
        clocked.Clock.Advance(TimeSpan.FromMinutes(10)); // past the throttle: five changes per ten minutes
        var disabled = await App.Client(token).PatchAsync(FactorPath(account, id, factor), EnableBody(false, Code(secret)));

        Assert.False((bool)disabled.Expect(200).Data!["attributes"]!["enabled"]!);
        Assert.Equal(secret, disabled.Attribute("secret"));
        (await LoginAsync(account, email, otp: null)).Expect(201);
        (await App.Client(token).DeleteAsync(FactorPath(account, id, factor))).Expect(204);
        Assert.Equal(0, await FactorCountAsync(id));
        Assert.Equal(["second-factor.created", "second-factor.enabled", "second-factor.disabled", "second-factor.deleted"],
            await App.EventNamesAsync(account, "second-factors"));
    }

    [Fact]
    public async Task Deleting_an_enabled_factor_with_its_code_lifts_the_login_requirement()
    {
        var account = await App.CreateAccountAsync();
        var (id, email, token) = await App.CreateUserWithTokenAsync(account);
        var (factor, secret) = await EnrolAsync(account, id, token);
        (await App.Client(token).PatchAsync(FactorPath(account, id, factor), EnableBody(true, Code(secret)))).Expect(200);
        NextStep();

        (await App.Client(token).DeleteAsync(FactorPath(account, id, factor), new { meta = new { otp = Code(secret) } })).Expect(204);

        (await LoginAsync(account, email, otp: null)).Expect(201);
    }

    [Fact]
    public async Task Once_enabled_another_factor_is_enrolled_with_a_code_instead_of_the_password()
    {
        var account = await App.CreateAccountAsync();
        var (id, _, token) = await App.CreateUserWithTokenAsync(account);
        var secret = await EnableAsync(account, id, token);
        NextStep();

        (await App.Client(token).PostAsync(account.Path($"users/{id}/second-factors"), PasswordBody()))
            .ExpectError(401, code: "OTP_INVALID", pointer: "/meta/otp");
        (await App.Client(token).PostAsync(account.Path($"users/{id}/second-factors"), new { meta = new { otp = Code(secret) } })).Expect(201);
    }

    [Fact]
    public async Task Factors_are_listed_and_shown_to_their_user_and_to_admins_only()
    {
        var account = await App.CreateAccountAsync();
        var (id, _, token) = await App.CreateUserWithTokenAsync(account);
        var (_, _, otherToken) = await App.CreateUserWithTokenAsync(account);
        var (developerId, _, developerToken) = await App.CreateUserWithTokenAsync(account, "developer");
        var (factor, secret) = await EnrolAsync(account, id, token);

        var list = (await App.Client(token).GetAsync(account.Path($"users/{id}/second-factors"))).Expect(200);
        Assert.Equal(factor, (string?)((JsonArray)list.Data!)[0]!["id"]);
        Assert.Equal(secret, (string?)((JsonArray)list.Data!)[0]!["attributes"]!["secret"]);
        (await App.Admin(account).GetAsync(FactorPath(account, id, factor))).Expect(200);
        (await App.Client(otherToken).GetAsync(FactorPath(account, id, factor))).Expect(404);
        (await App.Client(otherToken).PostAsync(account.Path($"users/{id}/second-factors"), PasswordBody())).Expect(404);
        (await App.Client(developerToken).GetAsync(FactorPath(account, id, factor))).Expect(403);
        (await App.Client(await App.ProductTokenAsync(account)).GetAsync(account.Path($"users/{id}/second-factors"))).Expect(403);
        (await App.Client(token).GetAsync(account.Path($"users/{developerId}/second-factors"))).Expect(404);
        (await App.Admin(account).PatchAsync(FactorPath(account, id, factor), EnableBody(true, Code(secret)))).Expect(200);
    }

    [Fact]
    public async Task A_sixth_second_factor_change_within_ten_minutes_is_refused()
    {
        var account = await App.CreateAccountAsync();
        var (id, _, token) = await App.CreateUserWithTokenAsync(account);
        var now = clocked.Clock.Now;
        clocked.Clock.Now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerHour), TimeSpan.Zero).AddHours(1);
        var user = App.Client(token);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var response = await user.PostAsync(account.Path($"users/{id}/second-factors"), attempt == 1 ? PasswordBody() : new { meta = new { password = "wrong-Passw0rd" } });
            response.Expect(attempt == 1 ? 201 : 401);
            ThrottlingPasswords.AssertLimitHeaders(response, "10m", count: attempt, limit: 5, remaining: 5 - attempt, clocked.Clock.Now.AddMinutes(10));
        }

        (await user.PostAsync(account.Path($"users/{id}/second-factors"), PasswordBody())).ExpectError(429, code: "TOO_MANY_REQUESTS");
        clocked.Clock.Advance(TimeSpan.FromMinutes(10));
        (await user.PostAsync(account.Path($"users/{id}/second-factors"), PasswordBody())).Expect(201);
    }

    private async Task<(string Id, string Secret)> EnrolAsync(TestAccount account, string userId, string token)
    {
        var created = (await App.Client(token).PostAsync(account.Path($"users/{userId}/second-factors"), PasswordBody())).Expect(201);
        return ((string)created.Data!["id"]!, created.Attribute("secret"));
    }

    private async Task<string> EnableAsync(TestAccount account, string userId, string token)
    {
        var (factor, secret) = await EnrolAsync(account, userId, token);
        (await App.Client(token).PatchAsync(FactorPath(account, userId, factor), EnableBody(true, Code(secret)))).Expect(200);
        return secret;
    }

    private Task<ApiResponse> LoginAsync(TestAccount account, string email, string? otp, string password = TestApp.Password) =>
        App.WithAuthorization(ApiClient.Basic(email, password)).PostAsync(account.Path("tokens"), otp is null ? null : new { meta = new { otp } });

    private Task<int> FactorCountAsync(string userId) =>
        App.QueryAsync(db => db.SecondFactors.CountAsync(f => f.UserId == Guid.Parse(userId)));

    private string Code(string secret) => TestTotp.Code(secret, clocked.Clock.Now);

    private static string Wrong(string code) => ((int.Parse(code) + 1) % 1_000_000).ToString("D6");

    /// <summary>Moves the clock to the start of the next 30 s step, so a fresh code is due (the previous one is spent).</summary>
    private void NextStep()
    {
        var seconds = clocked.Clock.Now.ToUnixTimeSeconds();
        clocked.Clock.Now = DateTimeOffset.FromUnixTimeSeconds(seconds - (seconds % 30) + 30);
    }

    private static string FactorPath(TestAccount account, string userId, string factorId) => account.Path($"users/{userId}/second-factors/{factorId}");

    private static object PasswordBody() => new { meta = new { password = TestApp.Password } };

    private static object EnableBody(bool enabled, string? otp) =>
        new { data = new { type = "second-factors", attributes = new { enabled } }, meta = new { otp } };
}

using LicenseServer.Core.Throttling;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Users;

namespace LicenseServer.Tests.RateLimits;

/// <summary>
/// The built-in brute-force throttles (resources.md §1.10): per account + client address + e-mail or user, every attempt
/// counts, and a full bucket refuses even the right password until its window ends. The clock stands still unless a test
/// moves it, and each test first moves it into a fresh window.
/// </summary>
public sealed class ThrottlingPasswords(ClockedApp clocked) : IClassFixture<ClockedApp>
{
    private const string Wrong = "not-the-Passw0rd";

    private TestApp App => clocked.App;

    [Fact]
    public async Task A_sixth_password_login_within_a_minute_is_refused_even_with_the_right_password_until_the_minute_passes()
    {
        var account = await App.CreateAccountAsync();
        NextWindow(TimeSpan.FromHours(1));
        var windowEnd = clocked.Clock.Now + TimeSpan.FromMinutes(1);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var refused = await LoginAsync(App, account, account.AdminEmail, Wrong);
            refused.ExpectError(401, code: "PASSWORD_INVALID");
            AssertLimitHeaders(refused, "1m", count: attempt, limit: 5, remaining: 5 - attempt, windowEnd);
        }

        var throttled = await LoginAsync(App, account, account.AdminEmail, Wrong);
        var error = throttled.ExpectError(429, code: "TOO_MANY_REQUESTS");
        Assert.Equal("Too many requests", (string?)error["title"]);
        AssertLimitHeaders(throttled, "1m", count: 6, limit: 5, remaining: 0, windowEnd);
        Assert.Equal("60", throttled.Header("Retry-After"));

        (await LoginAsync(App, account, account.AdminEmail, account.AdminPassword)).ExpectError(429, code: "TOO_MANY_REQUESTS");
        clocked.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("1", (await LoginAsync(App, account, account.AdminEmail, account.AdminPassword)).Expect(429).Header("Retry-After"));

        clocked.Clock.Advance(TimeSpan.FromSeconds(1));
        (await LoginAsync(App, account, account.AdminEmail, account.AdminPassword)).Expect(201);
    }

    [Fact]
    public async Task Another_email_or_another_client_address_keeps_its_own_count()
    {
        var account = await App.CreateAccountAsync();
        var (_, userEmail) = await App.CreateUserAsync(account);
        NextWindow(TimeSpan.FromHours(1));
        await FillAsync(() => LoginAsync(App, account, account.AdminEmail, Wrong), 5);

        (await LoginAsync(App, account, account.AdminEmail, account.AdminPassword)).Expect(429);
        (await LoginAsync(App, account, userEmail, TestApp.Password)).Expect(201);
        using var elsewhere = LocalClient.From(App.BaseAddress, "127.0.0.2");
        (await new ApiClient(elsewhere, ApiClient.Basic(account.AdminEmail, account.AdminPassword)).PostAsync(account.Path("tokens"))).Expect(201);
    }

    [Fact]
    public async Task Two_nodes_share_one_count()
    {
        var account = await App.CreateAccountAsync();
        await using var second = await App.StartSecondNodeAsync();
        NextWindow(TimeSpan.FromHours(1));

        await FillAsync(() => LoginAsync(App, account, account.AdminEmail, Wrong), 3);
        await FillAsync(() => LoginAsync(second, account, account.AdminEmail, Wrong), 2);

        (await LoginAsync(second, account, account.AdminEmail, account.AdminPassword)).ExpectError(429, code: "TOO_MANY_REQUESTS");
        (await LoginAsync(App, account, account.AdminEmail, account.AdminPassword)).ExpectError(429, code: "TOO_MANY_REQUESTS");
    }

    [Fact]
    public async Task X_Forwarded_For_is_ignored_when_no_proxy_is_trusted()
    {
        var account = await App.CreateAccountAsync();
        NextWindow(TimeSpan.FromHours(1));

        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var response = await App.WithAuthorization(ApiClient.Basic(account.AdminEmail, Wrong)).SendRawAsync(
                HttpMethod.Post, account.Path("tokens"), null, null, headers: new Dictionary<string, string> { ["X-Forwarded-For"] = $"203.0.113.{attempt}" });
            Assert.Equal(attempt <= 5 ? 401 : 429, response.Status);
        }
    }

    [Fact]
    public async Task A_sixth_reset_request_for_one_email_within_an_hour_is_refused()
    {
        var account = await App.CreateAccountAsync();
        var (_, email) = await App.CreateUserAsync(account);
        var (_, other) = await App.CreateUserAsync(account);
        NextWindow(TimeSpan.FromHours(1));

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var accepted = (await RequestResetAsync(account, email)).Expect(204);
            AssertLimitHeaders(accepted, "1h", count: attempt, limit: 5, remaining: 5 - attempt, clocked.Clock.Now + TimeSpan.FromHours(1));
        }

        var throttled = await RequestResetAsync(account, email.ToUpperInvariant());
        throttled.ExpectError(429, code: "TOO_MANY_REQUESTS");
        Assert.Equal("3600", throttled.Header("Retry-After"));
        (await RequestResetAsync(account, other)).Expect(204);
        clocked.Clock.Advance(TimeSpan.FromHours(1));
        (await RequestResetAsync(account, email)).Expect(204);
    }

    [Fact]
    public async Task A_sixth_password_change_within_ten_minutes_is_refused_even_with_the_right_old_password()
    {
        var account = await App.CreateAccountAsync();
        var (id, _, token) = await App.CreateUserWithTokenAsync(account);
        NextWindow(TimeSpan.FromHours(1));
        var user = App.Client(token);
        object Change(string old) => new { meta = new { oldPassword = old, newPassword = "brand-new-Passw0rd" } };

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var refused = await user.PostAsync(account.Path($"users/{id}/actions/update-password"), Change(Wrong));
            refused.Expect(401);
            AssertLimitHeaders(refused, "10m", count: attempt, limit: 5, remaining: 5 - attempt, clocked.Clock.Now + TimeSpan.FromMinutes(10));
        }

        (await user.PostAsync(account.Path($"users/{id}/actions/update-password"), Change(TestApp.Password))).ExpectError(429, code: "TOO_MANY_REQUESTS");
        clocked.Clock.Advance(TimeSpan.FromMinutes(10));
        (await user.PostAsync(account.Path($"users/{id}/actions/update-password"), Change(TestApp.Password))).Expect(200);
    }

    [Fact]
    public async Task Reset_token_guesses_share_the_password_change_count()
    {
        var account = await App.CreateAccountAsync();
        var (id, _, token) = await App.CreateUserWithTokenAsync(account);
        NextWindow(TimeSpan.FromHours(1));
        object Reset(string guess) => new { meta = new { passwordResetToken = guess, newPassword = "brand-new-Passw0rd" } };

        (await App.Client(token).PostAsync(account.Path($"users/{id}/actions/update-password"),
            new { meta = new { oldPassword = Wrong, newPassword = "brand-new-Passw0rd" } })).Expect(401);
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            (await App.Anonymous.PostAsync(account.Path($"users/{id}/actions/reset-password"), Reset($"guess-{attempt}"))).Expect(404);
        }

        var throttled = await App.Anonymous.PostAsync(account.Path($"users/{id}/actions/reset-password"), Reset("guess-6"));
        throttled.ExpectError(429, code: "TOO_MANY_REQUESTS");
        Assert.Equal("0", throttled.Header("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Windows_that_ended_hours_ago_are_pruned_and_recent_ones_kept()
    {
        var now = clocked.Clock.Now;
        var old = (Bucket: ThrottleCounters.Bucket("test", Guid.NewGuid().ToString()), Start: (now - TimeSpan.FromHours(3)).UtcDateTime);
        var recent = (Bucket: ThrottleCounters.Bucket("test", Guid.NewGuid().ToString()), Start: (now - TimeSpan.FromMinutes(10)).UtcDateTime);
        await App.QueryAsync(db => ThrottleCounters.HitAsync(db, old.Bucket, old.Start, CancellationToken.None));
        await App.QueryAsync(db => ThrottleCounters.HitAsync(db, recent.Bucket, recent.Start, CancellationToken.None));

        await App.QueryAsync(db => new ThrottleCounterPruneJob(db, clocked.Clock).RunAsync(CancellationToken.None));

        Assert.Equal(1, await App.QueryAsync(db => ThrottleCounters.HitAsync(db, old.Bucket, old.Start, CancellationToken.None)));
        Assert.Equal(2, await App.QueryAsync(db => ThrottleCounters.HitAsync(db, recent.Bucket, recent.Start, CancellationToken.None)));
    }

    /// <summary>Moves the clock to the start of the next <paramref name="window"/> (every built-in window divides an hour).</summary>
    private void NextWindow(TimeSpan window)
    {
        var now = clocked.Clock.Now;
        clocked.Clock.Now = new DateTimeOffset(now.Ticks - (now.Ticks % window.Ticks), TimeSpan.Zero) + window;
    }

    private static Task<ApiResponse> LoginAsync(TestApp app, TestAccount account, string email, string password) =>
        app.WithAuthorization(ApiClient.Basic(email, password)).PostAsync(account.Path("tokens"));

    private Task<ApiResponse> RequestResetAsync(TestAccount account, string email) =>
        App.Anonymous.PostAsync(account.Path("passwords"), new { meta = new { email, deliver = false } });

    private static async Task FillAsync(Func<Task<ApiResponse>> attempt, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.NotEqual(429, (await attempt()).Status);
        }
    }

    internal static void AssertLimitHeaders(ApiResponse response, string window, int count, int limit, int remaining, DateTimeOffset reset)
    {
        Assert.Equal(window, response.Header("X-RateLimit-Window"));
        Assert.Equal(count.ToString(), response.Header("X-RateLimit-Count"));
        Assert.Equal(limit.ToString(), response.Header("X-RateLimit-Limit"));
        Assert.Equal(remaining.ToString(), response.Header("X-RateLimit-Remaining"));
        Assert.Equal(reset.ToUnixTimeSeconds().ToString(), response.Header("X-RateLimit-Reset"));
    }
}

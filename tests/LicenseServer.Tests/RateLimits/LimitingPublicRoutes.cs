using System.Text.Json;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;

namespace LicenseServer.Tests.RateLimits;

/// <summary>
/// A server with per-address (3 a minute) and per-account (5 a minute) limits, behind a trusted proxy at 127.0.0.1
/// (so the tests' default client forwards addresses, and 127.0.0.2… are clients without a proxy).
/// </summary>
public sealed class LimitedApp : IAsyncLifetime
{
    public TestClock Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartAsync(
        new Dictionary<string, string?>
        {
            ["RateLimits:PerIp:Limit"] = "3",
            ["RateLimits:PerIp:Window"] = "00:01:00",
            ["RateLimits:PerAccount:Limit"] = "5",
            ["RateLimits:PerAccount:Window"] = "00:01:00",
            ["Server:TrustedProxies"] = "127.0.0.1",
        },
        Clock);

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>
/// The operator's limits on the public routes (validation, activation, token generation): off unless configured; when
/// configured, a fixed window per client address and per account, with Keygen's headers and a 429 past the limit.
/// </summary>
public sealed class LimitingPublicRoutes(LimitedApp limited, TestApp unlimited) : IClassFixture<LimitedApp>
{
    private TestApp App => limited.App;

    [Fact]
    public async Task Without_configured_limits_validations_carry_no_rate_limit_headers_and_are_never_refused()
    {
        var account = await unlimited.CreateAccountAsync();
        var key = await LicenseKeyAsync(unlimited, account);

        for (var i = 0; i < 10; i++)
        {
            var response = (await ValidateAsync(unlimited.Anonymous, account, key)).Expect(200);
            Assert.Null(response.Header("X-RateLimit-Limit"));
        }
    }

    [Fact]
    public async Task Validations_past_the_per_address_limit_are_refused_with_the_headers()
    {
        var account = await App.CreateAccountAsync();
        var key = await LicenseKeyAsync(App, account);
        var windowEnd = NextWindow();
        using var http = LocalClient.From(App.BaseAddress, "127.0.0.2");
        var client = new ApiClient(http, null);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var response = (await ValidateAsync(client, account, key)).Expect(200);
            ThrottlingPasswords.AssertLimitHeaders(response, "1m", count: attempt, limit: 3, remaining: 3 - attempt, windowEnd);
        }

        var throttled = await ValidateAsync(client, account, key);
        var error = throttled.ExpectError(429, code: "TOO_MANY_REQUESTS");
        Assert.Equal("Too many requests", (string?)error["title"]);
        ThrottlingPasswords.AssertLimitHeaders(throttled, "1m", count: 4, limit: 3, remaining: 0, windowEnd);
        Assert.Equal("60", throttled.Header("Retry-After"));

        using var other = LocalClient.From(App.BaseAddress, "127.0.0.3");
        (await ValidateAsync(new ApiClient(other, null), account, key)).Expect(200);
        limited.Clock.Advance(TimeSpan.FromMinutes(1));
        (await ValidateAsync(client, account, key)).Expect(200);
    }

    [Fact]
    public async Task The_per_account_limit_counts_every_address()
    {
        var account = await App.CreateAccountAsync();
        var key = await LicenseKeyAsync(App, account);
        NextWindow();

        for (var client = 1; client <= 5; client++)
        {
            (await new ForwardedClient(App, $"198.51.100.{client}").ValidateAsync(account, key)).Expect(200);
        }

        var throttled = await new ForwardedClient(App, "198.51.100.6").ValidateAsync(account, key);
        throttled.ExpectError(429, code: "TOO_MANY_REQUESTS");
        Assert.Equal("5", throttled.Header("X-RateLimit-Limit"));
    }

    [Fact]
    public async Task X_Forwarded_For_names_the_client_only_behind_a_trusted_proxy()
    {
        var account = await App.CreateAccountAsync();
        var key = await LicenseKeyAsync(App, account);
        NextWindow();
        var proxied = new ForwardedClient(App, "192.0.2.7");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            (await proxied.ValidateAsync(account, key)).Expect(200);
        }

        (await proxied.ValidateAsync(account, key)).ExpectError(429, code: "TOO_MANY_REQUESTS");
        (await new ForwardedClient(App, "192.0.2.8").ValidateAsync(account, key)).Expect(200);

        // 127.0.0.4 is no trusted proxy: whatever it forwards, it is the client (in a fresh window: the account's limit is 5).
        NextWindow();
        using var untrusted = LocalClient.From(App.BaseAddress, "127.0.0.4");
        var statuses = new List<int>();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            statuses.Add((await new ForwardedClient(new ApiClient(untrusted, null), $"192.0.2.{20 + attempt}").ValidateAsync(account, key)).Status);
        }

        Assert.Equal([200, 200, 200, 429], statuses);
    }

    [Fact]
    public async Task Machine_activations_and_token_generation_are_limited_too()
    {
        var account = await App.CreateAccountAsync();
        NextWindow();
        var client = new ForwardedClient(App, "192.0.2.50");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var login = await client.SendAsync(account.Path("tokens"), ApiClient.Basic(account.AdminEmail, account.AdminPassword));
            Assert.Equal(201, login.Status);
        }

        var machine = await client.SendAsync(account.Path("machines"), "Bearer " + account.AdminToken);
        machine.ExpectError(429, code: "TOO_MANY_REQUESTS");
    }

    [Fact]
    public async Task Browsers_may_read_the_rate_limit_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/ping");
        request.Headers.Add("Origin", "https://app.example.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using var http = new HttpClient { BaseAddress = App.BaseAddress };
        using var preflight = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal("*", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var get = new HttpRequestMessage(HttpMethod.Get, "/v1/ping");
        get.Headers.Add("Origin", "https://app.example.com");
        using var response = await http.SendAsync(get, TestContext.Current.CancellationToken);
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        foreach (var header in new[] { "X-RateLimit-Window", "X-RateLimit-Count", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "Keygen-Signature" })
        {
            Assert.Contains(header, exposed, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Moves the clock to the start of the next minute (a fresh window for every address) and answers its end.</summary>
    private DateTimeOffset NextWindow()
    {
        var now = limited.Clock.Now;
        limited.Clock.Now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
        return limited.Clock.Now.AddMinutes(1);
    }

    private static async Task<string> LicenseKeyAsync(TestApp app, TestAccount account)
    {
        var policy = await app.CreatePolicyAsync(account);
        return (await app.CreateLicenseAsync(account, policy)).Attribute("key");
    }

    private static Task<ApiResponse> ValidateAsync(ApiClient client, TestAccount account, string key) =>
        client.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key } });

    /// <summary>Requests that say, in X-Forwarded-For, that they come from <paramref name="address"/>.</summary>
    private sealed class ForwardedClient(ApiClient client, string address)
    {
        public ForwardedClient(TestApp app, string address)
            : this(app.Anonymous, address)
        {
        }

        public Task<ApiResponse> ValidateAsync(TestAccount account, string key) =>
            client.SendRawAsync(HttpMethod.Post, account.Path("licenses/actions/validate-key"),
                JsonSerializer.Serialize(new { meta = new { key } }), ApiClient.JsonApi, headers: Forwarded());

        public Task<ApiResponse> SendAsync(string path, string authorization) =>
            client.SendRawAsync(HttpMethod.Post, path, null, null, headers: new Dictionary<string, string>(Forwarded()) { ["Authorization"] = authorization });

        private Dictionary<string, string> Forwarded() => new() { ["X-Forwarded-For"] = address };
    }
}

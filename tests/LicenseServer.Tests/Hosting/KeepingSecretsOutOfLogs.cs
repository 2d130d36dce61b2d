using System.Collections.Concurrent;
using LicenseServer.Api.Hosting;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LicenseServer.Tests.Hosting;

/// <summary>
/// License keys, tokens and passwords never reach a log, at any level: a server that logs everything (Trace, every
/// category: our error handler, ASP.NET Core's request logging, Kestrel, EF Core, Hangfire) is driven through the
/// requests that carry secrets, and every entry's message, structured values, scopes and exception are searched for them.
/// </summary>
public sealed class KeepingSecretsOutOfLogs
{
    [Fact]
    public async Task No_key_token_or_password_a_client_sends_appears_in_any_log_entry()
    {
        var logs = new CapturingLoggerProvider();
        var failing = new FailingClock();
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                // Everything goes to the capturing provider; the console keeps its usual level, so that the suite's
                // output (and a CI log's tail) is not flooded with this server's trace.
                ["Logging:Console:LogLevel:Default"] = "Warning",
            },
            services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                services.AddHttpContextAccessor();
                services.AddSingleton<TimeProvider>(sp => failing.With(sp.GetRequiredService<IHttpContextAccessor>()));
            });
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var policy = await app.CreatePolicyAsync(account);
        var key = "KEY-" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();
        (await app.CreateLicenseAsync(account, policy, new { key })).Expect(201);
        var unknownKey = "NOPE-" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();
        var forgedToken = "user-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "v3";
        var wrongPassword = "Wrong-" + Guid.NewGuid().ToString("N");

        // A license read by its key, and a key that is not there (404, the detail echoes it).
        (await admin.GetAsync(account.Path($"licenses/{key}"))).Expect(200);
        var missing = await admin.GetAsync(account.Path($"licenses/{unknownKey}"));
        missing.ExpectError(404, "NOT_FOUND");
        // Tokens in the query string: a good one and an unknown one (401).
        (await app.Anonymous.GetAsync(account.Path($"licenses?token={account.AdminToken}"))).Expect(200);
        (await app.Anonymous.GetAsync(account.Path($"licenses?auth={forgedToken}"))).Expect(401);
        // validate-key with an unknown key; license-key authentication with an unknown key (401).
        var validation = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key = unknownKey } });
        Assert.Equal("NOT_FOUND", (string?)validation.Expect(200).Json!["meta"]!["code"]);
        (await app.WithAuthorization("License " + unknownKey).GetAsync(account.Path("me"))).Expect(401);
        // A password login with the wrong password (401).
        (await app.WithAuthorization(ApiClient.Basic(account.AdminEmail, wrongPassword)).PostAsync(account.Path("tokens"))).Expect(401);
        // A request that throws, with an exception message quoting the path and query (500).
        failing.FailPath = account.Path($"licenses/{key}");
        (await app.Anonymous.GetAsync(account.Path($"licenses/{key}?token={account.AdminToken}"))).Expect(500);

        var entries = logs.Entries.ToList();
        foreach (var secret in new[] { key, unknownKey, account.AdminToken, forgedToken, wrongPassword, account.AdminPassword })
        {
            var leaks = entries.Where(e => e.Text.Contains(secret, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(leaks.Count == 0, $"a secret is in {leaks.Count} log entries, e.g. {leaks.FirstOrDefault()?.Category}: {leaks.FirstOrDefault()?.Text}");
        }

        // What was searched: the error handler's lines (redacted), request logging, EF Core's commands.
        Assert.Contains(entries, e => e.Text.Contains($"licenses/{LogRedaction.Mask}", StringComparison.Ordinal) && e.Text.Contains("404"));
        Assert.Contains(entries, e => e.Level == LogLevel.Error && e.Text.Contains(FailingClock.Message, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Category.StartsWith("Microsoft.EntityFrameworkCore.Database.Command", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET /v1/accounts/a/licenses/MY-SECRET-KEY/actions/validate", "GET /v1/accounts/a/licenses/[REDACTED]/actions/validate")]
    [InlineData("/v1/accounts/a/licenses/actions/validate-key", "/v1/accounts/a/licenses/actions/validate-key")]
    [InlineData("/v1/accounts/a/licenses/0193a5b2-4c1d-7e00-8000-000000000001", "/v1/accounts/a/licenses/0193a5b2-4c1d-7e00-8000-000000000001")]
    [InlineData("The requested license 'ABC-123' was not found", "The requested license '[REDACTED]' was not found")]
    [InlineData("/v1/me?token=abc&page=2&auth=license:KEY", "/v1/me?token=[REDACTED]&page=2&auth=[REDACTED]")]
    [InlineData("token admin-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefv3 used",
        "token [REDACTED] used")]
    [InlineData("activ-0123456789abcdef0123456789abcdefv3", "[REDACTED]")]
    [InlineData("legacy 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdv1", "legacy [REDACTED]")]
    [InlineData("Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Basic [REDACTED]")]
    [InlineData("Token is expired", "Token is expired")]
    public void The_redactor_masks_secrets_by_their_form_and_place(string text, string redacted) =>
        Assert.Equal(redacted, LogRedaction.Redact(text));

    /// <summary>Collects every entry any logger writes, with its structured values, scopes and exception as text.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;

        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        public sealed record Entry(string Category, LogLevel Level, string Text);

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = new List<string> { formatter(state, exception), state?.ToString() ?? string.Empty };
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    text.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
                }

                provider._scopes?.ForEachScope((scope, all) =>
                {
                    all.Add(scope?.ToString() ?? string.Empty);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> scoped)
                    {
                        all.AddRange(scoped.Select(v => $"{v.Key}={v.Value}"));
                    }
                }, text);
                text.Add(exception?.ToString() ?? string.Empty);
                text.Add(exception?.Message ?? string.Empty);
                provider.Entries.Enqueue(new Entry(category, logLevel, string.Join("\n", text)));
            }
        }
    }

    /// <summary>The system clock, except that it throws once in a request to <see cref="FailPath"/>, quoting the request.</summary>
    private sealed class FailingClock : TimeProvider
    {
        public const string Message = "The clock failed while serving";

        private IHttpContextAccessor? _http;

        public string? FailPath { get; set; }

        public TimeProvider With(IHttpContextAccessor http)
        {
            _http = http;
            return this;
        }

        public override DateTimeOffset GetUtcNow()
        {
            var http = _http?.HttpContext;
            if (FailPath is not null && http is not null && http.Request.Path == FailPath && http.Items.TryAdd(nameof(FailingClock), true))
            {
                throw new InvalidOperationException($"{Message} {http.Request.Path}{http.Request.QueryString} ({http.Request.Headers.Authorization})");
            }

            return base.GetUtcNow();
        }
    }
}

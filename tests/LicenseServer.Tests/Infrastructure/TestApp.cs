using LicenseServer.Core.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>
/// The real server on Kestrel (real HTTP on a loopback port) over its own database, with the real
/// migrations applied. One instance serves the whole assembly; a test that needs other settings
/// starts its own with <see cref="StartAsync(IDictionary{string, string?})"/>.
/// </summary>
public sealed class TestApp : IAsyncLifetime
{
    public const string Password = "Test-Pass-1234";

    /// <summary>The server key (Secrets:Key) of every test server unless a test sets another.</summary>
    public static readonly string ServerKey = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("test server key"u8));

    private readonly Dictionary<string, string?> _settings;
    private WebApplicationFactory<Program>? _factory;
    private TestDatabase? _database;
    private HttpClient? _http;
    private TimeProvider? _clock;
    private string? _sharedConnectionString;
    private Action<IServiceCollection>? _services;

    public TestApp()
        : this(null)
    {
    }

    private TestApp(IDictionary<string, string?>? settings)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Server:AllowSignups"] = "true",
            ["Server:MigrateOnStartup"] = "true",
            ["Server:PasswordWorkFactor"] = "4",
            ["Webhooks:AllowInsecureUrls"] = "true",
            ["Secrets:Key"] = ServerKey,
            ["Jobs:Worker"] = "false",
            ["Distribution:Storage:Local:Path"] = Path.Combine(Path.GetTempPath(), "licenseserver-test-artifacts-" + Guid.NewGuid().ToString("N")),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>A separate server (and database) whose clock is <paramref name="clock"/> (e.g. a <see cref="TestClock"/>).</summary>
    public static async Task<TestApp> StartAsync(IDictionary<string, string?> settings, TimeProvider clock)
    {
        var app = new TestApp(settings) { _clock = clock };
        await app.InitializeAsync();
        return app;
    }

    /// <summary>
    /// A second server process over this server's database (for concurrency across nodes), with some settings
    /// changed if given (e.g. a Hangfire worker); dispose it first.
    /// </summary>
    public async Task<TestApp> StartSecondNodeAsync(IDictionary<string, string?>? changes = null)
    {
        var settings = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var node = new TestApp(settings) { _clock = _clock, _sharedConnectionString = _settings["ConnectionStrings:Default"] };
        await node.InitializeAsync();
        return node;
    }

    /// <summary>A separate server (and database) with some settings changed and services added (e.g. a logger provider).</summary>
    public static async Task<TestApp> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        var app = new TestApp(settings) { _services = services };
        await app.InitializeAsync();
        return app;
    }

    /// <summary>A server over an existing database (e.g. one restored from a dump) that the caller owns and drops.</summary>
    public static async Task<TestApp> StartOnDatabaseAsync(string connectionString, IDictionary<string, string?>? settings = null)
    {
        var app = new TestApp(settings) { _sharedConnectionString = connectionString };
        await app.InitializeAsync();
        return app;
    }

    private HttpClient Http => _http ?? throw new InvalidOperationException("The test app has not started.");

    /// <summary>A separate server (and database) with some settings changed.</summary>
    public static async Task<TestApp> StartAsync(IDictionary<string, string?> settings)
    {
        var app = new TestApp(settings);
        await app.InitializeAsync();
        return app;
    }

    public async ValueTask InitializeAsync()
    {
        if (_sharedConnectionString is null)
        {
            _database = await TestDatabase.CreateAsync();
        }

        _settings["ConnectionStrings:Default"] = _sharedConnectionString ?? _database!.ConnectionString;
        _settings["urls"] = "http://127.0.0.1:0";
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in _settings)
            {
                builder.UseSetting(key, value);
            }

            if (_clock is { } clock)
            {
                builder.ConfigureTestServices(services => services.AddSingleton(clock));
            }

            if (_services is { } configure)
            {
                builder.ConfigureTestServices(configure);
            }
        });
        _factory.UseKestrel(0);
        try
        {
            _factory.StartServer();
        }
        catch
        {
            // A server that fails to start (a test of a start-up check) leaves nothing behind.
            await DisposeAsync();
            throw;
        }

        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_settings["Distribution:Storage:Local:Path"] is { } artifacts && Directory.Exists(artifacts))
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    /// <summary>The connection string of the server's database.</summary>
    public string ConnectionString => _settings["ConnectionStrings:Default"]!;

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress => Http.BaseAddress!;

    public ApiClient Anonymous => new(Http, null);

    public ApiClient Client(string token) => new(Http, "Bearer " + token);

    public ApiClient WithAuthorization(string authorization) => new(Http, authorization);

    /// <summary>Runs code against the server's database, for arranging the past or asserting stored state.</summary>
    public async Task<T> QueryAsync<T>(Func<LicenseServerDb, Task<T>> query)
    {
        await using var scope = _factory!.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LicenseServerDb>());
    }

    public T GetService<T>()
        where T : notnull => _factory!.Services.GetRequiredService<T>();

    /// <summary>Signs up a new account through the API and logs its admin in with HTTP Basic.</summary>
    public Task<TestAccount> CreateAccountAsync(string? slug = null) => CreateAccountAsync(Http, slug);

    /// <summary>Signs up a new account on the server behind <paramref name="http"/> (any server allowing sign-ups).</summary>
    public static async Task<TestAccount> CreateAccountAsync(HttpClient http, string? slug = null)
    {
        var anonymous = new ApiClient(http, null);
        slug ??= "t-" + Guid.NewGuid().ToString("N")[..16];
        var email = $"admin-{Guid.NewGuid():N}@example.com";
        var signup = await anonymous.PostAsync("/v1/accounts", new
        {
            data = new
            {
                type = "accounts",
                attributes = new { name = "Test " + slug, slug },
                relationships = new
                {
                    admins = new { data = new[] { new { type = "users", attributes = new { email, password = Password, firstName = "Ada", lastName = "Admin" } } } },
                },
            },
        });
        signup.Expect(201);
        var accountId = Guid.Parse((string)signup.Data!["id"]!);
        var login = await new ApiClient(http, ApiClient.Basic(email, Password)).PostAsync($"/v1/accounts/{accountId}/tokens");
        login.Expect(201);
        return new TestAccount(
            accountId,
            slug,
            Guid.Parse((string)login.Data!["relationships"]!["bearer"]!["data"]!["id"]!),
            email,
            Password,
            login.Attribute("token"),
            Guid.Parse((string)login.Data!["id"]!));
    }

    /// <summary>A client holding the account's admin token.</summary>
    public ApiClient Admin(TestAccount account) => Client(account.AdminToken);
}

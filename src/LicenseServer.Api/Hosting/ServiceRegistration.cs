using LicenseServer.Api.Artifacts;
using LicenseServer.Api.Configuration;
using LicenseServer.Api.Docs;
using LicenseServer.Api.Jobs;
using LicenseServer.Api.Observability;
using LicenseServer.Api.RateLimits;

namespace LicenseServer.Api.Hosting;

public static class ServiceRegistration
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>
    /// How long a stop (SIGTERM, Ctrl-C) may take: requests in flight finish, then the validation writer flushes its queue
    /// (giving up after 15 s if the database is unreachable) and Hangfire's workers hand back their jobs. A process manager
    /// must wait longer than this before it kills the server (Docker's default grace period is 10 s; compose sets 40 s).
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Settings, the database and the services every request uses.</summary>
    public static void AddLicenseServer(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]))
        {
            builder.WebHost.UseUrls(configuration["LICENSESERVER_URLS"] is { Length: > 0 } urls ? urls : DefaultUrls);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes * 8L;
        });

        var services = builder.Services;
        RedactingLoggerFactory.Register(services);
        services.Configure<ServerOptions>(configuration.GetSection(ServerOptions.Section));
        var server = configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        services.AddSingleton(new Core.Users.PasswordHashing(server.PasswordWorkFactor ?? Core.Users.PasswordHashing.DefaultWorkFactor));
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.Configure<SetupOptions>(configuration.GetSection(SetupOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<PasswordThrottles>();
        services.AddSingleton<PublicRateLimits>();
        services.AddCors(cors => cors.AddDefaultPolicy(CrossOrigin.Policy));
        services.AddSingleton<DatabaseUnavailable>();
        services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        services.AddMemoryCache();
        services.AddSingleton<AccountResolver>();
        services.AddSingleton<Licenses.ValidationRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<Licenses.ValidationRecorder>());
        services.Configure<LogOptions>(configuration.GetSection(LogOptions.Section));
        services.AddSingleton<RequestLogs.RequestLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<RequestLogs.RequestLogWriter>());
        services.AddScoped<Core.Machines.MachineActivator>();
        services.AddScoped<Core.Licenses.LicenseIssuer>();
        services.AddScoped<Core.Licenses.LicenseUsage>();
        services.AddScoped<Core.Licenses.LicenseReassigner>();

        var connectionString = ConnectionStrings.Resolve(configuration);
        services.AddSingleton(_ => ServerKeys.Load(configuration));
        services.Configure<ReplicaOptions>(configuration.GetSection(ReplicaOptions.Section));
        services.AddSingleton<Replicas.RecentWrites>();
        services.AddDatabase(connectionString, configuration.GetConnectionString("Replica"));
        services.AddArtifactStorage(configuration, builder.Environment.ContentRootPath);
        services.AddSingleton<Core.Licenses.LicenseReader>();
        services.AddSingleton<Core.Tokens.TokenReader>();
        services.AddSingleton<Authenticator.Readers>();
        services.AddApiReference(configuration);
        builder.AddJobs(connectionString);
        builder.AddTelemetry();
    }
}

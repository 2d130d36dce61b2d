using Hangfire;
using Hangfire.PostgreSql;
using LicenseServer.Api.Configuration;
using LicenseServer.Api.Webhooks;
using LicenseServer.Core.Data;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.Jobs;

/// <summary>
/// Background work on Hangfire with PostgreSQL storage, inside the server process: webhook deliveries
/// (one job per webhook event, carrying its id) and the recurring jobs of behaviour.md §9.
/// </summary>
public static class JobRegistration
{
    public static void AddJobs(this WebApplicationBuilder builder, string connectionString)
    {
        var services = builder.Services;
        var jobs = builder.Configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        services.Configure<JobOptions>(builder.Configuration.GetSection(JobOptions.Section));
        services.AddHangfire((provider, config) => config
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                options => options.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    EnableLongPolling = true,
                }));
        if (jobs.Worker)
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = Math.Max(1, jobs.WorkerCount);
                options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
        }

        services.AddScoped<IWebhookQueue, HangfireWebhookQueue>();
        services.AddSingleton<WebhookConnector>();
        services.AddHttpClient<WebhookDeliveryJob>(client => client.Timeout = WebhookDeliveryJob.Timeout + TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = WebhookDeliveryJob.Timeout,
                ConnectCallback = provider.GetRequiredService<WebhookConnector>().ConnectAsync,
            });
        services.AddScoped<WebhookSweepJob>();
        services.AddScoped<ExpiredTokenPruneJob>();
        services.AddScoped<Core.Throttling.ThrottleCounterPruneJob>();
        services.AddScoped<WebhookEventVacuumJob>();
        services.AddScoped(sp => new WebhookEventPruneJob(
            sp.GetRequiredService<LicenseServerDb>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RetentionDays));
    }

    /// <summary>The dashboard at <c>/hangfire</c> (admin tokens only) and, on worker nodes, the recurring jobs.</summary>
    public static void UseJobs(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IOptions<JobOptions>>().Value;

        // Resolving the storage prepares its schema now, at start-up, rather than inside the first
        // request that raises an event (where it raced with other first requests).
        _ = app.Services.GetRequiredService<JobStorage>();

        // The job client too: building it first runs Hangfire's static job-filter set-up, which takes a logger from
        // the logger factory of the host started last; later, inside a request, that host may already be disposed
        // (several hosts in one process, as in the tests) and the failure would stick for the process's lifetime.
        _ = app.Services.GetRequiredService<IBackgroundJobClient>();
        if (jobs.Dashboard)
        {
            app.UseHangfireDashboard("/hangfire", new DashboardOptions
            {
                Authorization = [],
                AsyncAuthorization = [new DashboardAuthorization()],
                DisplayStorageConnectionString = false,
                AppPath = null,
            });
        }

        if (jobs.Worker)
        {
            RecurringJobs.Register(app.Services.GetRequiredService<IRecurringJobManager>());
        }
    }
}

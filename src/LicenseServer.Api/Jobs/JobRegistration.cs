using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using LicenseServer.Api.Configuration;
using LicenseServer.Api.Licenses;
using LicenseServer.Api.Machines;
using LicenseServer.Api.Webhooks;
using LicenseServer.Core.EventLogs;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Throttling;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.Jobs;

/// <summary>
/// Background work on Hangfire with PostgreSQL storage, inside the server process: webhook deliveries
/// (one job per webhook event, carrying its id) and the recurring jobs of behaviour.md §9. The one place that
/// registers every job: the job classes live in Core next to their noun; here they get their services (the wire
/// renderers they need come from the API's serializers), their HTTP client and their schedules.
/// </summary>
public static class JobRegistration
{
    /// <summary>Hangfire's storage and, on worker nodes, its server; every job and what it needs.</summary>
    public static void AddJobs(this WebApplicationBuilder builder, string connectionString)
    {
        var services = builder.Services;
        var jobs = builder.Configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        services.Configure<JobOptions>(builder.Configuration.GetSection(JobOptions.Section));
        var storage = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            EnableLongPolling = true,
        };

        // This host's own storage and job activator. AddHangfire would hand out Hangfire's process-wide statics
        // (JobStorage.Current, JobActivator.Current), which the host configured last sets: with several hosts in one
        // process (the tests), a host could queue and run its jobs in another host's database and services.
        services.AddSingleton<JobStorage>(provider =>
        {
            _ = provider.GetRequiredService<IGlobalConfiguration>(); // Hangfire's settings first, as AddHangfire's own registration does
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storage), storage);
        });
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, config) => config
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
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
        services.AddSingleton<WebhookEventDocument>(WebhookEventSerializer.Document);
        services.AddHttpClient<WebhookDeliveryJob>(client => client.Timeout = WebhookDeliveryJob.Timeout + TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = WebhookDeliveryJob.Timeout,
                ConnectCallback = provider.GetRequiredService<WebhookConnector>().ConnectAsync,
            });

        services.AddSingleton<LicensePayload>(LicenseSerializer.Json);
        services.AddSingleton<MachinePayload>(MachineSerializer.Json);
        services.AddSingleton<ProcessPayload>(ProcessSerializer.Json);
        services.AddScoped<WebhookSweepJob>();
        services.AddScoped<ExpiredTokenPruneJob>();
        services.AddScoped<LicenseExpirationsJob>();
        services.AddScoped<CheckInOverdueJob>();
        services.AddScoped<Artifacts.ArtifactUploadSweepJob>();
        services.AddScoped<MachineHeartbeatCullJob>();
        services.AddScoped<ProcessHeartbeatCullJob>();
        services.AddScoped(sp => new WebhookEventPruneJob(
            sp.GetRequiredService<LicenseServerDb>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RetentionDays));
        services.AddScoped<ThrottleCounterPruneJob>();
        services.AddScoped<WebhookEventVacuumJob>();
        services.AddScoped(sp => new LogPruneJob(
            sp.GetRequiredService<LicenseServerDb>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<LogOptions>>().Value.Retention));
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
            Schedule(app.Services.GetRequiredService<IRecurringJobManager>());
        }
    }

    /// <summary>
    /// The recurring jobs (behaviour.md §9), in UTC. Each is idempotent and safe when two nodes run it at once.
    /// The ids are stored in Hangfire's schema: renaming one leaves the old schedule running beside the new.
    /// </summary>
    private static void Schedule(IRecurringJobManager jobs)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<WebhookSweepJob>("webhook-delivery-sweep", job => job.RunAsync(CancellationToken.None), "* * * * *", utc);
        jobs.AddOrUpdate<ExpiredTokenPruneJob>("prune-expired-tokens", job => job.RunAsync(CancellationToken.None), "0 1 * * *", utc);
        jobs.AddOrUpdate<LicenseExpirationsJob>("license-expirations", job => job.RunAsync(CancellationToken.None), "*/10 * * * *", utc);
        jobs.AddOrUpdate<CheckInOverdueJob>("overdue-check-ins", job => job.RunAsync(CancellationToken.None), "*/10 * * * *", utc);
        jobs.AddOrUpdate<Artifacts.ArtifactUploadSweepJob>("artifact-upload-sweep", job => job.RunAsync(CancellationToken.None), "* * * * *", utc);
        jobs.AddOrUpdate<MachineHeartbeatCullJob>("cull-dead-machines", job => job.ExecuteAsync(CancellationToken.None), "*/2 * * * *", utc);
        jobs.AddOrUpdate<ProcessHeartbeatCullJob>("cull-dead-processes", job => job.ExecuteAsync(CancellationToken.None), "*/2 * * * *", utc);
        jobs.AddOrUpdate<WebhookEventPruneJob>("prune-webhook-events", job => job.RunAsync(CancellationToken.None), "0 6 * * *", utc);
        jobs.AddOrUpdate<ThrottleCounterPruneJob>("prune-throttle-counters", job => job.RunAsync(CancellationToken.None), "17 * * * *", utc);
        jobs.AddOrUpdate<WebhookEventVacuumJob>("vacuum-webhook-events", job => job.RunAsync(CancellationToken.None), "0 7 * * *", utc);
        jobs.AddOrUpdate<LogPruneJob>("prune-logs", job => job.RunAsync(CancellationToken.None), "30 5 * * *", utc);
    }
}

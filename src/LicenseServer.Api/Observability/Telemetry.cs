using System.Security.Cryptography;
using System.Text;
using LicenseServer.Api.Configuration;
using LicenseServer.Core.Observability;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LicenseServer.Api.Observability;

/// <summary>
/// Metrics, log format and traces (README "Operations"). Metrics (on unless <c>Metrics:Enabled</c> is false) are
/// OpenTelemetry's: ASP.NET Core's request duration per route template, the runtime's, Npgsql's pool, and the server's own
/// meter (<see cref="ServerMetrics"/>, <see cref="ServerGauges"/>), served for Prometheus at <c>/metrics</c>, behind a
/// bearer token when <c>Metrics:Token</c> is set. <c>Logging:Format=json</c> writes JSON lines with scopes (the request
/// id). Traces (ASP.NET Core, Npgsql, webhook posts) are exported by OTLP only when an OTLP endpoint is configured; without
/// one no tracer is registered at all.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public const string ServiceName = "licenseserver";

    /// <summary>The settings that switch tracing on (OpenTelemetry's own variables, read by its OTLP exporter).</summary>
    public static readonly string[] OtlpEndpointSettings = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.Equals(configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var services = builder.Services;
        services.Configure<MetricsOptions>(configuration.GetSection(MetricsOptions.Section));
        var metrics = (configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions()).Enabled;
        var tracing = TracingEnabled(configuration);
        if (!metrics && !tracing)
        {
            return;
        }

        var service = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : ServiceName;
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(service));
        if (metrics)
        {
            services.AddSingleton<ServerGauges>();
            telemetry.WithMetrics(meters => meters
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(ServerMetrics.MeterName, "Npgsql")
                .AddView(instrument => PerOperation(instrument) ? MetricStreamConfiguration.Drop : null)
                .AddPrometheusExporter());
        }

        if (tracing)
        {
            telemetry.WithTracing(traces => traces
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = http => http.Request.Path != MetricsPath)
                .AddSource("Npgsql", "System.Net.Http")
                .AddOtlpExporter());
        }
    }

    /// <summary>
    /// Instruments recorded once or more per request or per SQL statement that the request duration already covers:
    /// Npgsql's per-statement series (the pool's series stay) and routing's match attempts. Dropped, they are never enabled,
    /// so the hot path does not pay for them.
    /// </summary>
    private static bool PerOperation(System.Diagnostics.Metrics.Instrument instrument) =>
        (instrument.Meter.Name == "Npgsql" && instrument.Name.StartsWith("db.client.operation", StringComparison.Ordinal))
        || instrument.Name == "aspnetcore.routing.match_attempts";

    /// <summary>True when an OTLP endpoint is configured.</summary>
    public static bool TracingEnabled(IConfiguration configuration) =>
        OtlpEndpointSettings.Any(name => !string.IsNullOrWhiteSpace(configuration[name]));

    /// <summary>Serves <c>/metrics</c> (before the JSON:API checks: Prometheus asks for text), behind the token when one is set.</summary>
    public static void UseMetricsEndpoint(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return;
        }

        app.Services.GetRequiredService<ServerGauges>();
        var token = string.IsNullOrEmpty(options.Token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.Token));
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: http => http.Request.Path == MetricsPath,
            path: null,
            configureBranchedPipeline: branch =>
            {
                if (token is not null)
                {
                    branch.Use((http, next) => Authorized(http.Request, token)
                        ? next(http)
                        : throw DomainError.Unauthorized(null, "TOKEN_INVALID"));
                }
            },
            optionsName: null);
    }

    /// <summary>The request's bearer token matches (compared in constant time, as hashes, so its length does not show either).</summary>
    private static bool Authorized(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim())), expected);
    }
}
